"""Column formatters that several views share: a related person or project of a row."""

from markupsafe import escape

from models.core.roles import may_read_personal
from views.core.context import acting_user


def person_label(person) -> str:
    """A person as the user may see it: the Person-ID only for the statistics role."""
    if not may_read_personal(acting_user()):
        return person.pseudonym
    return f"{person} ({person.pseudonym})"


def _follow(row, path):
    for name in path:
        row = getattr(row, name)
    return row


def person_column(*path):
    """A formatter showing the person reached from a row through `path` (attribute names)."""

    def formatter(_view, _context, row, _name):
        return escape(person_label(_follow(row, path)))

    return formatter


def project_column(*path):
    """A formatter showing the name of the project reached from a row through `path`."""

    def formatter(_view, _context, row, _name):
        return escape(_follow(row, path).name)

    return formatter
