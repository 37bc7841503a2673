"""Remembering a protected journal's passphrase in the system keyring ("Remember on this computer").

The ``keyring`` package talks to the platform's store: Secret Service (GNOME
Keyring, KWallet) on Linux, the Keychain on macOS, the Credential Locker on
Windows. A headless machine or a minimal desktop has none, which is normal:
remembering is then unavailable, with the reason shown, and everything else
works. One entry per data folder (its absolute path) under the app's name.
keyring is imported on first use, not at start-up: finding its backends
is slow enough to show on the first frame (docs/performance.md), and only a
protected journal needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ixcoach_desktop import APP_NAME
from ixcoach_desktop.services.errors import ServiceError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE_NAME = APP_NAME


class PassphraseKeyring:
    """The passphrases remembered on this computer, one per data folder.

    ``backend`` is the keyring to use (tests pass an in-memory one); by
    default the system's, found on first use.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self._reason: str | None = None
        self._looked = backend is not None

    def _usable(self) -> KeyringBackend | None:
        if not self._looked:
            self._looked = True
            try:
                import keyring

                found = keyring.get_keyring()
            except Exception as error:  # a broken backend must not stop the app
                self._reason = f"The system keyring cannot be used here ({error})."
                return None
            if found.priority <= 0:
                self._reason = (
                    "There is no system keyring on this computer (such as GNOME Keyring, "
                    "KWallet or the macOS Keychain), so the passphrase cannot be remembered."
                )
                return None
            self._backend = found
        return self._backend

    def unavailable_reason(self) -> str | None:
        """Why passphrases cannot be remembered here; None when they can."""
        self._usable()
        return self._reason

    @staticmethod
    def _account(data_dir: Path) -> str:
        return str(data_dir.expanduser().resolve())

    def recall(self, data_dir: Path) -> str | None:
        """The passphrase remembered for ``data_dir``, or None (also when the keyring fails)."""
        backend = self._usable()
        if backend is None:
            return None
        try:
            return backend.get_password(SERVICE_NAME, self._account(data_dir))
        except Exception:  # a locked or broken keyring: ask instead
            return None

    def remember(self, data_dir: Path, passphrase: str) -> None:
        """Store the passphrase for ``data_dir``; ServiceError when the keyring refuses."""
        backend = self._usable()
        if backend is None:
            raise ServiceError(self._reason or "The system keyring cannot be used here.")
        try:
            backend.set_password(SERVICE_NAME, self._account(data_dir), passphrase)
        except Exception as error:
            raise ServiceError(
                f"The passphrase could not be remembered in the system keyring ({error})."
            ) from error

    def forget(self, data_dir: Path) -> None:
        """Remove the remembered passphrase of ``data_dir``, if any; best effort."""
        backend = self._usable()
        if backend is None:
            return
        try:
            backend.delete_password(SERVICE_NAME, self._account(data_dir))
        except Exception:  # already gone, or the keyring is locked: nothing to undo
            return
