"""A small world in which every role has rows in scope and rows out of scope."""

import datetime as dt

from models.announcements import Announcement
from models.delegation import grant_delegation
from models.history import add_message
from models.records import create_record
from models.requests import Status
from seed.factories import (
    NOW,
    make_district,
    make_funding_body,
    make_participation,
    make_person,
    make_project,
    make_request,
    make_user,
)

ROLES = ["staff_read", "staff_write", "project_lead", "clerk", "statistics", "admin"]

# Distinctive personal values: a page or export of the statistics role must show none of them.
PERSONAL = {
    "first_name": "Zyprianella",
    "last_name": "Quaxenbrück",
    "birth_date": dt.date(1977, 3, 17),
    "postcode": "4711",
    "city": "Geheimhausen",
    "street": "Verborgene Gasse 17",
    "file_number": "AZ-SECRET-0815",
}
NOTE = "Notiz-nur-für-das-Projekt"


def make_world():
    """Projects, a funding body, one user per role, persons with cases in and out of scope."""
    own, foreign = make_project(), make_project()
    body, other_body = make_funding_body(), make_funding_body()
    users = {role: make_user(role=role, projects=[own] if role in ROLES[:3] else [],
                             funding_body=body if role == "clerk" else None)
             for role in ROLES}
    colleague = make_user(role="staff_write", projects=[own])
    make_user(role="staff_write", projects=[foreign])
    person = make_person(own, **PERSONAL)
    participation = make_participation(person, own, note=NOTE, actor=users["staff_write"])
    sent = make_request(participation, body, status=Status.SUBMITTED,
                        message="Bitte rasch bearbeiten")
    make_request(participation, body)
    add_message(sent, users["staff_write"], NOW, "Rückfrage zum Antrag")
    stranger = make_person(foreign)
    other = make_participation(stranger, foreign)
    make_request(other, other_body, status=Status.SUBMITTED)
    make_district("1234", "Musterbezirk")
    grant_delegation(users["staff_write"], colleague, users["staff_write"], NOW)
    create_record(Announcement(title="Wartung", text="Am Freitag ab 18 Uhr.",
                               valid_from=dt.date(2026, 1, 1)), users["admin"], NOW)
    return {"users": users, "own": own, "foreign": foreign, "person": person,
            "participation": participation, "request": sent, "stranger": stranger}
