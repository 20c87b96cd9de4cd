"""The demo data set: two providers, four projects, three funding bodies, persons, users."""


from models import db

from .demo_people import add_cases, add_people
from .factories import (
    assign,
    make_district,
    make_funding_body,
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
    ("planung", "planner", "Pia Planerin"),
]
DISTRICTS = [
    ("1010", "Wien, Innere Stadt"), ("1100", "Wien, Favoriten"), ("4020", "Linz"),
    ("5020", "Salzburg"), ("6020", "Innsbruck"), ("8010", "Graz"), ("9020", "Klagenfurt"),
    ("3100", "St. Pölten"), ("2700", "Wiener Neustadt"), ("6900", "Bregenz"),
]


def add_documents(people) -> None:
    """Scanned notices on proofs of disability and a few documents on participations."""
    import datetime as dt

    from models import Participation

    from .factories import make_disability_proof, make_document

    for index, person in enumerate(people[::6]):
        proof = make_disability_proof(
            person, conditions=[("Depression", True, False), ("Tinnitus", False, True)],
            notice_date=dt.date(2023, 1 + index % 12, 10), degree_of_disability=50 + index % 4 * 10)
        make_document(proof, name="Feststellungsbescheid.pdf", kind="disability_proof")
    participations = Participation.select().order_by(Participation.id).limit(len(people) // 4)
    for index, participation in enumerate(participations):
        make_document(participation, name="Datenschutz-Merkblatt unterschrieben.pdf",
                      kind="data_protection_notice")
        if index % 3 == 0:
            make_document(participation, name="Zielvereinbarung.pdf", kind="goal_agreement",
                          note="Von der Klientin unterschrieben.")
def add_hours(care_project, users, participations, requests, today) -> None:
    """Delivered hours for approved requests; ambulatory care cases in `care_project`."""
    from .demo_hours import add_care, add_delivered_hours

    add_delivered_hours(requests, today)
    for username in ("lesen", "staff", "leitung"):
        assign(users[username], care_project)
    add_care(care_project, participations, today)
# The texts of "Indikation zum Auftrag" that the reports mix in (004 §9), for commissions
# that have their initial reports behind them.
REPORT_TEXTS = {
    "planned_contents": "Arbeitsplatzbegehung, Beratung des Arbeitgebers, Antrag auf "
                        "technische Arbeitshilfe.",
    "disability_effects": "Eingeschränkte Belastbarkeit bei längerem Stehen; Pausen nötig.",
    "agreed_goals": "Arbeitsplatz bis zum Ende der Beauftragung sichern; Arbeitshilfe "
                    "beantragen (Klientin, Fachkraft).",
    "additions": "keine Ergänzungen",
}


def add_commissions(project, bodies, users) -> None:
    """IFD commissions in `project` (004): the catalogues, commissions in every phase, results
    and contacts of the last weeks."""
    import datetime as dt

    from models.commissions.models import Commission, Phase, PhaseChange
    from models.people.models import Person

    from .factories import (
        make_commission,
        make_contact,
        make_release,
        make_result,
        make_result_kind,
        make_situation,
        make_task,
    )

    today = dt.date.today()
    tasks = [make_task(name) for name in (
        "Arbeitsplatz sichern", "Arbeitgeber beraten", "Leistungen beantragen",
        "Qualifizierung klären", "Konflikt am Arbeitsplatz klären")]
    kinds = [make_result_kind(name) for name in (
        "Arbeitsverhältnis gesichert", "Arbeitsplatz angepasst", "Technische Arbeitshilfe",
        "Stufenweise Wiedereingliederung", "Vermittlung in Arbeit")]
    phases = [Phase.P1, Phase.P2, Phase.P3, Phase.P3, Phase.P4, Phase.FP1]
    people = Person.select().where(Person.project == project).order_by(Person.id).limit(24)
    for index, person in enumerate(people):
        phase = phases[index % len(phases)]
        start = today - dt.timedelta(days=30 + index * 9)
        commission = make_commission(
            person, bodies[index % 2] if phase != Phase.P1 else None, caseworker=users["leitung"],
            start=start, service_type="expert_opinion" if phase == Phase.FP1 else "securing",
            legal_basis="accompanying_help", case_group="severely_disabled",
            **(REPORT_TEXTS if phase in (Phase.P3, Phase.P4) else {}))
        if phase not in (Phase.P1, Phase.FP1):
            since = start + dt.timedelta(days=14)
            Commission.update(phase=phase, phase_since=since).where(
                Commission.id == commission.id).execute()
            PhaseChange.create(commission=commission, from_phase=Phase.P1, to_phase=phase,
                               date=since, actor=users["leitung"],
                               recorded_at=dt.datetime.combine(since, dt.time(12, 0)))
        result = make_result(commission, kinds[index % len(kinds)])
        for week in range(index % 4 + 1):
            at = dt.datetime.combine(today - dt.timedelta(days=3 + week * 10), dt.time(10, 0))
            make_contact(commission, at=at, tasks=[tasks[(index + week) % len(tasks)]],
                         results=[result], form="personal" if week % 2 == 0 else "phone")
        if phase == Phase.P3:
            # The employment situation with its chronology; a pension expected next month.
            make_situation(commission, "employed", start - dt.timedelta(days=400))
            make_situation(commission, "old_age_pension", today + dt.timedelta(days=30),
                           status="expected")
    # The Integrationsamt released the employment agency as paying body of results (004 §7.1).
    make_release(project, bodies[2], actor=users["admin"], valid_from=today.replace(day=1))


def add_announcement(admin) -> None:
    """One announcement, shown at the first login of every demo user until closed."""
    import datetime as dt

    from models.accounts.announcements import Announcement
    from models.core.records import create_record

    create_record(Announcement(
        title="Willkommen in der Fallakte-Demo",
        text="Schriftgröße und Kontrast stellen Sie unter „Mein Konto“ ein (Ihr Name oben "
             "rechts). Administration und Kostenträger richten bei der ersten Anmeldung einen "
             "zweiten Faktor ein.",
        valid_from=dt.date.today()), admin, dt.datetime.now().replace(microsecond=0))


# Persons the README's search examples find (Müller, Mueller, MUELLER; Mel*), in the first
# project, which the demo's project staff see.
NAMED = {0: {"first_name": "Anna", "last_name": "Müller"},
         4: {"first_name": "Jonas", "last_name": "Mueller"},
         8: {"first_name": "Melanie", "last_name": "Melzer"}}


def load_demo(persons: int = 200, seed: int = 2026, export_store=None, today=None) -> str:
    """Create the demo data in one transaction; returns a short summary. Data exports are
    produced into `export_store` when given (the app's, from `flask seed`); delivered hours
    and care activities reach up to `today` (default: today)."""
    import datetime as dt

    from models.accounts.models import User

    seed_faker(seed)
    today = today or dt.date.today()
    # The demo users share one password: one argon2 hash (0.2 s of CPU each) serves them all.
    probe = User()
    probe.set_password(DEMO_PASSWORD)
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
                                        password_hash=probe.password_hash,
                                        funding_body=bodies[0] if role in ("clerk", "planner")
                                        else None)
        for username in ("lesen", "staff", "leitung"):
            assign(users[username], projects[0])
        assign(users["leitung"], projects[1])
        people = add_people(projects, caritas, persons, DISTRICTS, NAMED)
        participations, requests = add_cases(people, bodies, users)
        add_documents(people)
        add_hours(projects[3], users, participations, requests, today)
        add_commissions(projects[1], bodies, users)
        add_announcement(users["admin"])
        from .demo_procedures import add_budgets, add_procedures

        moment = dt.datetime.now().replace(microsecond=0)
        add_procedures(people, projects, bodies, users, moment)
        add_budgets(people, bodies, moment)
        from .demo_exports import add_exports

        add_exports(users, export_store, moment)
    return f"{len(projects)} projects, {len(bodies)} funding bodies, {persons} persons, " \
           f"{len(DEMO_USERS)} users"
