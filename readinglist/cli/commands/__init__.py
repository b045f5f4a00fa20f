"""The CLI's subcommands, one module each, in the order ``--help`` lists them."""

from readinglist.cli.commands import (
    backup,
    doctor,
    export,
    gui,
    import_,
    key,
    listing,
    note,
    reindex,
    search,
    show,
    status,
    tag,
    tags,
)

COMMANDS = (
    gui,
    import_,
    listing,
    search,
    show,
    tag,
    tags,
    note,
    status,
    key,
    export,
    reindex,
    doctor,
    backup,
)
