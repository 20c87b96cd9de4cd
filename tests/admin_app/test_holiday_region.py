"""HOLIDAY_REGION sets the federal state whose holidays count for projects naming none."""

import pytest

from admin_app.config import init_holiday_region
from models.commissions.workdays import DEFAULT_REGION, region, use_region


@pytest.fixture(autouse=True)
def default_region_back():
    yield
    use_region(*DEFAULT_REGION)


def test_the_setting_becomes_the_default_region():
    init_holiday_region("DE-BY")
    assert region() == ("DE", "BY")


@pytest.mark.parametrize("code", ["DE-XX", "Wien", "", "AT9"])
def test_an_unknown_region_stops_the_start_naming_the_setting(code):
    with pytest.raises(SystemExit, match="HOLIDAY_REGION"):
        init_holiday_region(code)
