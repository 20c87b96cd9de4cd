"""Funding bodies are searched before one is created (DOMAIN F): the search ignores case,
accents, the spelling of umlauts and the order of words; a name that folds onto an existing
one is refused as a duplicate."""

from models.core.errors import ValidationError
from models.core.text import N_, fold, folded_words
from models.people.models import FundingBody

MIN_LETTERS = 3


def find_funding_bodies(query, name: str, city: str | None = None) -> list:
    """The rows of `query` whose name holds every word of `name` (and whose city holds
    `city`), folded; the table is a short catalogue, so it is matched in Python."""
    words = folded_words(name)
    if sum(len(word) for word in words) < MIN_LETTERS:
        raise ValidationError({"name": N_("Please enter at least 3 letters of the name.")})
    place = fold(city or "").strip()
    found = []
    for body in query.order_by(FundingBody.name):
        folded = fold(body.name)
        if all(word in folded for word in words) and place in fold(body.city or ""):
            found.append(body)
    return found


def same_named(name: str, exclude_id=None):
    """The funding body whose name folds onto `name` (another spelling of it), or None."""
    key = " ".join(folded_words(name))
    for body in FundingBody.select(FundingBody.id, FundingBody.name):
        if body.id != exclude_id and " ".join(folded_words(body.name)) == key:
            return body
    return None


def check_new_name(body) -> None:
    """Refuse a funding body whose name is another spelling of an existing one's."""
    twin = same_named(body.name, body.id)
    if twin is not None:
        raise ValidationError({"name": N_("A funding body of this name exists already.")})
