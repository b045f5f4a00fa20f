"""``readinglist doctor``: check the database and the search index."""

from __future__ import annotations

import argparse

from readinglist.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor",
        help="check the library for problems",
        description="Check the database and the search index and report problems. "
        "Exits with 1 if an error was found.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    findings = service.doctor()
    print(f"Library: {service.dir} ({service.count()} papers)")
    for finding in findings:
        print(f"{finding.level}: {finding.message}")
    errors = [f for f in findings if f.level == "error"]
    if not findings:
        print("No problems found.")
    return 1 if errors else 0
