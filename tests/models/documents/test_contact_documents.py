"""Documents at a contact (004 §8): only the caseworker, their delegates and supervisors read
them and add to them; other staff of the project see the contact, not its documents."""

import pytest

from models.core.access import visible
from models.documents.models import Document
from models.documents.rules import can_upload
from seed.factories import NOW, make_commission, make_contact, make_document, make_person, make_user


@pytest.fixture
def contact_document(project, document_store):
    from models.accounts.delegation import grant_delegation

    caseworker = make_user(role="staff_write", projects=[project])
    delegate = make_user(role="staff_write", projects=[project])
    grant_delegation(caseworker, delegate, caseworker, NOW)
    commission = make_commission(make_person(project=project), caseworker=caseworker)
    contact = make_contact(commission, actor=caseworker)
    users = {"caseworker": caseworker, "delegate": delegate,
             "colleague": make_user(role="staff_write", projects=[project]),
             "reader": make_user(role="staff_read", projects=[project]),
             "lead": make_user(role="project_lead", projects=[project])}
    return make_document(contact, name="Protokoll.pdf", actor=caseworker), contact, users


@pytest.mark.parametrize(("who", "sees", "uploads"), [
    ("caseworker", True, True),
    ("delegate", True, True),
    ("lead", True, True),
    ("colleague", False, False),
    ("reader", False, False),
])
def test_who_reads_and_adds_documents_at_a_contact(contact_document, who, sees, uploads):
    document, contact, users = contact_document
    user = users[who]
    assert visible(Document, user).where(Document.id == document.id).exists() is sees
    assert can_upload(contact, user) is uploads


@pytest.mark.parametrize("opened", [True, False])
def test_a_clerk_reads_them_only_with_an_occasion_based_access(contact_document, opened):
    """004 §1.3: for a complaint or objection all data of the commission, on that day."""
    from models.core.clock import today
    from seed.factories import make_funding_body, make_occasion_access

    document, contact, _users = contact_document
    commission = contact.commission
    body = make_funding_body()
    commission.funding_body = body
    commission.save()
    clerk = make_user(role="clerk", funding_body=body)
    if opened:
        make_occasion_access(commission, clerk, day=today())
    assert visible(Document, clerk).where(Document.id == document.id).exists() is opened
