"""'Mein Konto', display settings, announcements, delegations, list layouts, user admin."""

import datetime as dt
import re

import pytest

from models import Announcement, Delegation, HistoryEntry, ListLayout, User
from models.core.records import create_record
from seed.factories import NOW, make_participation, make_person, make_user
from tests.conftest import login


def test_my_account_shows_name_role_and_projects(client, staff, project):
    body = login(client, staff).get("/admin/account/").get_data(as_text=True)
    assert staff.full_name in body and staff.username in body
    assert "Projektmitarbeit (schreiben)" in body
    assert project.name in body


@pytest.mark.parametrize(("size", "theme"), [("large", "high"), ("larger", "dark"),
                                             ("normal", "normal")])
def test_display_settings_are_saved_per_user(client, staff, size, theme):
    login(client, staff)
    client.post("/admin/account/display/", data={"font_size": size, "theme": theme,
                                                 "next": "/admin/person/"})
    stored = User.get_by_id(staff.id)
    assert (stored.font_size, stored.theme) == (size, theme)
    page = client.get("/admin/person/").get_data(as_text=True)
    assert f'class="font-{size} theme-{theme}"' in page


def test_unknown_display_values_are_refused(client, staff):
    login(client, staff)
    client.post("/admin/account/display/", data={"font_size": "huge", "theme": "x"})
    assert User.get_by_id(staff.id).theme == "normal"


# -- announcements ------------------------------------------------------------------------

def _announce(title, audience="", start=None, end=None):
    return create_record(Announcement(title=title, text=f"Text zu {title}", audience=audience,
                                      valid_from=start or dt.date.today() - dt.timedelta(1),
                                      valid_to=end), None, NOW)


def _log_in_by_password(client, user, password="Geheim-2026!"):
    return client.post("/login", data={"username": user.username, "password": password})


def test_announcements_appear_after_login_until_closed(client, staff):
    notice = _announce("Neue Exportfunktion")
    _announce("Nur für Kostenträger", audience=["clerk"])
    _announce("Vorbei", start=dt.date(2020, 1, 1), end=dt.date(2020, 2, 1))
    _log_in_by_password(client, staff)
    page = client.get("/admin/person/").get_data(as_text=True)
    assert "Neue Exportfunktion" in page
    assert "Nur für Kostenträger" not in page and "Vorbei" not in page
    client.post(f"/admin/account/announcements/dismiss/?id={notice.id}",
                data={"next": "/admin/person/"})
    assert "Neue Exportfunktion" not in client.get("/admin/person/").get_data(as_text=True)


def test_an_announcement_is_one_line_whose_text_opens_on_demand(client, staff):
    _announce("Neue Exportfunktion")
    _log_in_by_password(client, staff)
    page = client.get("/admin/person/").get_data(as_text=True)
    banner = re.search(r'<details class="announcement-details">(.*?)</details>', page, re.S)
    summary = re.search(r"<summary>(.*?)</summary>", banner.group(1), re.S).group(1)
    assert "Neue Exportfunktion" in summary and "Text zu" not in summary
    assert "Text zu Neue Exportfunktion" in banner.group(1)


def test_closed_and_expired_announcements_stay_readable(client, staff):
    notice = _announce("Neue Exportfunktion")
    _announce("Vorbei", start=dt.date(2020, 1, 1), end=dt.date(2020, 2, 1))
    login(client, staff)
    client.post(f"/admin/account/announcements/dismiss/?id={notice.id}")
    page = client.get("/admin/account/").get_data(as_text=True)
    assert "Neue Exportfunktion" in page and "Vorbei" in page and "abgelaufen" in page


def test_an_announcement_for_other_roles_cannot_be_closed(client, staff):
    notice = _announce("Nur für Kostenträger", audience=["clerk"])
    login(client, staff)
    assert client.post(f"/admin/account/announcements/dismiss/?id={notice.id}") \
        .status_code == 404


def test_administrators_write_announcements(client, admin):
    login(client, admin)
    response = client.post("/admin/announcement/new/", data={
        "title": "Wartung", "text": "Freitag 18 Uhr", "audience": ["staff_write", "clerk"],
        "valid_from": "01.12.2026", "valid_to": "05.12.2026"})
    assert response.status_code == 302
    stored = Announcement.get()
    assert stored.audience == ["clerk", "staff_write"]
    assert stored.valid_to == dt.date(2026, 12, 5)


def test_an_announcement_ends_after_it_starts(client, admin):
    login(client, admin)
    body = client.post("/admin/announcement/new/", data={
        "title": "Wartung", "text": "x", "valid_from": "05.12.2026",
        "valid_to": "01.12.2026"}).get_data(as_text=True)
    assert "Das Ende liegt vor dem Beginn." in body
    assert not Announcement.select().exists()


