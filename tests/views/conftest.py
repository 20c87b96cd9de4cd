"""Fixtures shared by the view tests of cases: one project's world with every role."""

import pytest

from seed.factories import make_funding_body, make_participation, make_user


@pytest.fixture
def setting(app, project, other_project):
    """A participation of `project`, its funding body, and a user of every role around it."""
    body = make_funding_body()
    return {
        "body": body,
        "staff": make_user(role="staff_write", projects=[project]),
        "reader": make_user(role="staff_read", projects=[project]),
        "foreign_staff": make_user(role="staff_write", projects=[other_project]),
        "clerk": make_user(role="clerk", funding_body=body),
        "other_clerk": make_user(role="clerk"),
        "statistics": make_user(role="statistics"),
        "admin": make_user(role="admin"),
        "participation": make_participation(project=project),
    }
