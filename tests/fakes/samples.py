"""Synthetic service responses shaped exactly like the real ones, quirks included.

Shapes follow ``reference/external-services.md``: Hugging Face daily items
(``upvotes`` inside ``paper``, ``numComments`` outside, optional keys
absent rather than null, ``user`` vs ``name``, ``\\n`` in summaries, ``Z``
times), arXiv Atom entries and RSS items, Crossref CSL-JSON. The content is
invented; the field names, nesting and formats are the real ones.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

WORDS = (
    "sparse attention diffusion retrieval alignment reasoning multimodal agents scaling "
    "tokenizer distillation benchmark robust efficient contrastive graph protein speech "
    "video planning memory reward preference latent quantized federated causal"
).split()
FIRST = ("Ada", "Alan", "Grace", "Wei", "Yuki", "Amara", "Jonas", "María", "Søren", "Priya", "Olu")
LAST = (
    "Lovelace",
    "Turing",
    "Hopper",
    "Zhang",
    "Tanaka",
    "Okafor",
    "Müller",
    "García",
    "Kierkegaard",
    "Patel",
)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def title_for(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))]
    return f"{' '.join(words).capitalize()}: Study {n}"


def abstract_for(rng: random.Random, n: int, sentences: int = 4) -> str:
    out = []
    for s in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 22))]
        out.append(f"{' '.join(words).capitalize()} in experiment {n}.{s}.")
    return " ".join(out)


def hf_item(
    arxiv_id: str,
    title: str,
    *,
    authors: list[str],
    summary: str,
    upvotes: int,
    num_comments: int = 0,
    published: str = "2025-09-22T17:08:18.000Z",
    daily_at: str = "2025-09-23T03:55:12.777Z",
    submitter: str = "akhaliq",
    ai: bool = True,
    github: str | None = None,
    project: str | None = None,
    organization: str | None = None,
    with_user_key: bool = True,
) -> dict[str, Any]:
    """One ``/api/daily_papers`` element. Optional keys are *absent* unless given."""
    paper: dict[str, Any] = {
        "id": arxiv_id,
        "authors": [
            {"_id": f"a{n:022x}", "name": name, "hidden": False} for n, name in enumerate(authors)
        ],
        "publishedAt": published,
        "submittedOnDailyAt": daily_at,
        "title": title,
        "submittedOnDailyBy": {
            "_id": "65a103d5230f8846b1b99cfa",
            "avatarUrl": "/avatars/0bcba885d6e0ff74e03f42faa5c86783.svg",
            "isPro": False,
            "fullname": submitter.title(),
            ("user" if with_user_key else "name"): submitter,
            "type": "user",
        },
        "summary": summary,
        "upvotes": upvotes,
        "discussionId": "69aa20edc4f6edddcc6c85d2",
    }
    if project:
        paper["projectPage"] = project
    if github:
        paper["githubRepo"] = github
        paper["githubRepoAddedBy"] = "user"
        paper["githubStars"] = 9
    if ai:
        paper["ai_summary"] = f"A short machine summary of {title.lower()}."
        paper["ai_keywords"] = ["Large Multimodal Models", "in-context learning"]
    if organization:
        paper["organization"] = {
            "_id": "647ef9ce45baf21ad707cc59",
            "name": organization,
            "fullname": f"{organization} Lab",
            "avatar": "https://cdn/x.png",
        }
    item: dict[str, Any] = {
        "paper": paper,
        "publishedAt": "2025-09-22T12:08:18.000Z",  # paper.publishedAt shifted to US Eastern
        "title": title,
        "summary": summary,
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png",
        "numComments": num_comments,
        "submittedBy": {
            "_id": "65a103d5230f8846b1b99cfa",
            "avatarUrl": "/avatars/0bcba885d6e0ff74e03f42faa5c86783.svg",
            "fullname": submitter.title(),
            "name": submitter,
            "type": "user",
            "isPro": False,
            "isHf": False,
            "isHfAdmin": False,
            "isMod": False,
            "followerCount": 1,
            "isUserFollowing": False,
        },
        "isAuthorParticipating": False,
    }
    if organization:
        item["organization"] = paper["organization"]
    return item


def hf_day(
    day: date, n: int, *, seed: int = 1, id_prefix: str | None = None
) -> list[dict[str, Any]]:
    """A realistic day: ``n`` items ordered by upvotes, optional keys present on some only."""
    rng = random.Random(seed)
    prefix = id_prefix or f"{day.year % 100:02d}{day.month:02d}"
    items = []
    for i in range(n):
        arxiv_id = f"{prefix}.{10000 + i * 7 + seed % 7:05d}"
        summary = abstract_for(rng, i)
        if i % 3 == 0:  # hard line breaks, as arXiv abstracts have them
            words = summary.split(" ")
            summary = " ".join(words[:8]) + "\n" + " ".join(words[8:])
        items.append(
            hf_item(
                arxiv_id,
                title_for(rng, i),
                authors=[person(rng) for _ in range(rng.randint(1, 6))],
                summary=summary,
                upvotes=rng.randint(0, 300),
                num_comments=rng.randint(0, 5),
                published=f"{(day - timedelta(days=1)).isoformat()}T17:08:18.000Z",
                daily_at=f"{day.isoformat()}T03:55:12.777Z",
                ai=i % 3 != 1,
                github=f"https://github.com/lab{i}/repo{i}" if i % 2 == 0 else None,
                project=f"https://lab{i}.github.io/" if i % 4 == 0 else None,
                organization="MHUGLab" if i % 5 == 0 else None,
                with_user_key=i % 2 == 0,
            )
        )
    items.sort(key=lambda it: -it["paper"]["upvotes"])
    return items


def arxiv_entry(
    arxiv_id: str,
    title: str,
    *,
    version: int = 1,
    authors: list[str],
    summary: str,
    categories: list[str] = ["cs.CL"],  # noqa: B006 - never mutated
    published: str = "2025-09-22T17:08:18Z",
    updated: str | None = None,
    doi: str | None = None,
    journal_ref: str | None = None,
    comment: str | None = None,
) -> str:
    """One Atom ``<entry>`` of the query API, in the element order of 2026 output."""
    vid = f"{arxiv_id}v{version}"
    parts = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{vid}</id>",
        f"    <title>{escape(title)}</title>",
        f"    <updated>{updated or published}</updated>",
        f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf" title="pdf"/>',
        f"    <summary>{escape(summary)}</summary>",
        *(f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in categories),
        f"    <published>{published}</published>",
    ]
    if comment:
        parts.append(f"    <arxiv:comment>{escape(comment)}</arxiv:comment>")
    parts.append(f'    <arxiv:primary_category term="{categories[0]}"/>')
    if journal_ref:
        parts.append(f"    <arxiv:journal_ref>{escape(journal_ref)}</arxiv:journal_ref>")
    for name in authors:
        parts += ["    <author>", f"      <name>{escape(name)}</name>", "    </author>"]
    if doi:
        parts.append(f"    <arxiv:doi>{escape(doi)}</arxiv:doi>")
        parts.append(f'    <link rel="related" href="https://doi.org/{escape(doi)}" title="doi"/>')
    parts.append("  </entry>")
    return "\n".join(parts)


def arxiv_feed(entries: list[str], *, query: str, total: int | None = None) -> str:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>https://arxiv.org/api/zVBoTnqcVpmAn7IBomvZOr/vqEw</id>\n"
        f"  <title>arXiv Query: {escape(query)}</title>\n"
        "  <updated>2026-04-12T22:09:25Z</updated>\n"
        f'  <link href="https://arxiv.org/api/query?{escape(query)}" type="application/atom+xml"/>\n'
        "  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(entries) if total is None else total}</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        + "".join(e + "\n" for e in entries)
        + "</feed>\n"
    )


def arxiv_error_feed(bad_id: str) -> str:
    """HTTP 400's body: a one-entry feed titled ``Error`` (``totalResults`` is 1)."""
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>https://arxiv.org/</id>\n  <title>arXiv Search Results</title>\n"
        "  <updated>2026-04-12T22:59:06Z</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        "  <entry>\n"
        f"    <id>https://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad_id)}</id>\n"
        "    <title>Error</title>\n    <updated>2026-04-12T22:59:06Z</updated>\n"
        f'    <link href="https://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad_id)}" '
        'rel="alternate" type="text/html"/>\n'
        f"    <summary>incorrect id format for {escape(bad_id)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
        "  </entry>\n</feed>\n"
    )