def test_the_account_page_costs_the_same_queries_with_more_projects_and_delegations(
        client, staff, project):
    from playhouse.test_utils import count_queries

    from models.accounts.delegation import grant_delegation
    from seed.factories import assign, make_project

    login(client, staff)

    def queries() -> int:
        with count_queries() as counted:
            assert client.get("/admin/account/").status_code == 200
        return counted.count

    few = queries()
    for _ in range(3):
        other = make_project()
        assign(staff, other)
        colleague = make_user(role="staff_write", projects=[project])
        grant_delegation(staff, colleague, staff, NOW)
        grant_delegation(colleague, staff, colleague, NOW)
    body = client.get("/admin/account/").get_data(as_text=True)
    assert body.count(colleague.full_name) == 2  # granted and received; not offered again
    assert other.name in body
    assert queries() == few


# -- delegations in 'Mein Konto' ----------------------------------------------------------

def test_staff_grant_and_revoke_a_delegation(client, staff, project):
    colleague = make_user(role="staff_write", projects=[project], full_name="Carla Kollegin")
    make_user(role="staff_write", full_name="Fremde Person")
    login(client, staff)
    page = client.get("/admin/account/").get_data(as_text=True)
    assert "Carla Kollegin" in page and "Fremde Person" not in page
    client.post("/admin/account/delegations/", data={"grantee": colleague.id})
    delegation = Delegation.get()
    assert (delegation.grantor_id, delegation.grantee_id) == (staff.id, colleague.id)
    client.post(f"/admin/account/delegations/revoke/?id={delegation.id}")
    assert Delegation.get_by_id(delegation.id).revoked_at is not None
    events = [e.event for e in HistoryEntry.select().where(HistoryEntry.relation == "delegation")]
    assert events == ["created", "updated"]


def test_nobody_revokes_someone_elses_delegation(client, staff, project):
    colleague = make_user(role="staff_write", projects=[project])
    from models.accounts.delegation import grant_delegation

    delegation = grant_delegation(colleague, staff, colleague, NOW)
    login(client, staff)
    assert client.post(f"/admin/account/delegations/revoke/?id={delegation.id}") \
        .status_code == 404
    assert Delegation.get_by_id(delegation.id).revoked_at is None


def test_the_participation_page_shows_caseworker_and_delegates(client, staff, project):
    colleague = make_user(role="staff_write", projects=[project], full_name="Carla Kollegin")
    from models.accounts.delegation import grant_delegation

    grant_delegation(staff, colleague, staff, NOW)
    case = make_participation(make_person(project), project, actor=staff)
    login(client, colleague)
    body = client.get(f"/admin/participation/details/?id={case.id}").get_data(as_text=True)
    assert staff.full_name in body
    assert "Vertretungen: Carla Kollegin" in body


def test_a_colleague_without_delegation_cannot_edit_the_case(client, staff, project):
    colleague = make_user(role="staff_write", projects=[project])
    case = make_participation(make_person(project), project, actor=staff)
    login(client, colleague)
    page = client.get(f"/admin/participation/details/?id={case.id}").get_data(as_text=True)
    assert "Förderbedarfsdaten bearbeiten" not in page
    body = client.post(f"/admin/participation/edit/?id={case.id}", data={
        "person": case.person_id, "project": project.id, "created_on": "01.01.2024",
        "care_level": "4"}, follow_redirects=True).get_data(as_text=True)
    assert "Nur die fallverantwortliche Person" in body
    assert type(case).get_by_id(case.id).care_level is None


# -- list layouts -------------------------------------------------------------------------

def _columns(body):
    head = body[body.index("<thead>"):body.index("</thead>")]
    return re.findall(r'class="column-header col-([\w-]+)"', head)


def test_a_layout_chooses_and_orders_columns(client, staff, project):
    make_person(project)
    login(client, staff)
    client.post("/admin/person/layout/", data={
        "show-birth_date": "1", "position-birth_date": "1",
        "show-last_name": "1", "position-last_name": "2",
        "show-pseudonym": "", "position-pseudonym": "3"})
    columns = _columns(client.get("/admin/person/?page_size=20").get_data(as_text=True))
    assert columns == ["birth_date", "last_name"]
    export = client.post("/admin/person/export.xlsx")
    assert export.status_code == 200


def test_sort_and_filters_come_back_from_the_menu(client, staff, project):
    login(client, staff)
    client.post("/admin/person/layout/save/?sort=3&desc=1&flt0_7=f&page=4&search=x")
    layout = ListLayout.get()
    assert "sort=birth_date" in layout.arguments and "page=" not in layout.arguments
    response = client.get("/admin/person/")
    assert response.status_code == 302
    assert "sort=3" in response.headers["Location"] and "flt0_7=f" in response.headers["Location"]
    # Links inside the list carry page_size, so clearing filters is not undone.
    assert client.get("/admin/person/?page_size=20").status_code == 200


