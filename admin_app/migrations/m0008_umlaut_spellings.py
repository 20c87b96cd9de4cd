"""Step 8: the folded name keys of persons treat both spellings of an umlaut alike (Müller =
Mueller = MUELLER, Döring = Doering): every stored key is computed again.

The fold is frozen here as it was introduced, so that a later change of `models.text.fold`
comes with a step of its own and this one keeps doing what it did.
"""

import re
import unicodedata

from peewee import CharField, Model

_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})
_TWO_LETTER_UMLAUT = re.compile(r"([aou])e")
BATCH = 500


def fold(text):
    """models.text.fold as of this step."""
    if not text:
        return ""
    lowered = text.strip().lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _TWO_LETTER_UMLAUT.sub(r"\1", plain)


class Person(Model):
    first_name = CharField()
    last_name = CharField()
    first_name_folded = CharField()
    last_name_folded = CharField()

    class Meta:
        legacy_table_names = False


def upgrade(database) -> None:
    """Recompute `person.first_name_folded` and `last_name_folded`, writing changed rows only."""
    with database.bind_ctx([Person]):
        rows = (Person.select(Person.id, Person.first_name, Person.last_name,
                              Person.first_name_folded, Person.last_name_folded)
                .order_by(Person.id).tuples())
        changed = []
        for person_id, first, last, first_key, last_key in rows.iterator():
            keys = fold(first), fold(last)
            if keys != (first_key, last_key):
                changed.append(Person(id=person_id, first_name_folded=keys[0],
                                      last_name_folded=keys[1]))
        if changed:
            Person.bulk_update(changed, fields=[Person.first_name_folded,
                                                Person.last_name_folded], batch_size=BATCH)
