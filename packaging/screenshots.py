"""Render the README screenshots: the main window, the Daily panel and the notes editor.

Runs offscreen, in light and dark palettes, on a throwaway library holding
the demo papers and a sample Daily list (parsed by the real Hugging Face
parser; nothing is fetched). Usage: ``make screenshots`` (writes
``resources/screenshots/*.png``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _var in ("READINGLIST_HF_URL", "READINGLIST_ARXIV_API_URL", "READINGLIST_ARXIV_RSS_URL",
             "READINGLIST_DOI_URL"):
    os.environ[_var] = "http://127.0.0.1:9"  # never the network

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from readinglist.core import daily  # noqa: E402
from readinglist.core.importers import hf_daily  # noqa: E402
from readinglist.core.library import LibraryService  # noqa: E402
from readinglist.gui import resources  # noqa: E402
from readinglist.core.models import Author, PaperDraft  # noqa: E402
from readinglist.gui.dialogs.duplicates_dialog import DuplicatesDialog  # noqa: E402
from readinglist.gui.dialogs.edit_paper_dialog import EditPaperDialog  # noqa: E402
from readinglist.gui.main_window import MainWindow  # noqa: E402
from readinglist.gui.panels.sidebar import View  # noqa: E402
from readinglist.gui.state import UiState  # noqa: E402
from readinglist.gui.theme import apply_theme  # noqa: E402

DAY = date(2025, 2, 18)
OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"

# Sample Daily items: real papers of early 2025, summaries written for this sample.
SAMPLE = [
    ("2502.11089", "Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention",
     ["Jingyang Yuan", "Huazuo Gao", "Damai Dai"], 142,
     "A sparse attention scheme that is trained end to end and maps well onto GPU kernels, "
     "keeping long-context quality while cutting the cost of attention."),
    ("2502.03387", "LIMO: Less is More for Reasoning", ["Yixin Ye", "Zhen Huang", "Yang Xiao"], 98,
     "A few hundred carefully chosen examples are enough to unlock strong mathematical "
     "reasoning in a pre-trained model."),
    ("2502.02737", "SmolLM2: When Smol Goes Big -- Data-Centric Training of a Small Language Model",
     ["Loubna Ben Allal", "Anton Lozhkov", "Elie Bakouch"], 87,
     "How careful data mixing over several training stages lets a 1.7B model compete with "
     "larger ones."),
    ("2501.19393", "s1: Simple test-time scaling", ["Niklas Muennighoff", "Zitong Yang", "Weijia Shi"],
     75, "Budget forcing at test time, on a small curated set, gives a strong reasoning model."),
    ("2501.12948", "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
     ["DeepSeek-AI"], 64,
     "Reasoning behaviour emerges from large-scale reinforcement learning, then is distilled "
     "into smaller dense models."),
    ("2501.00663", "Titans: Learning to Memorize at Test Time", ["Ali Behrouz", "Peilin Zhong",
     "Vahab Mirrokni"], 51, "A neural long-term memory module that learns what to store while "
     "the model runs."),
    ("2412.09871", "Byte Latent Transformer: Patches Scale Better Than Tokens",
     ["Artidoro Pagnoni", "Ram Pasunuru", "Pedro Rodriguez"], 33,
     "A tokenizer-free model that groups bytes into dynamic patches by entropy."),
    ("2501.06252", "Transformer-Squared: Self-adaptive LLMs", ["Qi Sun", "Edoardo Cetin", "Yujin Tang"],
     21, "Adapts weights to each task at inference time by mixing learned singular-value experts."),
    ("2412.08821", "Large Concept Models: Language Modeling in a Sentence Representation Space",
     ["LCM team", "Loïc Barrault", "Paul-Ambroise Duquenne"], 12,
     "Models language one sentence embedding at a time instead of one token at a time."),
]


def _hf_json() -> str:
    items = []
    for arxiv_id, title, authors, upvotes, summary in SAMPLE:
        paper = {"id": arxiv_id, "title": title, "summary": summary, "upvotes": upvotes,
                 "authors": [{"_id": f"a{i}", "name": a, "hidden": False}
                             for i, a in enumerate(authors)],
                 "publishedAt": f"{DAY.isoformat()}T10:00:00.000Z",
                 "submittedOnDailyAt": f"{DAY.isoformat()}T13:00:00.000Z",
                 "discussionId": "0"}
        items.append({"paper": paper, "title": title, "summary": summary,
                      "publishedAt": f"{DAY.isoformat()}T05:00:00.000Z", "numComments": 2,
                      "thumbnail": "", "isAuthorParticipating": False,
                      "submittedBy": {"_id": "0", "avatarUrl": "", "fullname": "AK",
                                      "name": "akhaliq", "type": "user", "isPro": False}})
    return json.dumps(items)


def _settle(app: QApplication, window: MainWindow, ms: int = 400) -> None:
    """Let workers finish and the window repaint (a screenshot tool may wait)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    while window.runner.busy:
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    app.processEvents()


