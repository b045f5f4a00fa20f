"""``readinglist config``: settings the CLI can change (the automatic export)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from readinglist.cli.context import Context
from readinglist.core.exporters import EXPORT_FORMATS
from readinglist.core.settings import load_settings, save_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "config",
        help="show or change settings (automatic export)",
        description="Show the library's settings, or set the automatic export.",
    )
    what = p.add_subparsers(dest="setting", metavar="SETTING")
    auto = what.add_parser(
        "auto-export",
        help="keep a .bib (or other export) file up to date",
        description="After every change, rewrite PATH (atomically) with the papers matching "
        "--query (default: all). With no PATH, show the current setting.",
    )
    auto.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="file to keep up to date (relative paths are inside the library folder)",
    )
    auto.add_argument(
        "--query", default=None, help="only papers matching this query, e.g. tag:thesis"
    )
    auto.add_argument(
        "--format", choices=EXPORT_FORMATS, default=None, help="export format (default: bibtex)"
    )
    auto.add_argument("--off", action="store_true", help="stop the automatic export")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.setting != "auto-export":
        settings = load_settings(ctx.library_dir, apply_env=False)
        for name, value in dataclasses.asdict(settings).items():
            print(f"{name} = {value!r}")
        return 0
    settings = load_settings(ctx.library_dir, apply_env=False)
    if args.off:
        save_settings(ctx.library_dir, dataclasses.replace(settings, auto_export_path=""))
        print("Automatic export is off.")
        return 0
    if args.path is None and args.query is None and args.format is None:
        _show(settings.auto_export_path, settings.auto_export_query, settings.auto_export_format)
        return 0
    service = ctx.service
    query = settings.auto_export_query if args.query is None else args.query
    service.validate_query(query)
    path = args.path or settings.auto_export_path
    if not path:
        print("readinglist: give the file to keep up to date (PATH)", file=sys.stderr)
        return 1
    if args.path:
        path = str(Path(args.path).expanduser().absolute())
    new = dataclasses.replace(
        settings,
        auto_export_path=path,
        auto_export_query=query,
        auto_export_format=args.format or settings.auto_export_format,
    )
    save_settings(ctx.library_dir, new)
    written = service.exports.auto_export_now()
    _show(new.auto_export_path, new.auto_export_query, new.auto_export_format)
    print(f"Wrote {written}.")
    return 0


def _show(path: str, query: str, fmt: str) -> None:
    if not path:
        print("Automatic export is off. Turn it on with: readinglist config auto-export FILE.bib")
        return
    scope = f"papers matching {query!r}" if query.strip() else "all papers"
    print(f"Automatic export: {scope} as {fmt} to {path}")
