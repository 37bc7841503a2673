"""SIGTERM and SIGINT close the windows the way their close buttons do.

A desktop session ending, ``kill``, or Ctrl+C in the terminal that started
the app would otherwise end the process at once: the editor's draft, the
window layout and the journal's orderly close would be skipped. Python runs
its signal handlers only between bytecodes, which never happens while Qt's
event loop waits, so the handler's wake-up byte goes to a socket that a
QSocketNotifier watches on the UI thread, and the closing happens there.
"""

from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

CLOSING_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class TerminationWatch(QObject):
    """Closes every window when one of CLOSING_SIGNALS arrives; ``release`` undoes it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("terminationWatch")
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_wakeup_fd = signal.set_wakeup_fd(self._writer.fileno())
        # The handler itself does nothing: its byte on the wake-up socket is the message.
        self._previous_handlers = {
            number: signal.signal(number, lambda _number, _frame: None)
            for number in CLOSING_SIGNALS
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_signal)

    def _on_signal(self) -> None:
        received = self._reader.recv(64)
        if any(number in received for number in CLOSING_SIGNALS):
            QApplication.closeAllWindows()

    def release(self) -> None:
        """Give the signals back to their earlier handlers and close the socket pair."""
        self._notifier.setEnabled(False)
        for number, handler in self._previous_handlers.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_wakeup_fd)
        self._reader.close()
        self._writer.close()