def shoot(theme: str, app: QApplication) -> None:
    apply_theme(app, theme)
    folder = Path(tempfile.mkdtemp(prefix="rl-shots-"))
    service = LibraryService(folder / "library", auto_index=False, auto_rebuild=False)
    service.imports.text(resources.path("demo_library.json").read_text("utf-8"))
    service.indexing.ensure()
    with service.store.write() as txn:
        daily.save_source(txn, DAY, "hf", hf_daily.parse(_hf_json()))
    service.daily.add(DAY, [SAMPLE[0][0], SAMPLE[3][0]], tags=["reasoning"])
    service.daily.skip(DAY, [SAMPLE[2][0]])
    service.indexing.check()  # index what was just added (the window is told not to check)
    settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, ui_state=UiState(settings), check_index=False)
    window.resize(1400, 860)
    window.show()
    _settle(app, window)

    row = next(r for r in range(window.model.rowCount())
               if window.model.paper_id(r) == service.papers.resolve("1706.03762").id)
    window.table.selectRow(row)
    _settle(app, window)
    window.grab().save(str(OUT / f"main-{theme}.png"))

    window.search_bar.set_text("attention OR transformer -survey")
    _settle(app, window)
    window.grab().save(str(OUT / f"search-{theme}.png"))
    window.search_bar.set_text("")

    window.detail.notes.editor.setFocus()
    window.detail.grab().save(str(OUT / f"notes-{theme}.png"))

    window.show_view(View("daily"))
    window.daily.set_day(DAY)
    _settle(app, window)
    window.daily.table.selectRow(1)
    _settle(app, window, 200)
    window.grab().save(str(OUT / f"daily-{theme}.png"))
    shoot_first_hour(theme, app, window, service)
    window.close()
    service.close()


def _dialog_shot(app: QApplication, window: MainWindow, dialog: QDialog, name: str) -> None:
    dialog.show()
    _settle(app, window, 300)
    dialog.grab().save(str(OUT / name))
    dialog.close()


def shoot_first_hour(theme: str, app: QApplication, window: MainWindow,
                     service: LibraryService) -> None:
    """What issue 12 changed: one Daily source failing, banners, the edit form, merging,
    an empty search, and the window at 1024x640."""
    listing = service.daily.cached(DAY)
    assert listing is not None
    window.daily._show_list(replace(listing, failed={
        "arxiv": "arXiv answered HTTP 404 (Not Found) for https://rss.arxiv.org/rss/cs.CL+cs.LG"}))
    _settle(app, window, 200)
    window.grab().save(str(OUT / f"daily-failed-{theme}.png"))

    window.show_view(View("status", "inbox"))
    window.search_bar.set_text("quantum gravity")
    _settle(app, window)
    window.messages.error("Could not fetch 2025-02-19: Hugging Face answered 503 (Service "
                          "Unavailable); showing what was fetched before. The message stays "
                          "until closed and is kept in View → Messages.")
    _settle(app, window, 200)
    window.grab().save(str(OUT / f"empty-search-banner-{theme}.png"))
    window.messages.hide()
    window.search_bar.set_text("")
    window.show_view(View("all"))
    _settle(app, window)

    window.resize(1024, 640)
    _settle(app, window)
    window.grab().save(str(OUT / f"main-1024x640-{theme}.png"))
    window.resize(1400, 860)
    if theme != "light":
        return
    paper = service.papers.resolve("1706.03762")
    _dialog_shot(app, window, EditPaperDialog(service, window.runner, paper, window),
                 "edit-form-light.png")
    service.papers.add(PaperDraft(title="Attention is all you need.", authors=(Author("A. Vaswani"),),
                           doi="10.5555/3295222.3295349", venue="NeurIPS", pages="5998-6008"))
    dialog = DuplicatesDialog(service, window.runner, window)
    dialog.resize(1100, 560)
    _dialog_shot(app, window, dialog, "merge-dialog-light.png")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    QCoreApplication.setOrganizationName("readinglist-screenshots")
    app = QApplication(sys.argv[:1])
    for theme in ("light", "dark"):
        shoot(theme, app)
    print(f"Screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
