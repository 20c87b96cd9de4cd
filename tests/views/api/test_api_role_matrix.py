"""The role matrix through the API: in the world of tests/views/world.py every role's token
lists and reads exactly the persons, participations and requests the world says it sees; the statistics
token's answers carry no personal value."""

import pytest

from tests.views.api.conftest import TokenClient
from tests.views.test_statistics_privacy import leaks, personal_values
from tests.views.world import ROLES

RESOURCES = {"person": "/api/v1/persons", "request": "/api/v1/requests",
             "participation": "/api/v1/participations", "delivered_hours": "/api/v1/hours"}


def _all_ids(api, url) -> set[int]:
    ids, after = set(), 0
    while after is not None:
        page = api.get(url, query_string={"after": after, "limit": 1}).get_json()
        ids |= {item["id"] for item in page["items"]}
        after = page["next"]
    return ids


def _token_client(app, world, role):
    from seed.factories import make_api_token

    return TokenClient(app.test_client(), make_api_token(world["users"][role])[1])


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_exactly_its_rows(app, world, role, resource):
    api = _token_client(app, world, role)
    expected = {row.id for row, roles in world["sees"][resource] if role in roles}
    listed = _all_ids(api, RESOURCES[resource])
    assert expected <= listed
    # Rows the world does not name (extra requests of the commissions) may be listed only
    # when the role sees every row of the kind; those it names out of scope never are.
    hidden = {row.id for row, roles in world["sees"][resource] if role not in roles}
    assert not listed & hidden


@pytest.mark.parametrize("resource", sorted(RESOURCES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_its_rows(app, world, role, resource):
    api = _token_client(app, world, role)
    for row, roles in world["sees"][resource]:
        status = api.get(f"{RESOURCES[resource]}/{row.id}").status_code
        assert status == (200 if role in roles else 404), (row.id, status)


def test_no_statistics_answer_carries_a_personal_value(app, world):
    api = _token_client(app, world, "statistics")
    values = personal_values(world)
    urls = [f"{url}?limit=100" for url in RESOURCES.values()]
    urls += [f"{RESOURCES[name]}/{row.id}" for name in RESOURCES
             for row, _roles in world["sees"][name]]
    urls += [f"/api/v1/persons?q={world['person'].pseudonym}", "/api/v1/persons?q=Quaxenbrück"]
    found = {}
    for url in urls:
        answer = api.get(url)
        assert answer.status_code == 200, url
        hits = leaks(answer.get_data(as_text=True), values, typed="Quaxenbrück")
        if hits:
            found[url] = hits
    assert found == {}


def test_the_statistics_search_by_name_finds_nobody(app, world):
    api = _token_client(app, world, "statistics")
    answer = api.get("/api/v1/persons", query_string={"q": world["person"].last_name})
    assert answer.get_json()["items"] == []
