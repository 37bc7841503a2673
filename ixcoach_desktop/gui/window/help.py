"""The Help menu: the practice in brief (the method behind the app, in our own words), About."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ixcoach_desktop import APP_DISPLAY_NAME, __version__
from ixcoach_desktop.domain.scales import DepthLevel
from ixcoach_desktop.gui.widgets import name_widget

_GUIDE = """
<h2>Closer, one small step at a time</h2>
<p>Friendships deepen when two people take turns opening up a little more.
One of you shares something real; the other answers at about the same depth;
and over many conversations you both go a little further. Depth comes from
many small mutual steps, not from one big confession.</p>
<h3>After each conversation</h3>
<p>Log how deep <b>you</b> went, how deep <b>they</b> went, and how what you
shared was received. Ticking the topics and whether it was emotional (about
feelings, not only facts) helps you see the breadth of what you share.</p>
<h3>The levels</h3>
<ul>{levels}</ul>
<h3>Rules of thumb</h3>
<ul>
<li><b>Match</b> the level the other person offered, or go one step deeper at most.</li>
<li><b>Not crisis-level early.</b> Share something genuine but not your deepest
pain before the relationship has reached the personal level together.</li>
<li><b>Don't stay on the surface forever.</b> Weeks of plans and news alone
rarely make a friend you can lean on.</li>
<li><b>Notice when it isn't returned.</b> If they don't reciprocate, or receive
what you share poorly, slow down with this person: that costs more than it gives.</li>
<li><b>Keep in touch regularly.</b> Who buffers stress is someone responsive and
available; a regular rhythm matters as much as depth.</li>
</ul>
<p>The chart shows your level and theirs over time: where the lines run
together, you are matching. The insights strip suggests a next step and how
much this relationship could buffer stress as it grows.</p>
"""


class GuideDialog(QDialog):
    """A short, non-modal guide to the practice."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        name_widget(self, "guideDialog", "The practice in brief")
        self.setWindowTitle("The practice in brief")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 620)
        browser = QTextBrowser()
        browser.setOpenExternalLinks(False)
        levels = "".join(
            f"<li><b>{int(level)} · {level.label}</b> — {level.example}</li>"
            for level in DepthLevel
        )
        browser.setHtml(_GUIDE.format(levels=levels))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)


def show_about(parent: QWidget, journal_path: str) -> None:
    """Help › About: the version, and where the journal lives (non-blocking)."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_DISPLAY_NAME}")
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(f"<b>{APP_DISPLAY_NAME}</b> {__version__}")
    box.setInformativeText(
        "A private, local journal for deepening chosen relationships through "
        "reciprocal self-disclosure.<br><br>Your journal stays on this computer:<br>"
        f"<code>{journal_path}</code>"
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
