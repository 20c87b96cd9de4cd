"""Eligibility data as pages show them: German labels of fields and values."""


from flask_babel import gettext

from models.participations.models import (
    KINDS_WITH_FINDINGS,
    KINDS_WITHOUT_FINDINGS,
    LEGAL_BASES,
    Participation,
)
from views.core.formatting import history_value, label_of

CODE_LABELS = {
    "legal_basis": dict(LEGAL_BASES),
    "kinds_with_findings": dict(KINDS_WITH_FINDINGS),
    "kinds_without_findings": dict(KINDS_WITHOUT_FINDINGS),
}


def eligibility_label(name) -> str:
    """The German label of an eligibility field."""
    return gettext(Participation._meta.fields[name].verbose_name)


def eligibility_text(name, value) -> str:
    """An eligibility value as the user reads it (lists of codes become their labels)."""
    if isinstance(value, list | tuple):
        labels = CODE_LABELS.get(name, {})
        return ", ".join(label_of(labels, code) for code in value) or "–"
    return history_value(Participation, name, value)
