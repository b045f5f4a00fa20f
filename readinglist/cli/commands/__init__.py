"""The CLI's subcommands, one module each, in the order ``--help`` lists them."""

from readinglist.cli.commands import (
    add,
    backup,
    daily,
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
    add,
    import_,
    daily,
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
