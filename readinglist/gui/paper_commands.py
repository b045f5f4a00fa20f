"""What the menus, toolbar and context menus do: each a few lines over the service.

Anything that can take long (network, imports, exports, reindexing) runs in
a worker with progress and cancel in the status bar; quick single-paper
edits run directly. User errors become a non-modal message; anything else is
a bug and reaches the error dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QColorDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from readinglist.core import importers
from readinglist.core.errors import UserError
from readinglist.core.identifiers import parse_arxiv_id, parse_doi
from readinglist.core.library import LibraryService
from readinglist.core.services.reports import ImportReport
from readinglist.core.links import is_web_url
from readinglist.core.models import ReadStatus
from readinglist.core.settings import load_settings
from readinglist.gui import resources, state
from readinglist.gui.dialogs.add_dialog import AddDialog
from readinglist.gui.dialogs.error_dialog import ErrorDialog
from readinglist.gui.dialogs.import_report_dialog import ImportReportDialog
from readinglist.gui.dialogs.export_dialog import ExportDialog
from readinglist.gui.dialogs.paste_dialog import PasteDialog
from readinglist.gui.dialogs.saved_search_dialog import SavedSearchDialog
from readinglist.gui.dialogs.trash_dialog import TrashDialog
from readinglist.gui.dialogs.settings_dialog import SettingsDialog
from readinglist.gui.index_rebuild import IndexRebuilder
from readinglist.gui.browser import no_browser, open_url
from readinglist.gui.dialogs.duplicates_dialog import DuplicatesDialog
from readinglist.gui.dialogs.edit_paper_dialog import EditPaperDialog
from readinglist.gui.messages import MessageBar
from readinglist.gui.state import UiState
from readinglist.gui.views import Destination, View
from readinglist.gui.workers import FunctionWorker, TaskRunner

if TYPE_CHECKING:
    from readinglist.gui.bridge import LibraryBridge
    from readinglist.gui.shell import CommandHost

DEMO_FILE = "demo_library.json"
BULK_IN_WORKER = 200  # more papers than this: change them in a worker, with progress


class PaperCommands(QObject):
    """Signals:
        navigate(object): send the user to a :class:`Destination` (the window shows it).
        index_ready(): a rebuilt index is in use (a text search shown may run again).
    """

    navigate = Signal(object)
    index_ready = Signal()

    def __init__(self, host: CommandHost, service: LibraryService, runner: TaskRunner,
                 messages: MessageBar, *, bridge: LibraryBridge, ui_state: UiState,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.dialog_parent = parent  # dialogs open over the window
        self.service = service
        self.runner = runner
        self.messages = messages
        self.bridge = bridge
        self.ui_state = ui_state
        self._dialogs: list[object] = []
        self.rebuilder = IndexRebuilder(service, self)
        self._rebuild_token: object = None
        self._rebuild_attempts = 0
        self.rebuilder.progress.connect(host.set_progress)
        self.rebuilder.finished.connect(self._on_rebuilt)

    # ---- running long tasks -----------------------------------------------------------

    def run_task(self, label: str, fn: Callable[..., Any], *args: Any,
                 on_result: Callable[[Any], None] | None = None, index: bool = False,
                 **kwargs: Any) -> FunctionWorker:
        """Run ``fn(*args, progress=, cancel=)`` in a worker, with progress and Cancel."""
        worker = FunctionWorker(fn, *args, with_progress=True, **kwargs)
        token = self.host.begin_progress(label, worker.cancel.cancel)
        worker.signals.progress.connect(self.host.set_progress)
        if on_result is not None:
            worker.signals.result.connect(on_result)
        worker.signals.failed.connect(self.report_failure)
        worker.signals.finished.connect(lambda: self.host.end_progress(token))
        self.runner.start(worker, index=index)
        return worker

    @Slot(object, str)
    def report_failure(self, exc: object, details: str = "") -> None:
        from readinglist.core.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.messages.info(f"{str(exc).capitalize()}; nothing was changed.")
        elif isinstance(exc, UserError) and "\n" in str(exc):
            # "nothing was imported", with one line per entry: a list to read and copy.
            first, _, rest = str(exc).partition("\n")
            self.messages.error(first)
            dialog = ImportReportDialog(first, [line.strip() for line in rest.splitlines()],
                                        self.dialog_parent)
            self._dialogs.append(dialog)
            dialog.show()
        elif isinstance(exc, UserError):
            self.messages.error(str(exc))
        else:
            dialog = ErrorDialog(str(exc), details or repr(exc), self.dialog_parent)
            self._dialogs.append(dialog)
            dialog.show()

    def _report_import(self, report: ImportReport, done: str = "Import finished") -> None:
        text = f"{done}: {report.summary()}."
        details = report.details()
        if report.problems or report.notices:
            dialog = ImportReportDialog(text, details, self.dialog_parent)
            self._dialogs.append(dialog)
            dialog.show()
        if report.key_clashes:
            wanted, given = report.key_clashes[0]
            text += f" (e.g. key {wanted} was taken, so the paper got {given})"
        if report.skipped:
            text += " Skipped: " + "; ".join(report.skipped[:3])
        self.messages.info(text)

    # ---- index -------------------------------------------------------------------------

    def check_index(self) -> None:
        """At start: does the index agree with the database? If not, rebuild it."""
        existed = self.service.indexing.exists()
        worker = FunctionWorker(self.service.indexing.check)
        worker.signals.result.connect(lambda problem: self._on_index_checked(problem, existed))
        worker.signals.failed.connect(self.report_failure)
        self.runner.start(worker, index=True)

    def _on_index_checked(self, problem: str | None, existed: bool) -> None:
        if problem is None:
            # What the first search would decode (paper ids per segment: 20 ms
            # at 100k papers), done now rather than on the first keystroke.
            warm = FunctionWorker(self.service.finder.warm)
            warm.signals.failed.connect(lambda *_: None)  # the search will say it, if anything
            self.runner.start(warm)
            return
        if existed:
            self.messages.info(f"Rebuilding the search index ({problem}). Lists by status, "
                               "tag and year work meanwhile.")
        self.reindex()

    def backup_if_due(self) -> None:
        """A daily backup of the database, taken in the background at start."""
        worker = FunctionWorker(self.service.health.backup_if_due)
        worker.signals.result.connect(
            lambda path: path and self.host.show_status(f"Backed up to {path}", 5000))
        worker.signals.failed.connect(
            lambda exc, _tb: self.messages.error(f"The daily backup failed: {exc}"))
        self.runner.start(worker)

    @Slot()
    def rebuild_if_needed(self) -> None:
        """A search found the index unusable: rebuild it unless that is under way."""
        if not self.rebuilder.running and self.service.indexing.problem is not None:
            self.reindex()

    @Slot()
    def reindex(self, pending_only: bool = False) -> None:
        """Rebuild (or index a large backlog) in a child process, with progress."""
        if self.rebuilder.running:
            return
        self._rebuild_token = self.host.begin_progress("Indexing", self.rebuilder.cancel)
        self.bridge.pause_index()  # edits wait in the outbox for the new index
        self.rebuilder.start(pending_only=pending_only)

    @Slot(int)
    def index_backlog(self, _pending: int) -> None:
        self.reindex(pending_only=True)

    @Slot(bool, str)
    def _on_rebuilt(self, ok: bool, message: str) -> None:
        self.host.end_progress(self._rebuild_token)
        self.bridge.resume_index()
        if not ok:
            self.messages.error(message)
            return
        worker = FunctionWorker(self.service.indexing.check)  # picks up the new index
        worker.signals.result.connect(self._on_rechecked)
        self.runner.start(worker, index=True)

    def _on_rechecked(self, problem: str | None) -> None:
        if problem is None:
            self._rebuild_attempts = 0
            self.index_ready.emit()
        elif self._rebuild_attempts < 2:
            self._rebuild_attempts += 1
            self.reindex()  # e.g. another process changed papers during the rebuild
        else:
            self.messages.error(f"The search index is still not right ({problem}); "
                                "try Tools > Rebuild search index.")

    # ---- bringing papers in ------------------------------------------------------------------

    @Slot()
    def add_identifiers(self, text: str = "") -> None:
        dialog = AddDialog(self.dialog_parent, text)
        if not dialog.exec() or not dialog.identifiers():
            return
        self.run_task("Adding", self.service.imports.identifiers, dialog.identifiers(),
                      on_result=lambda report: self._report_import(report, "Added"))

    @Slot()
    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.dialog_parent, "Import papers", str(Path.home()), ";;".join(importers.file_filters()))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        # Read in the worker: a library export can be hundreds of MB.
        self.run_task(f"Importing {path.name}", self.service.imports.file, path,
                      on_result=self._report_import)

    @Slot()
    def paste(self) -> None:
        dialog = PasteDialog(self.dialog_parent)
        if dialog.exec() and dialog.text().strip():
            self.run_task("Importing pasted text", self.service.imports.text, dialog.text(),
                          on_result=self._report_import)

    @Slot()
    def load_demo(self) -> None:
        text = resources.path(DEMO_FILE).read_text("utf-8")
        self.run_task("Loading the demo library", self.service.imports.text, text,
                      on_result=self._report_import)

    def drop(self, mime: QMimeData) -> None:
        """Dropped .bib/.json files are imported; dropped arXiv/DOI links are added."""
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        for path in files:
            self.import_path(path)
        if files:
            return
        texts = [u.toString() for u in mime.urls()] or mime.text().split()
        ids = [t for t in texts if parse_arxiv_id(t) or parse_doi(t, allow_arxiv=True)]
        if ids:
            self.run_task("Adding", self.service.imports.identifiers, ids,
                          on_result=self._report_import)
        elif mime.hasText():
            self.run_task("Importing dropped text", self.service.imports.text, mime.text(),
                          on_result=self._report_import)

    # ---- sending papers out --------------------------------------------------------------

    @Slot()
    def export(self) -> None:
        host = self.host
        last_dir = self.ui_state.text(state.EXPORT_DIR, "")
        dialog = ExportDialog(total=self.service.papers.count(), selected=len(host.selected_ids()),
                              listed=len(host.listed_ids()), tags=self.service.tags.names(),
                              start_dir=last_dir if last_dir and Path(last_dir).is_dir() else "",
                              parent=self.dialog_parent)
        if not dialog.exec():
            return
        request = dialog.request()
        self.ui_state.set_text(state.EXPORT_DIR, str(request.path.parent))  # suggested next time
        ids: list[int] | None
        if request.scope == "selection":
            ids = host.selected_ids()
        elif request.scope == "list":
            ids = host.listed_ids()
        elif request.scope == "tag":
            ids = list(self.service.papers.list_ids(tag=request.tag))
        else:
            ids = None
        self.run_task(f"Exporting to {request.path.name}", self.service.exports.file,
                      request.path, request.fmt, ids,
                      on_result=lambda n: self.messages.info(
                          f"Exported {n} papers to {request.path}."))

    @Slot()
    def copy_citekeys(self) -> None:
        papers = self.service.papers.get_many(self.host.selected_ids(), with_notes=False)
        QGuiApplication.clipboard().setText(", ".join(p.citekey for p in papers))
        self.host.show_status("Citation key copied", 3000)

    @Slot()
    def copy_bibtex(self) -> None:
        ids = self.host.selected_ids()
        try:
            text = self.service.exports.text("bibtex", ids)
        except UserError as exc:
            self.messages.error(str(exc))
            return
        QGuiApplication.clipboard().setText(text)
        self.host.show_status(f"BibTeX of {len(ids)} papers copied", 3000)

    @Slot()
    def open_in_browser(self) -> None:
        for paper in self.service.papers.get_many(self.host.selected_ids()[:10], with_notes=False):
            # A stored URL from imported data may be file:/javascript:; open web pages only.
            candidates = (
                paper.url,
                f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else "",
                f"https://doi.org/{paper.doi}" if paper.doi else "",
            )
            url = next((u for u in candidates if is_web_url(u)), "")
            if url and not open_url(url):
                self.messages.error(no_browser(url))
                return

    # ---- editing ---------------------------------------------------------------------------

    def _edit(self, label: str, fn: Callable[..., Any], ids: list[int], *args: Any) -> None:
        """A change to the selected papers: direct for a few, a worker for many."""
        if len(ids) <= BULK_IN_WORKER:
            try:
                fn(ids, *args)
            except UserError as exc:
                self.messages.error(str(exc))
            return

        def run(progress: Any = None, cancel: Any = None) -> int:
            return len(fn(ids, *args))

        self.run_task(label, run, on_result=lambda n: self.messages.info(f"{label}: {n} papers."))

    def set_status(self, status: str) -> None:
        ids = self.host.selected_ids()
        if ids:
            self._edit(f"Marking as {status}", self.service.papers.set_status, ids, ReadStatus(status))

    def _ask_tags(self, title: str, ids: list[int], suggested: list[str] | None = None) -> list[str]:
        hint = ("\nSuggested by the nearest papers in your library: Enter accepts them, "
                "typing replaces them." if suggested else "")
        text, ok = QInputDialog.getText(
            self.dialog_parent, title,
            f"Tags for {len(ids)} paper{'s' if len(ids) != 1 else ''} "
            "(comma-separated; use / for hierarchy):" + hint,
            QLineEdit.EchoMode.Normal, ", ".join(suggested or ()))
        return [t.strip() for t in text.split(",") if t.strip()] if ok else []

    def _suggested_tags(self, ids: list[int]) -> list[str]:
        """Tags of the nearest other papers, less those every selected paper has already."""
        try:
            papers = self.service.papers.get_many(ids[:50], with_notes=False)
            have = set.intersection(*(set(p.tags) for p in papers)) if papers else set()
            found = self.service.daily.recommender.suggest_tags_many(
                [(p.title, p.abstract) for p in papers], exclude=ids, limit=5)
        except (UserError, OSError, ValueError):
            return []
        return [t for t in found if t not in have][:3]

    @Slot()
    def edit_paper(self) -> None:
        """The edit form for the paper shown in the detail pane (or the first selected)."""
        ids = self.host.selected_ids()
        if not ids:
            return
        shown = self.host.shown_paper_id()
        paper_id = shown if shown in ids else ids[0]
        try:
            paper = self.service.papers.get(paper_id)
        except UserError as exc:
            self.messages.error(str(exc))
            return
        dialog = EditPaperDialog(self.service, self.runner, paper, self.dialog_parent)
        if dialog.exec() and dialog.saved is not None:
            self.messages.info(f"Saved your changes to “{dialog.saved.title}”.")

    @Slot()
    def find_duplicates(self) -> None:
        dialog = DuplicatesDialog(self.service, self.runner, self.dialog_parent)
        dialog.exec()
        if dialog.merged:
            self.messages.info(f"Merged {dialog.merged} pair{'s' if dialog.merged != 1 else ''} "
                               "of duplicates.")

    @Slot()
    def tag_selected(self) -> None:
        ids = self.host.selected_ids()
        if ids and (tags := self._ask_tags("Add tags", ids, self._suggested_tags(ids))):
            self._edit("Tagging", self.service.tags.add, ids, tags)

    @Slot()
    def untag_selected(self) -> None:
        ids = self.host.selected_ids()
        if ids and (tags := self._ask_tags("Remove tags", ids)):
            self._edit("Untagging", self.service.tags.remove, ids, tags)

    @Slot()
    def delete_selected(self) -> None:
        ids = self.host.selected_ids()
        if not ids:
            return
        papers = self.service.papers.get_many(ids[:3], with_notes=False)
        names = "\n".join(f"• {p.title}" for p in papers) + ("\n…" if len(ids) > 3 else "")
        answer = QMessageBox.question(
            self.dialog_parent, "Delete papers",
            f"Delete {len(ids)} paper{'s' if len(ids) > 1 else ''} with their tags and notes?"
            f"\n\n{names}\n\nEdit ▸ Undo (Ctrl+Z) brings them back with their tags, "
            "notes, keys and status.")
        if answer == QMessageBox.StandardButton.Yes:
            self._edit("Deleting", self.service.papers.remove, ids)

    @Slot()
    def undo(self) -> None:
        """Take back the app's last change (a worker: undoing a big delete is a bulk write)."""
        label = self.service.history.undo_label()
        if label is None:
            self.host.show_status("Nothing to undo", 3000)
            return

        def run(progress: Any = None, cancel: Any = None) -> Any:
            return self.service.history.undo()

        self.run_task(f"Undoing {label}", run, on_result=lambda result: (
            self.host.show_status(f"Undone: {result.label}", 5000)))

    @Slot()
    def show_trash(self) -> None:
        TrashDialog(self.service, self.dialog_parent).exec()

    @Slot(str)
    def rename_tag(self, name: str) -> None:
        new, ok = QInputDialog.getText(
            self.dialog_parent, "Rename tag",
            f"New name for “{name}” (an existing tag's name merges the two; use / for hierarchy):",
            text=name)
        if ok and new.strip() and new.strip() != name:
            try:
                self.service.tags.rename(name, new)
            except UserError as exc:
                self.messages.error(str(exc))
                return
            view = self.host.current_view()
            if (followed := view.after_tag_rename(name, new.strip())) != view:
                self.navigate.emit(Destination(followed))

    @Slot(str)
    def delete_tag(self, name: str) -> None:
        answer = QMessageBox.question(
            self.dialog_parent, "Remove tag",
            f"Remove the tag “{name}” (and the tags under it) from every paper? "
            "The papers stay in the library.")
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.service.tags.delete(name)
            except UserError as exc:
                self.messages.error(str(exc))

    @Slot(str)
    def color_tag(self, name: str) -> None:
        color = QColorDialog.getColor(parent=self.dialog_parent, title=f"Colour for “{name}”")
        if color.isValid():
            try:
                self.service.tags.set_color(name, color.name())
            except UserError as exc:
                self.messages.error(str(exc))

    @Slot(str)
    def save_search(self, query: str = "") -> None:
        dialog = SavedSearchDialog("", query, self.dialog_parent, taken=self._saved_names())
        if dialog.exec():
            saved = self.service.saved.save(dialog.name.text(), dialog.query.text())
            # The words typed now live in the saved search: show it with an empty search bar.
            self.navigate.emit(Destination(View.saved(saved.name), search=""))

    @Slot(str)
    def edit_saved_search(self, name: str) -> None:
        saved = next((s for s in self.service.saved.all() if s.name == name), None)
        if saved is None:
            return
        dialog = SavedSearchDialog(saved.name, saved.query, self.dialog_parent,
                                   taken=self._saved_names() - {name.lower()})
        if dialog.exec():
            new = self.service.saved.save(dialog.name.text(), dialog.query.text(), replacing=name)
            if self.host.current_view() == View.saved(name):
                self.navigate.emit(Destination(View.saved(new.name)))

    def _saved_names(self) -> set[str]:
        return {s.name.lower() for s in self.service.saved.all()}

    @Slot(str)
    def delete_saved_search(self, name: str) -> None:
        self.service.saved.delete(name)
        if self.host.current_view() == View.saved(name):
            self.navigate.emit(Destination(View.all()))

    @Slot()
    def settings(self) -> None:
        ids = self.host.selected_ids()
        example = self.service.papers.get(ids[0]) if ids else None
        try:
            current = load_settings(self.service.dir, apply_env=False)
        except UserError as exc:
            self.messages.error(str(exc))
            return
        dialog = SettingsDialog(current, example, self.dialog_parent)
        if dialog.exec():
            self.service.save_settings(dialog.settings())  # the Daily list re-applies mute rules
            self.service.auto_exporter.schedule()  # a new path or query: write it now
            self.messages.info("Settings saved.")