def test_a_reset_returns_to_the_default_layout(client, staff, project):
    make_person(project)
    login(client, staff)
    default = _columns(client.get("/admin/person/?page_size=20").get_data(as_text=True))
    client.post("/admin/person/layout/", data={"show-last_name": "1"})
    client.post("/admin/person/layout/", data={"reset": "1"})
    assert _columns(client.get("/admin/person/?page_size=20").get_data(as_text=True)) == default
    assert client.get("/admin/person/").status_code == 200


def test_all_layouts_are_reset_from_my_account(client, staff):
    login(client, staff)
    client.post("/admin/person/layout/", data={"show-last_name": "1"})
    client.post("/admin/project/layout/", data={"show-name": "1"})
    client.post("/admin/account/layouts/reset/")
    assert not ListLayout.select().exists()


def test_personal_columns_are_not_offered_to_the_statistics_role(client, statistics):
    login(client, statistics)
    page = client.get("/admin/person/layout/").get_data(as_text=True)
    assert "Nachname" not in page and "Person-ID" in page
    client.post("/admin/person/layout/", data={"show-last_name": "1", "show-pseudonym": "1"})
    assert ListLayout.get().column_names == ["pseudonym"]


# -- user administration ------------------------------------------------------------------

def test_unlock_from_the_user_list(client, admin):
    from models.accounts.login import check_password_login

    locked = make_user(username="gesperrt")
    for _ in range(3):
        check_password_login("gesperrt", "falsch", "10.0.0.1", NOW)
    login(client, admin)
    listing = client.get("/admin/user/").get_data(as_text=True)
    assert "Entsperren" in listing
    client.post("/admin/user/action/", data={"action": "unlock", "rowid": [locked.id]})
    assert not User.get_by_id(locked.id).is_locked


def test_reset_the_second_factor_from_the_user_list(client, admin):
    lost_phone = make_user(role="clerk", second_factor=True)
    login(client, admin)
    client.post("/admin/user/action/", data={"action": "reset_second_factor",
                                              "rowid": [lost_phone.id]})
    stored = User.get_by_id(lost_phone.id)
    assert not stored.totp_enabled and stored.totp_secret is None
    assert stored.session_version == lost_phone.session_version + 1


def test_the_user_history_shows_logins_and_lockouts(client, admin):
    from models.accounts.login import check_password_login

    make_user(username="gesperrt")
    for _ in range(3):
        check_password_login("gesperrt", "falsch", "10.0.0.1", NOW)
    login(client, admin)
    locked = User.get(User.username == "gesperrt")
    body = client.get(f"/admin/user/history/?id={locked.id}").get_data(as_text=True)
    assert body.count("Anmeldung fehlgeschlagen") == 3
    assert "gesperrt" in body


@pytest.mark.parametrize("path", ["/admin/account/",
                                  "/admin/account/password/", "/admin/person/layout/",
                                  "/admin/delegation/new/", "/admin/announcement/new/"])
def test_account_pages_are_german(client, admin, path):
    from tests.test_i18n import _english_words

    login(client, admin)
    response = client.get(path)
    assert response.status_code == 200
    assert _english_words(response.get_data(as_text=True)) == []


def test_the_code_page_is_german(client):
    from tests.test_i18n import _english_words

    make_user(role="admin", username="chefin", password="Richtig-2026!", second_factor=True)
    client.post("/login", data={"username": "chefin", "password": "Richtig-2026!"})
    assert _english_words(client.get("/login/code").get_data(as_text=True)) == []


# -- delegations in the administrators' list ------------------------------------------------


def test_an_administrator_grants_a_delegation_on_behalf_of_a_caseworker(client, admin, staff,
                                                                         project):
    colleague = make_user(role="staff_write", projects=[project])
    login(client, admin)
    response = client.post("/admin/delegation/new/",
                           data={"grantor": staff.id, "grantee": colleague.id})
    assert response.status_code == 302
    delegation = Delegation.get()
    assert (delegation.grantor_id, delegation.grantee_id) == (staff.id, colleague.id)
    assert delegation.created_at is not None and delegation.revoked_at is None
    entry = HistoryEntry.get(HistoryEntry.relation == "delegation")
    assert (entry.event, entry.editor_id) == ("created", admin.id)


def test_the_delegation_rules_hold_in_the_administrators_form(client, admin, staff):
    login(client, admin)
    body = client.post("/admin/delegation/new/", data={"grantor": staff.id,
                                                       "grantee": staff.id}) \
        .get_data(as_text=True)
    assert "Sie können sich nicht selbst vertreten." in body
    assert not Delegation.select().exists()
