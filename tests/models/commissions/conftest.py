"""A commission with every precondition of a phase change, minus the ones a test leaves out."""

import datetime as dt

import pytest

from models.commissions.models import Commission, Phase, PhaseChange
from seed.factories import (
    make_commission,
    make_disability_proof,
    make_document,
    make_funding_body,
    make_person,
    make_user,
)

# Each precondition of 004 §2/§8 a test may leave out.
DOCUMENTS = ("data_protection_notice", "goal_agreement", "written_commission",
             "expert_opinion", "confidentiality_release", "final_report")
FIELDS = {"legal_basis": "accompanying_help", "service_type": "securing",
          "case_group": "severely_disabled"}


@pytest.fixture
def caseworker(project):
    return make_user(role="staff_write", projects=[project])


@pytest.fixture
def build(project, caseworker, document_store):
    """build(phase, omit=(), body_kind="Integrationsamt", since=1.9.2026, **fields)."""
    bodies = {}

    def _build(phase=Phase.P1, omit=(), body_kind="Integrationsamt",
               since=dt.date(2026, 9, 1), **fields):
        if body_kind not in bodies:
            bodies[body_kind] = make_funding_body(kind=body_kind)
        person = make_person(project=project)
        data = {name: value for name, value in FIELDS.items() if name not in omit}
        data.update(fields)
        body = None if "funding_body" in omit else bodies[body_kind]
        commission = make_commission(person, funding_body=body, caseworker=caseworker, **data)
        if "proof" not in omit:
            proof = make_disability_proof(person)
            make_document(proof, kind="disability_proof")
        for kind in DOCUMENTS:
            if kind not in omit:
                make_document(commission, kind=kind)
        Commission.update(phase=phase, phase_since=since).where(
            Commission.id == commission.id).execute()
        return Commission.get_by_id(commission.id)

    return _build


def phase_changes(commission) -> list:
    return [(row.from_phase, row.to_phase, row.date) for row in
            PhaseChange.select().where(PhaseChange.commission == commission.id)
            .order_by(PhaseChange.id)]
