"""What a write reports back: one paper's outcome, a whole import's summary.

Front ends show :meth:`ImportReport.summary` and :meth:`ImportReport.details`
as they are, so the wording lives here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readinglist.core.models import PaperId


@dataclass(frozen=True, slots=True)
class AddResult:
    paper_id: PaperId
    outcome: str  # "added" | "updated" | "unchanged"
    duplicate_of: PaperId | None = None
    key_clash: tuple[str, str] | None = None  # (wanted key, key given)


@dataclass
class ImportReport:
    """What an import did, for the message the user sees afterwards."""

    added: list[PaperId] = field(default_factory=list)
    updated: list[PaperId] = field(default_factory=list)
    unchanged: list[PaperId] = field(default_factory=list)
    duplicates: list[tuple[PaperId, PaperId]] = field(default_factory=list)
    key_clashes: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Files read entry by entry (.bib): entries not imported and why, and keys
    # that changed or entries merged into other papers, each as a sentence.
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    verb: str = "added"

    def record(self, result: AddResult) -> None:
        getattr(self, result.outcome).append(result.paper_id)
        if result.duplicate_of is not None:
            self.duplicates.append((result.paper_id, result.duplicate_of))
        if result.key_clash is not None:
            self.key_clashes.append(result.key_clash)

    @property
    def paper_ids(self) -> list[PaperId]:
        return [*self.added, *self.updated, *self.unchanged]

    def summary(self) -> str:
        parts = [f"{len(self.added)} {self.verb}", f"{len(self.updated)} updated"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} already in the library")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} probable duplicates flagged")
        if self.key_clashes:
            n = len(self.key_clashes)
            parts.append(f"{n} citation key{'s' if n != 1 else ''} renamed to avoid clashes")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} not imported (see the list)")
        return ", ".join(parts)

    def details(self) -> list[str]:
        """Everything the user should read after a file import, one line each."""
        lines = [f"not imported: {p}" for p in self.problems]
        lines += self.notices
        lines += [f"key {w!r} was taken; the imported paper is {g!r}" for w, g in self.key_clashes
                  if not any(n.startswith(f"{w} → ") for n in self.notices)]
        return lines