def rss_item(
    arxiv_id: str,
    title: str,
    *,
    version: int = 1,
    authors: list[str],
    abstract: str,
    categories: list[str],
    announce: str = "new",
    pub_date: str = "Tue, 23 Sep 2025 00:00:00 -0400",
    doi: str | None = None,
    journal_ref: str | None = None,
) -> str:
    parts = [
        "<item>",
        f"  <title>{escape(title)}</title>",
        f"  <link>https://arxiv.org/abs/{arxiv_id}</link>",
        f"  <description>arXiv:{arxiv_id}v{version} Announce Type: {announce} \n"
        f"Abstract: {escape(abstract)}</description>",
        f'  <guid isPermaLink="false">oai:arXiv.org:{arxiv_id}v{version}</guid>',
        *(f"  <category>{c}</category>" for c in categories),
        f"  <pubDate>{pub_date}</pubDate>",
        f"  <arxiv:announce_type>{announce}</arxiv:announce_type>",
        "  <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>",
    ]
    if journal_ref:
        parts.append(f"  <arxiv:journal_reference>{escape(journal_ref)}</arxiv:journal_reference>")
    if doi:
        parts.append(f"  <arxiv:DOI>{escape(doi)}</arxiv:DOI>")
    parts.append(f"  <dc:creator>{escape(', '.join(authors))}</dc:creator>")
    parts.append("</item>")
    return "\n".join(parts)


