"""The demo data set: two providers, four projects, three funding bodies, persons, users."""

import random

from models import db

from .factories import (
    assign,
    make_district,
    make_funding_body,
    make_person,
    make_project,
    make_provider,
    make_user,
    seed_faker,
)

DEMO_PASSWORD = "Fallakte-Demo-2026!"
# (user name, role, full name)
DEMO_USERS = [
    ("admin", "admin", "Andrea Administratorin"),
    ("lesen", "staff_read", "Lukas Leser"),
    ("staff", "staff_write", "Sabine Sachbearbeiterin"),
    ("leitung", "project_lead", "Peter Projektleiter"),
    ("kostentr", "clerk", "Klara Kostenträger"),
    ("statistik", "statistics", "Stefan Statistik"),
]
DISTRICTS = [
    ("1010", "Wien, Innere Stadt"), ("1100", "Wien, Favoriten"), ("4020", "Linz"),
    ("5020", "Salzburg"), ("6020", "Innsbruck"), ("8010", "Graz"), ("9020", "Klagenfurt"),
    ("3100", "St. Pölten"), ("2700", "Wiener Neustadt"), ("6900", "Bregenz"),
]


def load_demo(persons: int = 200, seed: int = 2026) -> str:
    """Create the demo data in one transaction; returns a short summary."""
    seed_faker(seed)
    with db.atomic():
        for postcode, name in DISTRICTS:
            make_district(postcode, name)
        caritas = make_provider("Inklusion Wien gGmbH", city="Wien")
        lebenshilfe = make_provider("Lebenshilfe Rhein-Ruhr e. V.", city="Essen")
        projects = [
            make_project(caritas, "Arbeitsassistenz Wien", region="Wien"),
            make_project(caritas, "Integrationsfachdienst Niederösterreich", region="St. Pölten"),
            make_project(lebenshilfe, "Unterstützte Beschäftigung Essen", region="Essen"),
            make_project(lebenshilfe, "Ambulant betreutes Wohnen Bochum", region="Bochum"),
        ]
        bodies = [
            make_funding_body("Sozialministeriumservice Landesstelle Wien", kind="Integrationsamt"),
            make_funding_body("LWL-Inklusionsamt Arbeit", kind="Integrationsamt", city="Münster"),
            make_funding_body("Agentur für Arbeit Essen", kind="Agentur für Arbeit", city="Essen"),
        ]
        users = {}
        for username, role, name in DEMO_USERS:
            users[username] = make_user(role=role, username=username, full_name=name,
                                        password=DEMO_PASSWORD,
                                        funding_body=bodies[0] if role == "clerk" else None)
        for username in ("lesen", "staff", "leitung"):
            assign(users[username], projects[0])
        assign(users["leitung"], projects[1])
        for index in range(persons):
            project = projects[index % len(projects)]
            austrian = project.provider_id == caritas.id
            make_person(project, austrian=austrian, **({"postcode": random.choice(DISTRICTS)[0]}
                                                      if austrian and index % 2 else {}))
    return f"{len(projects)} projects, {len(bodies)} funding bodies, {persons} persons, " \
           f"{len(DEMO_USERS)} users"
