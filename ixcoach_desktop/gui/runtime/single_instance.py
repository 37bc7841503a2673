"""One window per data folder: a second launch brings the running window to the front.

The first launch takes a QLockFile (``window.lock`` in the data folder) and
listens on a QLocalServer whose name is derived from the folder. A second
launch on the same folder finds the lock taken, connects, asks the first
window to come forward, and exits. After a crash the lock's owner is dead:
QLockFile sees that from the process id it wrote and takes the lock over.

This only decides which *window* the user sees. Who may *write* is settled
by the services' writer lock (services/instance_lock.py), which the command
line shares and which the kernel frees on any crash.
"""

from __future__ import annotations

import hashlib
import os
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QFile, QFileDevice, QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow

WINDOW_LOCK_FILENAME = "window.lock"
_ACTIVATE = b"activate\n"
_ACKNOWLEDGED = b"ok\n"
# The first window may still be opening a large journal when a second launch
# knocks; its answer comes once its event loop runs.
_CONNECT_TIMEOUT_MS = 2_000
_ANSWER_TIMEOUT_MS = 5_000


class Claim(Enum):
    """The outcome of claiming the data folder for this window."""

    #: This process is the window for the folder (or no lock could be made:
    #: opening the journal will then say what is wrong with the folder).
    PROCEED = "proceed"
    #: Another window has the folder and was asked to come to the front.
    ACTIVATED_OTHER = "activated-other"
    #: Another window has the folder but did not answer.
    OTHER_NOT_RESPONDING = "other-not-responding"


def server_name(data_dir: Path) -> str:
    """A local-socket name unique to this user and data folder (short enough for any OS)."""
    digest = hashlib.sha256(os.path.realpath(data_dir).encode()).hexdigest()[:16]
    return f"ixcoach-desktop-{os.getuid()}-{digest}"


class SingleInstance(QObject):
    """Claims a data folder for one window and relays later launches' requests to it.

    Signals:
        activation_requested(): a second launch asked this window to come forward.
    """

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._lock_path = str(data_dir / WINDOW_LOCK_FILENAME)
        self._lock = QLockFile(self._lock_path)
        # The window holds the lock for hours: never call it stale for its age,
        # only when the process that wrote it is gone.
        self._lock.setStaleLockTime(0)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_server_new_connection)
        self.other_pid = 0

    def claim(self) -> Claim:
        try:
            self._data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return Claim.PROCEED
        if self._lock.tryLock(0):
            # QLockFile honours the umask; everything in the data folder is 0600.
            QFile.setPermissions(
                self._lock_path,
                QFileDevice.Permission.ReadOwner | QFileDevice.Permission.WriteOwner,
            )
            name = server_name(self._data_dir)
            # A socket file left by a crashed window would make listen() fail;
            # holding the lock proves no live window owns it.
            QLocalServer.removeServer(name)
            self._server.listen(name)
            return Claim.PROCEED
        if self._lock.error() is not QLockFile.LockError.LockFailedError:
            return Claim.PROCEED
        self.other_pid = self._lock.getLockInfo()[0]
        if self._ask_other_to_activate():
            return Claim.ACTIVATED_OTHER
        return Claim.OTHER_NOT_RESPONDING

    def release(self) -> None:
        """Stop answering and free the lock (also done when the process ends)."""
        self._server.close()
        if self._lock.isLocked():
            self._lock.unlock()

    def _ask_other_to_activate(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(server_name(self._data_dir))
        if not socket.waitForConnected(_CONNECT_TIMEOUT_MS):
            return False
        socket.write(_ACTIVATE)
        socket.flush()
        answer = b""
        while _ACKNOWLEDGED not in answer and socket.waitForReadyRead(_ANSWER_TIMEOUT_MS):
            answer += socket.readAll().data()
        socket.disconnectFromServer()
        return _ACKNOWLEDGED in answer

    def _on_server_new_connection(self) -> None:
        socket = self._server.nextPendingConnection()
        socket.readyRead.connect(lambda: self._on_socket_ready_read(socket))
        socket.disconnected.connect(socket.deleteLater)
        if socket.bytesAvailable():
            self._on_socket_ready_read(socket)

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if _ACTIVATE.strip() in socket.readAll().data():
            self.activation_requested.emit()
            socket.write(_ACKNOWLEDGED)
            socket.flush()


def bring_to_front() -> None:
    """Show and raise the visible main window: a second launch asked for it."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            widget.setWindowState(widget.windowState() & ~Qt.WindowState.WindowMinimized)
            widget.raise_()
            widget.activateWindow()
            return
