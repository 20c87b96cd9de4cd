"""Funding bodies are searched before one is created: words in any order, case, accents and
umlaut spellings ignored; another spelling of an existing name is refused."""

import pytest

from models.core.errors import ValidationError
from models.people.funding_bodies import find_funding_bodies
from models.people.models import FundingBody
from seed.factories import make_funding_body


@pytest.fixture
def bodies(app):
    return {
        "office": make_funding_body("Integrationsamt Thüringen", city="Erfurt"),
        "aok": make_funding_body("AOK Plus", kind="Krankenkasse", city="Dresden"),
        "drv": make_funding_body("Deutsche Rentenversicherung Mitteldeutschland",
                                 city="Leipzig"),
    }


@pytest.mark.parametrize(("name", "city", "found"), [
    ("Integrationsamt Thüringen", None, ["office"]),
    ("thueringen integrationsamt", None, ["office"]),
    ("INTEGRATIONSAMT THURINGEN", None, ["office"]),
    ("aok", None, ["aok"]),
    ("renten mittel", "leip", ["drv"]),
    ("aok", "Erfurt", []),
    ("Landschaftsverband", None, []),
])
def test_the_search_ignores_case_accents_umlauts_and_order(bodies, name, city, found):
    rows = find_funding_bodies(FundingBody.select(), name, city)
    assert [row.id for row in rows] == [bodies[key].id for key in found]


@pytest.mark.parametrize("name", ["", "  ", "ao", None])
def test_a_search_needs_three_letters(bodies, name):
    with pytest.raises(ValidationError) as refused:
        find_funding_bodies(FundingBody.select(), name)
    assert set(refused.value.errors) == {"name"}


@pytest.mark.parametrize("spelling", ["Integrationsamt Thueringen", "integrationsamt thüringen",
                                      "Integrationsamt  Thuringen"])
def test_another_spelling_of_an_existing_name_is_refused(bodies, spelling):
    count = FundingBody.select().count()
    with pytest.raises(ValidationError) as refused:
        make_funding_body(spelling)
    assert set(refused.value.errors) == {"name"}
    assert FundingBody.select().count() == count


def test_a_different_name_is_created(bodies):
    make_funding_body("Integrationsamt Sachsen")
    assert FundingBody.select().count() == 4
