"""Text helpers for matching names the way users type them."""

import re
import unicodedata

# Letters that NFKD does not split into base letter + accent.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})
# The umlauts written with two letters (Mueller, MUELLER): what German keyboards, passports'
# machine-readable lines and older systems make of ä, ö, ü.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_TWO_LETTER_UMLAUT = re.compile(r"([aou])e")


def _strip_accents(lowered: str) -> str:
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain(text: str | None) -> str:
    """Lower-case `text` without diacritics: 'Stanišić' -> 'stanisic', 'Müller' -> 'muller'."""
    if not text:
        return ""
    return _strip_accents(text.strip().lower())


def umlaut_spelling(text: str | None) -> str:
    """Lower case with ä, ö, ü written ae, oe, ue and other diacritics dropped:
    'Müller' -> 'mueller', 'Stanišić' -> 'stanisic'."""
    if not text:
        return ""
    lowered = unicodedata.normalize("NFC", text.strip().lower())
    return _strip_accents(lowered.translate(_UMLAUTS))


def fold(text: str | None) -> str:
    """The search key of a name: lower case, no diacritics, and ae, oe, ue folded onto a, o, u,
    so that Müller, MUELLER, Mueller and Muller all become 'muller' (and Döring, Doering
    'doring'). The key finds more than the same spelling (Bauer and Baur share 'baur'): a
    search offers those too, the duplicate check asks `same_name` on top."""
    return _TWO_LETTER_UMLAUT.sub(r"\1", plain(text))


def same_name(first: str | None, second: str | None) -> bool:
    """True when two names differ at most in case, diacritics and the spelling of an umlaut
    (Müller = MÜLLER = Mueller = Muller; Stanišić = Stanisic), not in a letter (Bauer ≠ Baur)."""
    return plain(first) == plain(second) or umlaut_spelling(first) == umlaut_spelling(second)


def folded_words(text: str | None) -> list[str]:
    """The folded words of `text`: 'Land Wien, MA 40' -> ['land', 'wien', 'ma', '40']."""
    return [word for word in re.split(r"[\s,.;:/()\-–]+", fold(text or "")) if word]


def holds_words(name: str | None, term: str | None) -> bool:
    """True when `name` holds every word of `term`, folded (case, accents and the spelling of
    umlauts ignored, any order): 'Integrationsamt Köln' holds 'KOELN integ'."""
    folded = fold(name or "")
    return all(word in folded for word in folded_words(term))


def prefix_range(column, prefix: str):
    """Condition: `column` starts with `prefix`, as a range a B-tree index serves (LIKE and
    ILIKE are served by none); for a column of folded, lower-case keys."""
    if not prefix:
        return column.is_null(False)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (column >= prefix) & (column < upper)


def N_(message: str) -> str:  # noqa: N802 - gettext marker convention
    """Mark a msgid for extraction; the view layer translates it."""
    return message
