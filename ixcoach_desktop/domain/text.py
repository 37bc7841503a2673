"""Text helpers shared by search and import."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching: "Zoë Ångström" -> "zoe angstrom"."""
    if text.isascii():
        # Nothing to decompose: most names, and every keystroke of an ASCII search.
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
