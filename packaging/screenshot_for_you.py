"""Render the README picture of the Daily panel sorted "For you", with why-lines.

A throwaway library holding the demo papers (their tags: ml/nlp, llm,
ml/vision, ml/generative, …) and a sample day of papers from several
fields (summaries written for this sample; parsed by the real Hugging
Face parser, nothing is fetched). The model is trained on the demo library
by the app's own worker, as it would be for a user. Usage:
``.venv/bin/python packaging/screenshot_for_you.py`` (writes
``resources/screenshots/daily-for-you-{light,dark}.png``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _var in ("READINGLIST_HF_URL", "READINGLIST_ARXIV_API_URL", "READINGLIST_ARXIV_RSS_URL",
             "READINGLIST_DOI_URL"):
    os.environ[_var] = "http://127.0.0.1:9"  # never the network

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from readinglist.core import daily  # noqa: E402
from readinglist.core.importers import hf_daily  # noqa: E402
from readinglist.core.library import LibraryService  # noqa: E402
from readinglist.gui import resources  # noqa: E402
from readinglist.gui.main_window import MainWindow  # noqa: E402
from readinglist.gui.panels.sidebar import View  # noqa: E402
from readinglist.gui.state import UiState  # noqa: E402
from readinglist.gui.theme import apply_theme  # noqa: E402

DAY = date(2025, 3, 4)
OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"

DAY_ITEMS = [
    ("2503.01001", "Sparse Mixture-of-Experts Language Models Scale Reasoning at Fixed Compute",
     ["Mei Lin", "Tomás Ruiz"], 212,
     "We train sparse mixture-of-experts transformer language models and show that routing "
     "tokens to experts improves few-shot reasoning and instruction following at fixed "
     "compute, with scaling laws for the number of experts."),
    ("2503.01002", "Gaussian Splatting for Real-Time Dynamic Scene Reconstruction",
     ["Jonas Weber", "Aiko Sato"], 187,
     "We reconstruct dynamic 3D scenes from monocular video with deformable Gaussian "
     "splats, rendering at 120 frames per second with state-of-the-art view synthesis."),
    ("2503.01003", "Low-Rank Adapters Forget Less: Parameter-Efficient Fine-Tuning of Large "
     "Language Models", ["Priya Nair", "David Cohen"], 96,
     "Low-rank adaptation of pre-trained large language models forgets less of the "
     "pre-training distribution than full fine-tuning, and merges adapters without loss."),
    ("2503.01004", "Quadruped Locomotion on Ice with Learned Contact Models",
     ["Lars Eriksen", "Mia Rossi"], 154,
     "A legged robot learns a contact model for slippery terrain in simulation and walks on "
     "ice after sim-to-real transfer, using model predictive control."),
    ("2503.01005", "Chain-of-Thought Distillation into Small Language Models",
     ["Hao Zhang", "Sara Ali"], 71,
     "Step-by-step reasoning traces from a large language model are distilled into a small "
     "model by prompting and fine-tuning; the student keeps most of the reasoning accuracy."),
    ("2503.01006", "Single-Cell Foundation Models Predict Gene Perturbation Effects",
     ["Elena Petrova", "Kwame Mensah"], 133,
     "A transformer pre-trained on millions of single-cell transcriptomes predicts the effect "
     "of gene knockouts on expression, validated with CRISPR screens."),
    ("2503.01007", "Consistency Models for One-Step Text-to-Image Diffusion",
     ["Ana Costa", "Wei Chen"], 118,
     "Consistency distillation turns a denoising diffusion model into a one-step image "
     "generator; variational and adversarial losses keep sample quality."),
    ("2503.01008", "A Benchmark for Long-Context Retrieval-Augmented Question Answering",
     ["Omar Haddad", "Julia Novak"], 58,
     "We release a benchmark where language models answer questions from retrieved documents "
     "of up to a million tokens, and compare retrieval-augmented generation with long-context "
     "attention."),
    ("2503.01009", "Learning Rate Warmup Explained by Adam's Second-Moment Estimates",
     ["Ravi Kumar", "Lea Fischer"], 44,
     "Warmup prevents large early updates because Adam's second-moment estimates start "
     "biased; a corrected optimizer trains transformers without warmup."),
    ("2503.01010", "Exoplanet Atmosphere Retrieval with Simulation-Based Inference",
     ["Isabel Ortega", "Noah Brown"], 37,
     "Neural posterior estimation recovers exoplanet atmospheric abundances from JWST "
     "transmission spectra in seconds instead of days."),
    ("2503.01011", "Vision Transformers Need Registers, Revisited", ["Yuki Tanaka", "Paul Martin"],
     89, "Extra register tokens remove high-norm artifacts in vision transformer attention "
     "maps and improve dense image recognition and self-supervised features."),
    ("2503.01012", "Traffic Forecasting with Spatio-Temporal Graph Networks",
     ["Carlos Méndez", "Fatima Zahra"], 25,
     "A graph neural network over road sensors forecasts traffic speed an hour ahead, "
     "beating recurrent baselines on two city datasets."),
]


def _hf_json() -> str:
    items = []
    for arxiv_id, title, authors, upvotes, summary in DAY_ITEMS:
        paper = {"id": arxiv_id, "title": title, "summary": summary, "upvotes": upvotes,
                 "authors": [{"_id": f"a{i}", "name": a, "hidden": False}
                             for i, a in enumerate(authors)],
                 "publishedAt": f"{DAY.isoformat()}T10:00:00.000Z",
                 "submittedOnDailyAt": f"{DAY.isoformat()}T13:00:00.000Z",
                 "discussionId": "0"}
        items.append({"paper": paper, "title": title, "summary": summary,
                      "publishedAt": f"{DAY.isoformat()}T05:00:00.000Z", "numComments": 0,
                      "thumbnail": "", "isAuthorParticipating": False,
                      "submittedBy": {"_id": "0", "avatarUrl": "", "fullname": "AK",
                                      "name": "akhaliq", "type": "user", "isPro": False}})
    return json.dumps(items)


def _settle(app: QApplication, window: MainWindow, ms: int = 400) -> None:
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
    folder = Path(tempfile.mkdtemp(prefix="rl-foryou-"))
    service = LibraryService(folder / "library", auto_index=False, auto_rebuild=False)
    service.imports.text(resources.path("demo_library.json").read_text("utf-8"))
    service.indexing.ensure()
    with service.store.write() as txn:
        daily.save_source(txn, DAY, "hf", hf_daily.parse(_hf_json()))
    settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, ui_state=UiState(settings), check_index=False)
    window.resize(1400, 760)
    window.show()
    window.show_view(View("daily"))
    window.daily.set_day(DAY)
    _settle(app, window, 800)
    window.daily.table.selectRow(0)
    _settle(app, window, 200)
    window.grab().save(str(OUT / f"daily-for-you-{theme}.png"))
    window.close()
    service.close()


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
