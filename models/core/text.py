"""Text helpers for matching names the way users type them."""

import unicodedata

# Letters that NFKD does not split into base letter + accent.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str | None) -> str:
    """Lower-case `text` and strip diacritics: 'Stanišić' -> 'stanisic'."""
    if not text:
        return ""
    lowered = text.strip().lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def N_(message: str) -> str:  # noqa: N802 - gettext marker convention
    """Mark a msgid for extraction; the view layer translates it."""
    return message
