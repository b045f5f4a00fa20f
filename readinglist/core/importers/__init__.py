"""Importers: one module per source or file format; the table is in :mod:`.registry`."""

from readinglist.core.importers.registry import (
    IMPORT_TABLE,
    ImportFormat,
    Parsed,
    detect,
    file_filters,
    import_format,
)

__all__ = ["IMPORT_TABLE", "ImportFormat", "Parsed", "detect", "file_filters", "import_format"]
