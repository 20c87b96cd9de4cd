"""The kind of document a file's name suggests ("Datenschutz-Merkblatt.pdf" → data-protection
notice), for preselecting the kind of each file of an upload; a suggestion only, never stored
without the user seeing it."""

import re

from models.core.text import fold
from models.documents.models import DocumentKind

# Words people put into file names for a kind, besides the words of the kind's own name.
# Only words that point at one kind: "Bescheid" alone may be a proof of disability or an
# approval notice, "Vertrag" is mostly the employment contract, so neither is here.
SYNONYMS = {
    DocumentKind.DATA_PROTECTION_NOTICE: ("Datenschutz", "Datenschutzerklärung"),
    DocumentKind.DISABILITY_PROOF: ("Schwerbehindertenausweis", "Ausweis",
                                    "Feststellungsbescheid", "Behindertenausweis"),
    DocumentKind.GOAL_AGREEMENT: ("Zielvereinbarung",),
    DocumentKind.WRITTEN_COMMISSION: ("Beauftragung", "Auftrag"),
    DocumentKind.EXPERT_OPINION: ("Stellungnahme", "Gutachten"),
    DocumentKind.CONFIDENTIALITY_RELEASE: ("Schweigepflichtentbindung", "Schweigepflicht"),
    DocumentKind.FINAL_REPORT: ("Endbericht", "Abschlussbericht"),
    DocumentKind.REPORT: ("Anfangsbericht", "Sachstandsbericht", "Zwischenbericht", "Bericht"),
}
# Words of kinds' names that say nothing about the kind ("Merkblatt Arbeitsassistenz" is no
# data-protection notice, "Nachweis Arbeitszeit" no proof of disability).
GENERIC_WORDS = frozenset(fold(word) for word in (
    "Merkblatt", "Nachweis", "unterschrieben", "schriftliche", "fertige", "fachdienstliche",
    "der", "die", "das", "von", "signed"))
# A keyword this long also matches the start of a compound (Datenschutzhinweis); shorter ones
# only a whole word ("Bericht" is not "Berichtigung").
PREFIX_LENGTH = 8
_WORD = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> list[str]:
    return [word for word in _WORD.split(fold(text)) if word]


def kind_keywords(kinds: dict) -> list[tuple[str, str]]:
    """(folded keyword, kind) pairs for the kinds of `kinds` ({kind: its name as users read
    it}): the significant words of each name and the synonyms of the kind."""
    pairs = []
    for kind, name in kinds.items():
        words = [w for w in _words(name) if len(w) >= 4 and w not in GENERIC_WORDS]
        words += [fold(word) for word in SYNONYMS.get(kind, ())]
        pairs += [(word, kind) for word in dict.fromkeys(words)]
    return pairs


def matches(word: str, keyword: str) -> bool:
    """True when a word of a file name is `keyword` or, for a long keyword, a compound of it."""
    return word == keyword or (len(keyword) >= PREFIX_LENGTH and word.startswith(keyword))


def kind_from_keywords(name: str | None, keywords) -> str | None:
    """The one kind whose keywords the file name `name` holds; None for none or several."""
    found = {kind for word in _words(name or "") for keyword, kind in keywords
             if matches(word, keyword)}
    return found.pop() if len(found) == 1 else None


def kind_from_file_name(name: str | None, kinds: dict) -> str | None:
    """The kind of `kinds` ({kind: name}) that the file name `name` obviously means, or None."""
    return kind_from_keywords(name, kind_keywords(kinds))
