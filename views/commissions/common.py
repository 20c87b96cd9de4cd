"""Small helpers the commission pages share."""

from flask_babel import lazy_gettext


def choices_of(enum_type) -> list:
    """(code, German label) of each member of a LabelledEnum, for a select field."""
    return [(code, lazy_gettext(label)) for code, label in enum_type.choices()]
