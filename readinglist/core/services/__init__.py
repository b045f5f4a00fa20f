"""The focused services :class:`~readinglist.core.library.LibraryService` owns.

Each holds one part of the product (papers, tags, imports, exports, the Daily
lists …) and reaches the shared state only through a
:class:`~readinglist.core.services.context.LibraryContext`, never through the
facade, so the services import neither the facade nor each other's owner.
"""
