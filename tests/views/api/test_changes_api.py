"""The changes feed: every role finds the changes of the records it sees and of no other;
pages by cursor without a query per row; no personal value for the statistics role."""

import pytest
from playhouse.test_utils import assert_query_count

from seed.factories import make_api_token
from tests.views.api.conftest import TokenClient
from tests.views.test_statistics_privacy import leaks, personal_values
from tests.views.world import ROLES

CHANGES = "/api/v1/changes"
KINDS = ("person", "participation", "request")


def _feed(api) -> list[dict]:
    items, after = [], 0
    while after is not None:
        page = api.get(CHANGES, query_string={"after": after, "limit": 100}).get_json()
        items += page["items"]
        after = page["next"]
    return items


@pytest.mark.parametrize("role", ROLES)
def test_the_feed_names_the_records_the_role_sees_and_no_other(app, world, role):
    api = TokenClient(app.test_client(), make_api_token(world["users"][role])[1])
    named = {(item["relation"], item["record_id"]) for item in _feed(api)}
    for kind in KINDS:
        for row, roles in world["sees"][kind]:
            assert ((kind, row.id) in named) == (role in roles), (kind, row.id)


def test_the_feed_pages_without_a_query_per_row(app, world):
    api = TokenClient(app.test_client(), make_api_token(world["users"]["staff_write"])[1])
    api.get(CHANGES)
    with assert_query_count(2):
        page = api.get(CHANGES, query_string={"limit": 5}).get_json()
    assert len(page["items"]) == 5 and page["next"] is not None


def test_the_statistics_feed_carries_no_personal_value(app, world):
    api = TokenClient(app.test_client(), make_api_token(world["users"]["statistics"])[1])
    text = str(_feed(api))
    assert leaks(text, personal_values(world)) == []
