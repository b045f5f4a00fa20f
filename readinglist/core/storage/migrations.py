"""The database schema, created and upgraded by numbered steps.

Each step runs once, in its own transaction (sqlite-utils ``Migrations``);
a new column or table is a new step at the end, never an edit to an old one,
so every user's database reaches the same schema by the same path.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("readinglist")

STATUSES = ("inbox", "queued", "reading", "read", "skipped")


def _run(db: Database, script: str) -> None:
    """Run DDL statement by statement.

    ``executescript`` would COMMIT the migration's transaction first and so
    break its all-or-nothing promise.
    """
    for statement in script.split(";\n"):
        statement = "\n".join(
            line for line in statement.splitlines() if not line.strip().startswith("--")
        ).strip()
        if statement:
            db.execute(statement)


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    _run(
        db,
        f"""
        CREATE TABLE papers (
            id INTEGER PRIMARY KEY,
            citekey TEXT NOT NULL COLLATE NOCASE UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            abstract TEXT NOT NULL DEFAULT '',
            year INTEGER,
            date TEXT NOT NULL DEFAULT '',
            arxiv_id TEXT UNIQUE,
            arxiv_version INTEGER,
            doi TEXT COLLATE NOCASE UNIQUE,
            venue TEXT NOT NULL DEFAULT '',
            entry_type TEXT NOT NULL DEFAULT '',
            volume TEXT NOT NULL DEFAULT '',
            number TEXT NOT NULL DEFAULT '',
            pages TEXT NOT NULL DEFAULT '',
            publisher TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            pdf_url TEXT NOT NULL DEFAULT '',
            code_url TEXT NOT NULL DEFAULT '',
            project_url TEXT NOT NULL DEFAULT '',
            primary_category TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '[]',
            sources TEXT NOT NULL DEFAULT '[]',
            extra TEXT NOT NULL DEFAULT '{{}}',
            added TEXT NOT NULL,
            modified TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'inbox' CHECK (status IN ({statuses})),
            rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
            first_author TEXT NOT NULL DEFAULT '',
            title_key TEXT NOT NULL DEFAULT '',
            duplicate_of INTEGER REFERENCES papers(id) ON DELETE SET NULL
        );
        CREATE INDEX papers_status ON papers(status);
        CREATE INDEX papers_added ON papers(added);
        CREATE INDEX papers_year ON papers(year);
        CREATE INDEX papers_title_key ON papers(title_key);
        CREATE INDEX papers_duplicate_of ON papers(duplicate_of);

        CREATE TABLE authors (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            family TEXT NOT NULL DEFAULT '',
            given TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (paper_id, position)
        ) WITHOUT ROWID;

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            color TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE paper_tags (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (paper_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX paper_tags_tag ON paper_tags(tag_id, paper_id);

        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            body TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX notes_paper ON notes(paper_id);

        CREATE TABLE saved_searches (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            query TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0
        );

        -- Papers whose search documents are stale; drained by the index writer.
        CREATE TABLE index_outbox (
            paper_id INTEGER PRIMARY KEY,
            seq INTEGER NOT NULL
        );

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta (key, value) VALUES ('change_seq', '0');
        """
    )


@MIGRATIONS()
def sort_indexes(db: Database) -> None:
    """Header-click sorts and the status views, read straight off an index."""
    _run(
        db,
        """
        CREATE INDEX papers_title_sort ON papers(title COLLATE NOCASE);
        CREATE INDEX papers_author_sort ON papers(first_author COLLATE NOCASE);
        CREATE INDEX papers_status_added ON papers(status, added)
        """,
    )


@MIGRATIONS()
def m002_daily_cache(db: Database) -> None:
    """Fetched daily lists, one row per day and source, and what the user did with them."""
    _run(
        db,
        """
        -- The items a source listed for a day, as JSON, so past days browse offline.
        CREATE TABLE daily_cache (
            day TEXT NOT NULL,
            source TEXT NOT NULL,
            fetched TEXT NOT NULL,
            items TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (day, source)
        ) WITHOUT ROWID;

        -- Triage is per paper, not per day: a paper skipped once stays skipped.
        CREATE TABLE daily_triage (
            arxiv_id TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('added', 'skipped')),
            day TEXT NOT NULL DEFAULT '',
            changed TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


@MIGRATIONS()
def m003_undo_journal(db: Database) -> None:
    """The undo journal and the trash (core/undo.py): what each change takes back."""
    _run(
        db,
        """
        -- One undoable change: its label ("Delete 3 papers") and its inverse as JSON
        -- steps, written in the same transaction as the change itself.
        CREATE TABLE undo_journal (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            label TEXT NOT NULL,
            created TEXT NOT NULL,
            steps TEXT NOT NULL
        );
        CREATE INDEX undo_journal_origin ON undo_journal(origin, id);

        -- Deleted papers with everything the user gave them (tags, notes, key,
        -- status, rating), restorable by undo or from the trash.
        CREATE TABLE trash (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL,
            deleted TEXT NOT NULL,
            citekey TEXT NOT NULL,
            title TEXT NOT NULL,
            snapshot TEXT NOT NULL
        );
        CREATE INDEX trash_deleted ON trash(deleted)
        """
    )
