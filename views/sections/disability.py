"""The proofs of disability as a section of the person page."""


from flask_babel import gettext
from peewee import fn, prefetch

from models.core.access import is_visible, may_write
from models.disability.models import (
    NOTICE_KINDS,
    Disability,
    DisabilityProof,
)
from views.core.context import acting_user
from views.core.formatting import label_of
from views.sections.documents import DocumentsMixin


def conditions_text(value) -> str:
    """A list of conditions from the history as text: 'Depression (relevant); …'."""
    if not value:
        return "–"
    parts = []
    for name, relevant, not_recognised in value:
        marks = [gettext("relevant for the support")] if relevant else []
        if not_recognised:
            marks.append(gettext("not recognised"))
        parts.append(f"{name} ({', '.join(marks)})" if marks else name)
    return "; ".join(parts)


class DisabilityProofsMixin(DocumentsMixin):
    """The person page lists the person's proofs of disability with their documents."""

    def disability_proofs(self, person) -> list:
        """The person's proofs the user may see, newest first, with their disabilities."""
        proofs = self.section_rows(DisabilityProof).where(DisabilityProof.person == person) \
            .order_by(fn.COALESCE(DisabilityProof.effective_from,
                                  DisabilityProof.notice_date).desc(),
                      DisabilityProof.id.desc())
        conditions = Disability.select().order_by(Disability.position)
        return list(prefetch(proofs, conditions))

    def may_add_proof(self, person) -> bool:
        """May the user record a proof for `person`?"""
        user = acting_user()
        return may_write(user, DisabilityProof) and is_visible(user, person)

    def notice_kind_label(self, code) -> str:
        return label_of(NOTICE_KINDS, code)
