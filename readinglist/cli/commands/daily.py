"""``readinglist daily``: the day's papers from Hugging Face and arXiv, and adding them.

A day that was fetched before is shown from the cache (past days do not
change much); today's list is fetched again when the cached copy is more
than an hour old. ``--refresh`` always fetches, ``--offline`` never does.

One source failing does not stop the other: its papers are listed (and
added with ``--add all``), the failure is said on stderr and the exit code
is 0. Only when every chosen source fails is it an error (exit code 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

from readinglist.cli.context import Context
from readinglist.core import daily
from readinglist.core.daily import DailyItem, DailyList
from readinglist.core.errors import InvalidInput
from readinglist.core.recommend.results import SORTS, Ranking, band_mark, default_sort, ordered

STALE_TODAY = timedelta(hours=1)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "daily",
        help="show (and add) the day's papers from Hugging Face and arXiv",
        description="Show a day's papers: the Hugging Face Daily Papers list (by upvotes) and "
        "arXiv's new submissions in the categories of the settings. '*' marks papers in the "
        "library, 's' papers you skipped. Added papers are queued to read.",
    )
    p.add_argument(
        "--date",
        default="today",
        metavar="D",
        help="YYYY-MM-DD, 'today' or 'yesterday' (UTC; default: today)",
    )
    p.add_argument("--source", choices=("hf", "arxiv", "all"), default="all")
    p.add_argument("--add", nargs="+", metavar="all|ID", help="add all papers shown, or these ids")
    p.add_argument("--skip", nargs="+", metavar="ID", help="mark these papers as skipped")
    p.add_argument(
        "--tag", action="append", default=[], metavar="T", help="tag added papers (repeatable)"
    )
    fetch = p.add_mutually_exclusive_group()
    fetch.add_argument("--refresh", action="store_true", help="fetch even if the day is cached")
    fetch.add_argument("--offline", action="store_true", help="only use the cache; never fetch")
    p.add_argument(
        "--sort",
        choices=SORTS,
        help="for-you: by a model of your own library, with the reason on each line "
        "(the default once the library has 20 papers); upvotes: Hugging Face upvotes; "
        "list: as the sources list them",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    service = ctx.service
    day = daily.parse_day(args.date)
    sources = daily.SOURCES if args.source == "all" else (args.source,)
    listing = service.daily.cached(day)
    if args.offline:
        if listing is None:
            raise InvalidInput(
                f"the list for {day.isoformat()} was never fetched; run without --offline"
            )
    else:
        wanted = _to_fetch(listing, day, sources, refresh=args.refresh)
        if wanted:
            fetched = service.daily.fetch(day, wanted, progress=ctx.progress("fetching"))
            for note in fetched.notes:
                print(f"readinglist: note: {note}", file=sys.stderr)
            for source, error in fetched.failed.items():
                kept = " (showing the list fetched before)" if source in fetched.fetched else ""
                print(
                    f"readinglist: warning: {daily.failure_note(source, error)}{kept}",
                    file=sys.stderr,
                )
            listing = fetched
    assert listing is not None
    shown = [i for i in listing.items if set(i.sources) & set(sources)]
    if args.skip:
        service.daily.skip(day, args.skip)
    report = None
    if args.add:
        ids = [i.arxiv_id for i in shown] if [a.lower() for a in args.add] == ["all"] else args.add
        report = service.daily.add(day, ids, tags=args.tag)
    if args.skip or args.add:
        listing = service.daily.cached(day)
        assert listing is not None
        shown = [i for i in listing.items if set(i.sources) & set(sources)]
    ranking = service.daily.rank(shown)
    sort = args.sort or default_sort(ranking)
    shown = ordered(shown, sort, ranking)
    if args.json:
        data = {
            "day": day.isoformat(),
            "fetched": listing.fetched,
            "notes": list(listing.notes),
            "failed": dict(listing.failed),
            "sort": sort,
            "items": [_item_json(i, ranking) for i in shown],
            "muted": ranking.muted,
        }
        if report is not None:
            data["added"] = {
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "skipped": report.skipped,
            }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    _print_list(listing, shown, ranking if sort == "for-you" else None)
    if ranking.muted:
        print(f"({len(ranking.muted)} muted by your rules: "
              + "; ".join(sorted(set(ranking.muted.values()))[:5]) + ")")
    if args.sort is None and sort == "upvotes":
        print(f"(by upvotes: \"for you\" starts once your library has 20 papers; "
              f"it has {ranking.positives})", file=sys.stderr)
    if report is not None:
        print(f"Added: {report.summary()}.")
        for line in report.skipped:
            print(f"  skipped {line}", file=sys.stderr)
    return 0


def _to_fetch(
    listing: DailyList | None, day: date, sources: tuple[str, ...], *, refresh: bool
) -> tuple[str, ...]:
    if listing is None or refresh:
        return sources
    missing = tuple(s for s in sources if s not in listing.fetched)
    if day == daily.today_utc():
        stale = [
            s for s in sources if s in listing.fetched and _age(listing.fetched[s]) > STALE_TODAY
        ]
        if stale:
            return sources
    return missing


def _age(stamp: str) -> timedelta:
    try:
        when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return timedelta.max
    return datetime.now(UTC) - when


def _item_json(item: DailyItem, ranking: Ranking) -> dict:
    data = asdict(item)
    ranked = ranking.by_id.get(item.arxiv_id)
    data["score"] = round(ranked.score, 4) if ranked else None
    data["band"] = ranked.band if ranked else None
    data["why"] = ranked.why.to_json() if ranked else None
    return data


def _print_list(listing: DailyList, shown: list[DailyItem], ranking: Ranking | None) -> None:
    counts = ", ".join(
        f"{daily.SOURCE_NAMES[s]} {sum(s in i.sources for i in shown)}"
        for s in daily.SOURCES
        if s in listing.fetched
    )
    print(f"{listing.day.isoformat()}: {len(shown)} papers ({counts or 'nothing fetched'})")
    if not shown:
        print("  nothing listed (weekends and holidays are empty)")
        return
    for item in shown:
        mark = "*" if item.paper_id is not None else "s" if item.state == "skipped" else " "
        upvotes = f"{item.upvotes:>4}" if item.upvotes is not None else "   -"
        kind = (
            f"  [{item.announce_type}]"
            if item.announce_type and item.announce_type != "new"
            else ""
        )
        ranked = ranking.by_id.get(item.arxiv_id) if ranking else None
        band = f"{band_mark(ranked.band)} " if ranked else ""
        print(f"{band}{upvotes} {mark} {item.arxiv_id:<16} {item.title}{kind}")
        if ranked and ranked.why.text():
            print(f"{'':>{len(band) + 7}}{'':16} why: {ranked.why.text()}")
    legend = "●●● strong … ○○○ weak match for you; " if ranking else ""
    print(f"({legend}upvotes on Hugging Face; * in the library, s skipped)")
