"""The first-run view of an empty library: four ways to get started."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeView(QWidget):
    """Signals:
        daily_requested(), add_requested(), import_requested(), demo_requested().
    """

    daily_requested = Signal()
    add_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        title = QLabel("<h2>Your reading list is empty</h2>", self)
        text = QLabel(
            "Bring in some papers to get started. Everything stays on this computer; "
            "only fetching papers uses the network.",
            self,
        )
        text.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        for key, label, signal in (
            ("daily", "Fetch today's papers  (Hugging Face, arXiv)", self.daily_requested),
            ("add", "Add papers by arXiv id, URL or DOI…", self.add_requested),
            ("import", "Import a .bib, RIS or CSL-JSON file…", self.import_requested),
            ("demo", "Load the demo library (25 classic papers, tagged “demo”)",
             self.demo_requested),
        ):
            button = QPushButton(label, self)
            button.setMinimumWidth(380)
            button.setMinimumHeight(36)
            button.clicked.connect(signal.emit)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons[key] = button
        layout.addStretch(2)
