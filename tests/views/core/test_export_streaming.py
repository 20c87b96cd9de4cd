"""Exports stream their rows from the cursor (issue 16, cause 6): a written row is not kept
in the query's cache, so a whole-list export does not hold every row in memory."""

from seed.factories import make_person
from views.people import PersonView


def test_the_export_keeps_no_written_row(app, admin, project):
    from models import Person
    from views.core.context import request_state

    for _ in range(5):
        make_person(project)
    view = next(v for v in app.extensions["admin"][0]._views if isinstance(v, PersonView))
    query = Person.select()
    with app.test_request_context():
        from flask_login import login_user

        login_user(admin)
        request_state()
        rows = list(view.export_rows(query, [("pseudonym", "Person-ID")]))
    assert len(rows) == 5
    assert not query._cursor_wrapper.row_cache
