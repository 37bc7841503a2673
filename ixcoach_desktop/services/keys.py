"""The secret of a protected data folder, as the services hand it out."""

from __future__ import annotations

from ixcoach_desktop.storage.cipher import CipherKey


class JournalKey(CipherKey):
    """A passphrase and the keys derived from it: what unlocks a protected data folder.

    The window and the commands only hold one and hand it back to the
    services; storage derives the file keys from it (see storage.cipher).
    """
