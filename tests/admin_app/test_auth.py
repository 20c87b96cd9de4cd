"""Login, logout, CSRF and error pages."""

import pytest

from admin_app import create_app
from models import Person
from seed.factories import make_person, make_user
from tests.conftest import login

PASSWORD = "Richtig-2026!"


@pytest.fixture
def user(project):
    return make_user(role="staff_write", projects=[project], username="sabine", password=PASSWORD)


def _login(client, username, password, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password})


def test_login_page_is_german(client):
    body = client.get("/login").get_data(as_text=True)
    assert "Benutzername" in body and "Passwort" in body and "Anmelden" in body


def test_right_password_logs_in(client, user):
    response = _login(client, "sabine", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/person/").status_code == 200


@pytest.mark.parametrize(("username", "password"), [("sabine", "falsch"), ("niemand", PASSWORD)])
def test_wrong_credentials_get_the_same_german_message(client, user, username, password):
    body = _login(client, username, password).get_data(as_text=True)
    assert "Benutzername oder Passwort ist falsch." in body
    assert client.get("/admin/person/").status_code == 302


def test_inactive_user_cannot_log_in(client, user):
    user.active = False
    user.save()
    body = _login(client, "sabine", PASSWORD).get_data(as_text=True)
    assert "Benutzername oder Passwort ist falsch." in body


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_never_leaves_the_site(client, user, target):
    response = _login(client, "sabine", PASSWORD, next_url=target)
    assert response.headers["Location"] in ("/admin/", "http://localhost/admin/")


def test_next_inside_the_site_is_followed(client, user):
    response = _login(client, "sabine", PASSWORD, next_url="/admin/person/")
    assert response.headers["Location"].endswith("/admin/person/")


def test_logout_ends_the_session(client, user):
    _login(client, "sabine", PASSWORD)
    response = client.post("/logout", follow_redirects=True)
    assert "Sie wurden abgemeldet." in response.get_data(as_text=True)
    assert client.get("/admin/person/").status_code == 302


def test_logout_by_get_is_not_allowed(client, user):
    login(client, user)
    assert client.get("/logout").status_code == 405
    assert client.get("/admin/person/").status_code == 200


def test_session_of_a_deactivated_user_stops_working(client, user):
    login(client, user)
    user.active = False
    user.save()
    assert client.get("/admin/person/").status_code == 302


def test_unknown_page_is_a_german_404(client, user):
    login(client, user)
    response = client.get("/admin/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.get_data(as_text=True)


# -- CSRF: a separate app with CSRF enabled against the same database -----------------------


@pytest.fixture
def csrf_client(app):
    secured = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "csrf",
                          "TESTING": True, "WTF_CSRF_ENABLED": True})
    return secured.test_client()


def test_login_without_csrf_token_is_refused(csrf_client, user):
    response = _login(csrf_client, "sabine", PASSWORD)
    assert response.status_code == 303
    assert csrf_client.get("/admin/person/").status_code == 302


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/person/delete/", lambda p: {"id": p.id}),
        ("/admin/person/action/", lambda p: {"action": "delete", "rowid": p.id}),
        ("/admin/person/edit/?id={id}", lambda p: {"first_name": "Gehackt", "last_name": "X"}),
        ("/admin/person/bulk-edit/", lambda p: {"ids": p.id, "step": "apply",
                                                "fields": "nationality", "value-nationality": "DE"}),
    ],
)
def test_writes_without_csrf_token_change_nothing(csrf_client, user, project, path, data):
    person = make_person(project, first_name="Echt", nationality="AT")
    login(csrf_client, user)
    response = csrf_client.post(path.format(id=person.id), data=data(person),
                                follow_redirects=True)
    assert "Das Formular war abgelaufen" in response.get_data(as_text=True)
    stored = Person.get_or_none(Person.id == person.id)
    assert stored is not None
    assert (stored.first_name, stored.nationality) == ("Echt", "AT")


def test_row_delete_forms_carry_a_csrf_token(csrf_client, user, project):
    make_person(project)
    login(csrf_client, user)
    body = csrf_client.get("/admin/person/").get_data(as_text=True)
    delete_form = body[body.index('action="/admin/person/delete/"'):]
    delete_form = delete_form[:delete_form.index("</form>")]
    assert 'name="csrf_token"' in delete_form
