"""Entry point of the frozen build: the ``readinglist`` command, which opens
the app when given no command (as the installed command does)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # Whoosh's parallel indexing starts worker processes
    from readinglist.cli.main import main

    sys.exit(main())
