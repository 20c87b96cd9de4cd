"""Search before creating a funding body, through HTTP: only for roles that create funding
bodies; a new one is offered after the search, another spelling is refused at the field."""

import pytest

from models.people.models import FundingBody
from seed.factories import make_funding_body
from tests.conftest import login


def test_creating_starts_with_the_search(client, admin):
    login(client, admin)
    response = client.get("/admin/funding_body/new/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/funding_body/find/")


def test_the_search_shows_the_match_and_offers_to_create(client, admin):
    body = make_funding_body("Integrationsamt Thüringen")
    login(client, admin)
    page = client.post("/admin/funding_body/find/", data={"name": "thueringen integrationsamt"})
    text = page.get_data(as_text=True)
    assert f"/admin/funding_body/details/?id={body.id}" in text
    assert "/admin/funding_body/new/?checked=1" in text


def test_a_too_short_search_is_refused_at_the_field(client, admin):
    login(client, admin)
    text = client.post("/admin/funding_body/find/", data={"name": "ao"}).get_data(as_text=True)
    assert "is-invalid" in text
    assert "mindestens 3 Buchstaben" in text


def test_another_spelling_is_refused_when_created(client, admin):
    make_funding_body("Integrationsamt Thüringen")
    login(client, admin)
    count = FundingBody.select().count()
    page = client.post("/admin/funding_body/new/?checked=1",
                       data={"name": "Integrationsamt Thueringen"})
    assert page.status_code == 200
    assert "existiert bereits" in page.get_data(as_text=True)
    assert FundingBody.select().count() == count


@pytest.mark.parametrize("role", ["staff", "clerk", "statistics"])
def test_roles_that_do_not_create_funding_bodies_cannot_search(client, request, role):
    login(client, request.getfixturevalue(role))
    response = client.post("/admin/funding_body/find/", data={"name": "Integrationsamt"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/funding_body/")
