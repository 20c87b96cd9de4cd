"""The commission builder of the model tests, for the pages."""

from tests.models.commissions.conftest import build, caseworker  # noqa: F401
