"""Importers: one module per source or file format; the table is in :mod:`.registry`."""

from readinglist.core.importers.registry import (
    IMPORT_TABLE,
    ImportFormat,
    Parsed,
    detect,
    file_filters,
    import_format,
    nothing_imported,
)

__all__ = ["IMPORT_TABLE", "ImportFormat", "Parsed", "detect", "file_filters", "import_format",
           "nothing_imported"]
