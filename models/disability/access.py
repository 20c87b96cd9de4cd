"""Proofs of disability follow the visibility of their person."""

from models.core.access import register, visible
from models.core.roles import ALL_ROLES, PROJECT_WRITERS
from models.disability.models import DisabilityProof
from models.people.models import Person


def _disability_proofs(query, user, today):
    return query.where(DisabilityProof.person.in_(visible(Person, user, today=today)
                                                  .select(Person.id)))


register(DisabilityProof, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_disability_proofs)