def rss_feed(categories: str, items: list[str], *, pub_date: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'version="2.0">\n<channel>\n'
        f"  <title>{escape(categories)} updates on arXiv.org</title>\n"
        "  <link>http://rss.arxiv.org/rss/</link>\n"
        f"  <description>{escape(categories)} updates on the arXiv.org e-print archive.</description>\n"
        "  <docs>http://www.rssboard.org/rss-specification</docs>\n"
        "  <language>en-us</language>\n"
        f"  <lastBuildDate>{pub_date}</lastBuildDate>\n"
        "  <managingEditor>rss-help@arxiv.org</managingEditor>\n"
        f"  <pubDate>{pub_date}</pubDate>\n"
        "  <skipDays><day>Saturday</day><day>Sunday</day></skipDays>\n"
        + "".join(i + "\n" for i in items)
        + "</channel>\n</rss>\n"
    )


def csl_work(
    doi: str,
    title: str,
    *,
    authors: list[tuple[str, str]],
    year: int,
    month: int | None = None,
    day: int | None = None,
    container: str | list[str] = "Science",
    kind: str = "journal-article",
    abstract: str | None = None,
    subtitle: list[str] | None = None,
) -> dict[str, Any]:
    """Crossref's extended citeproc JSON (lists where CSL wants strings, JATS abstract)."""
    parts = [p for p in (year, month, day) if p is not None]
    work: dict[str, Any] = {
        "indexed": {
            "date-parts": [[2024, 9, 20]],
            "date-time": "2024-09-20T15:45:05Z",
            "timestamp": 1726847105811,
        },
        "publisher": "American Association for the Advancement of Science (AAAS)",
        "issue": "3946",
        "published-print": {"date-parts": [parts]},
        "DOI": doi,
        "type": kind,
        "page": "635-641",
        "source": "Crossref",
        "title": title,
        "volume": "169",
        "author": [
            {
                "given": given,
                "family": family,
                "sequence": "first" if n == 0 else "additional",
                "affiliation": [],
            }
            for n, (given, family) in enumerate(authors)
        ],
        "container-title": container,
        "language": "en",
        "short-title": [],
        "issued": {"date-parts": [parts]},
        "URL": f"http://dx.doi.org/{doi}",
        "ISSN": ["0036-8075", "1095-9203"],
        "published": {"date-parts": [parts]},
    }
    if abstract is not None:
        work["abstract"] = f"<jats:p>{escape(abstract)}</jats:p>"
    if subtitle is not None:
        work["subtitle"] = subtitle
    return work


def big_native_export(path: Path, papers: int = 6000, seed: int = 7) -> Path:
    """A native JSON export over the streaming threshold (8 MB at 6000 papers).

    Words drawn from a few thousand, "model" in most abstracts, a DOI each
    (so a re-import matches every paper), a year and one of seven tags.
    """
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(3000)] + ["model"] * 300
    records = [
        {"title": f"Paper {i} {' '.join(rng.choices(words, k=6))}",
         "abstract": " ".join(rng.choices(words, k=220)),
         "authors": [f"Author {i % 97}"], "year": 2000 + i % 25, "tags": [f"group/{i % 7}"],
         "doi": f"10.5555/big.{i}"}
        for i in range(papers)
    ]
    path.write_text(json.dumps({"format": "readinglist", "version": 1, "papers": records}), "utf-8")
    return path
