"""``readinglist edit KEY --title T --authors "A; B" …``: fix a paper's metadata.

The fields edited become the user's: importing the same paper again (Daily,
a .bib file, ``add --resolve``) keeps them.
"""

from __future__ import annotations

import argparse

from readinglist.cli.commands.show import KEY_HELP
from readinglist.cli.context import Context
from readinglist.cli.output import paper_detail, paper_json, print_json
from readinglist.core.edits import EDITABLE, parse_assignments
from readinglist.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "edit",
        help="edit a paper's title, authors, year, venue, ids …",
        description="Change a paper's metadata. Edited fields are yours: a later import of "
        "the same paper does not overwrite them. An empty value clears a field "
        f"(not the title). Fields for --field: {', '.join(EDITABLE)}.",
    )
    p.add_argument("key", metavar="KEY", help=KEY_HELP)
    p.add_argument("--title", metavar="T")
    p.add_argument("--authors", metavar="'A; B'", help="authors separated by ';'")
    p.add_argument("--year", metavar="Y")
    p.add_argument("--venue", metavar="V")
    p.add_argument("--doi", metavar="D")
    p.add_argument("--arxiv", metavar="ID", help="arXiv id")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                   help="any other field, e.g. --field pages=1-10 (repeatable)")
    p.add_argument("--json", action="store_true", help="print the paper as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    values: dict[str, str | None] = {
        "title": args.title, "authors": args.authors, "year": args.year,
        "venue": args.venue, "doi": args.doi, "arxiv_id": args.arxiv,
    }
    for name, value in parse_assignments(args.field).items():
        if name == "arxiv":
            name = "arxiv_id"
        if values.get(name) is not None:
            raise InvalidInput(f"{name} is given twice")
        values[name] = value
    if all(v is None for v in values.values()):
        raise InvalidInput("nothing to change: give --title, --authors, --year, --venue, "
                           "--doi, --arxiv or --field NAME=VALUE")
    paper = ctx.service.papers.resolve(args.key)
    edited = ctx.service.papers.edit(paper.id, values)
    if args.json:
        print_json(paper_json(edited))
    else:
        print(paper_detail(edited))
    return 0
