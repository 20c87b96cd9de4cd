"""The demo data has a chronology of employment situations and a released paying body."""

from models import EmploymentSituation, PayingBodyRelease
from seed.demo import load_demo


def test_the_demo_has_situations_and_a_release(app):
    load_demo(persons=40)
    assert {s.status for s in EmploymentSituation.select()} == {"occurred", "expected"}
    assert PayingBodyRelease.select().count() == 1
