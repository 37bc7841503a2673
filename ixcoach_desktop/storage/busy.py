"""How storage tells a busy journal from a broken one.

The failures storage raises are the user-facing classes of
ixcoach_desktop.domain.failures, raised as they are, never translated.
"""

from __future__ import annotations


def is_locked_or_busy(error: BaseException) -> bool:
    """Whether a driver error says another connection holds the file (SQLITE_BUSY/LOCKED)."""
    detail = str(getattr(error, "orig", error)).lower()
    return "locked" in detail or "busy" in detail
