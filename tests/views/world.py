"""A small world in which every role has rows in scope and rows out of scope, in every view.

The world says which roles must see each row (`sees`): that is the specification the role
matrix checks the views' scoping against, independent of the scoping code itself. Personal
fields carry distinctive values, so that the statistics privacy scan has something to find.
"""

import datetime as dt
from decimal import Decimal

from models import HistoryEntry, UserProject
from models.accounts.announcements import Announcement
from models.accounts.delegation import Delegation, grant_delegation
from models.core.history import add_message
from models.core.records import create_record
from models.requests.models import Status
from seed.factories import (
    NOW,
    make_activity,
    make_approval_period,
    make_assessment,
    make_billing_rules,
    make_budget,
    make_care_case,
    make_commission,
    make_contact,
    make_delivered_hours,
    make_disability_proof,
    make_district,
    make_document,
    make_funding_body,
    make_occasion_access,
    make_partial_budget,
    make_participation,
    make_person,
    make_procedure,
    make_project,
    make_release,
    make_request,
    make_result,
    make_situation,
    make_task,
    make_user,
)

ROLES = ["staff_read", "staff_write", "project_lead", "clerk", "statistics", "admin", "planner"]
STAFF = frozenset(ROLES[:3])
EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})
STATISTICS = frozenset({"statistics", "admin"})

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
# Personal fields of the other records: notes, names of documents, names of disabilities.
PERSONAL_TEXTS = {
    "hours_note": "Stundennotiz-Hausbesuch-vertraulich",
    "care_note": "Betreuungsnotiz-Schuldenberatung",
    "activity_note": "Tätigkeitsnotiz-Krisengespräch",
    "document_name": "Arztbrief-Zyprianella.pdf",
    "document_note": "Dokumentnotiz-Befund",
    "proof_document_name": "Bescheid-Versorgungsamt-geheim.pdf",
    "proof_note": "Nachweisnotiz-Gutachten",
    "disability": "Morbus-Geheimnisvoll",
    "message_elsewhere": "Nachricht-an-den-anderen-Kostenträger",
    "contact_keyword": "Kontaktstichwort-Schuldnerberatung",
    "contact_participants": "Teilnehmerin-Frau-Geheimrat",
    "contact_text": "Kontakttext-Gesprächsverlauf-vertraulich",
    "result_reason": "Ungültigkeitsgrund-Verwechslung",
    "procedure_goals": "Vorgangsziel-Wohnung-vertraulich",
    "agreement_goals": "Zielvereinbarung-Schuldenfreiheit",
    "report_text": "Berichtstext-Geplante-Inhalte-vertraulich",
    "report_name": "Anfangsbericht-Zyprianella.docx",
    "contact_document_name": "Kontaktprotokoll-vertraulich.pdf",
    "assessment_barriers": "Barriere-Treppenhaus-vertraulich",
    "agreement_document": "Zielvereinbarung-unterschrieben-Zyprianella.pdf",
}
# The reason of an occasion-based access: free text only administrators and the clerk read
# (not staff, so not among the texts the staff-run scan must find).
OCCASION_REASON = "Anlass-Beschwerde-Geheimrat-vertraulich"

# Reading roles that see every row of a view by design: for them the world has no row out of
# scope there. Everyone else who may read a view has rows on both sides.
UNSCOPED = {
    "district": EVERYONE,
    "funding_body": STAFF | STATISTICS,
    "billing_rules": STAFF | STATISTICS,
    "project": {"clerk", "planner"} | STATISTICS,
    "provider": {"clerk", "planner"} | STATISTICS,
    **{endpoint: STATISTICS for endpoint in (
        "person", "participation", "request", "delivered_hours", "disability_proof",
        "care_case", "approval_period", "activity", "commission", "contact", "result",
        "employment_situation", "paying_body_release", "procedure", "assessment",
        "service_agreement", "personal_budget", "partial_budget", "budget_check")},
    "task": EVERYONE,
    "result_kind": EVERYONE,
    "life_area": EVERYONE,
}
# Views that cannot have rows in this world (none so far); every other view gets some.
WITHOUT_ROWS: frozenset = frozenset()


def make_world():
    """Projects, funding bodies, one user per role, persons with cases in and out of scope.

    Its documents go to the current document store (tests pass the `document_store` fixture)."""
    own, foreign = make_project(), make_project()
    body, other_body = make_funding_body(), make_funding_body()
    users = {role: make_user(role=role, projects=[own] if role in STAFF else [],
                             funding_body=body if role in ("clerk", "planner") else None)
             for role in ROLES}
    staff = users["staff_write"]
    colleague = make_user(role="staff_write", projects=[own])
    foreign_staff = make_user(role="staff_write", projects=[foreign])
    person = make_person(own, **PERSONAL)
    participation = make_participation(person, own, note=NOTE, actor=staff)
    sent = make_request(participation, body, status=Status.SUBMITTED,
                        message="Bitte rasch bearbeiten")
    draft = make_request(participation, body)
    add_message(sent, staff, NOW, "Rückfrage zum Antrag")
    stranger = make_person(foreign)
    other = make_participation(stranger, foreign)
    foreign_request = make_request(other, other_body, status=Status.SUBMITTED)
    foreign_message = add_message(foreign_request, users["admin"], NOW, "Fremde Rückfrage")
    district = make_district("1234", "Musterbezirk")
    grant_delegation(staff, colleague, staff, NOW)
    create_record(Announcement(title="Wartung", text="Am Freitag ab 18 Uhr.",
                               valid_from=dt.date(2026, 1, 1)), users["admin"], NOW)
    world = {"users": users, "own": own, "foreign": foreign, "person": person,
             "participation": participation, "request": sent, "stranger": stranger}
    proofs = _proofs(person, stranger, staff)
    documents = _documents(participation, other, proofs[0], staff)
    cases = _care(participation, other, body, other_body, staff)
    hours = (make_delivered_hours(participation, actor=staff, note=PERSONAL_TEXTS["hours_note"]),
             make_delivered_hours(other))
    rules = make_billing_rules(body), make_billing_rules(other_body)
    world["sees"] = {
        "person": [(person, EVERYONE), (stranger, STATISTICS)],
        "participation": [(participation, EVERYONE), (other, STATISTICS)],
        "request": [(sent, EVERYONE), (draft, STAFF | STATISTICS),
                    (foreign_request, STATISTICS)],
        "delivered_hours": [(hours[0], EVERYONE), (hours[1], STATISTICS)],
        # Messages are free text: never for statistics.
        "message": [(_message_of(sent), STAFF | {"clerk", "admin"}), (foreign_message, ADMIN)],
        # Documents on the participation and on the proof: whoever sees those, but statistics.
        "document": [(documents[0], STAFF | {"clerk", "admin"}),
                     (documents[1], STAFF | {"clerk", "admin"}), (documents[2], ADMIN)],
        "disability_proof": [(proofs[0], EVERYONE), (proofs[1], STATISTICS)],
        **_case_rows(cases),
        "project": [(own, EVERYONE), (foreign, {"clerk"} | STATISTICS)],
        "provider": [(own.provider, EVERYONE), (foreign.provider, {"clerk"} | STATISTICS)],
        "funding_body": [(body, EVERYONE), (other_body, EVERYONE - {"clerk"})],
        "billing_rules": [(rules[0], EVERYONE), (rules[1], EVERYONE - {"clerk"})],
        "district": [(district, EVERYONE)],
        "user": [(staff, ADMIN)],
        # Project leads renew the assignments of their projects (models.assignments).
        "assignment": [(UserProject.get(UserProject.user == staff), {"project_lead", "admin"}),
                       (UserProject.get(UserProject.user == foreign_staff), ADMIN)],
        "delegation": [(Delegation.get(), ADMIN)],
        "announcement": [(Announcement.get(), ADMIN)],
        "history": [(HistoryEntry.get((HistoryEntry.relation == "person")
                                      & (HistoryEntry.record_id == person.id)), ADMIN)],
    }
    commission_rows, commission_related = _commissions(person, stranger, body, other_body,
                                                       staff)
    world["sees"]["document"] += commission_rows.pop("document")
    world["sees"].update(commission_rows)
    world["sees"].update(_commission_extras(world["sees"], users, own, foreign, body,
                                            other_body))
    world["sees"].update(_procedures_and_budgets(world, body, other_body, foreign_staff))
    elsewhere = _second_body(world, participation, other_body, staff)
    world["related"] = _related(world, elsewhere, other, documents, proofs, cases, hours,
                                foreign_request, foreign_message)
    # The commission page joins the sections of both kinds of pages (views/commissions/page.py
    # and pages.py): each row once.
    for key, rows in commission_related.items():
        known = world["related"].setdefault(key, [])
        known += [row for row in rows if row not in known]
    world["exports"] = _exports(users, colleague)
    _planner_reads_as_clerk(world)
    return world


def _planner_reads_as_clerk(world):
    """The funding body's planner sees exactly what its clerks see, but for what a clerk
    opened on occasion (the access itself and the contacts it opens: only a clerk opens one)."""
    for endpoint, rows in world["sees"].items():
        on_occasion = endpoint in ("occasion_access", "contact")
        world["sees"][endpoint] = [
            (row, (roles | {"planner"}) if "clerk" in roles and not on_occasion
             else (roles - {"planner"}))
            for row, roles in rows]
def _exports(users, colleague):
    """Data exports (issue 14): [(export, roles that see it)]: each user their own, the
    administrators all; the statistics role's is non-personal (it may create no other)."""
    from models.exports.operations import request_export

    later = (NOW + dt.timedelta(days=3)).date()
    made = [(request_export(users[role], kind, "npb" if role == "statistics" else "pb", None,
                            None, later, NOW), {role} | ADMIN)
            for role, kind in (("staff_write", "requests"), ("clerk", "hours"),
                               ("statistics", "requests"))]
    made.append((request_export(colleague, "hours", "npb", None, None, later, NOW), ADMIN))
    return made


def _message_of(request):
    return HistoryEntry.get((HistoryEntry.relation == "request")
                            & (HistoryEntry.record_id == request.id)
                            & (HistoryEntry.kind == "message"))


def _proofs(person, stranger, actor):
    texts = PERSONAL_TEXTS
    return (make_disability_proof(person, conditions=((texts["disability"], True, False),),
                                  note=texts["proof_note"], actor=actor),
            make_disability_proof(stranger))


def _documents(participation, other, proof, actor):
    texts = PERSONAL_TEXTS
    return (make_document(participation, name=texts["document_name"],
                          note=texts["document_note"], actor=actor),
            make_document(proof, name=texts["proof_document_name"], kind="disability_proof",
                          actor=actor),
            make_document(other, name="Fremdes-Dokument.pdf"))


def _care(participation, other, body, other_body, actor):
    """Care cases: paid by the clerk's body on the own participation, by another body on it,
    and by the clerk's body on a participation of another project."""
    cases = {
        "paid_here": make_care_case(participation, body, actor=actor,
                                    note=PERSONAL_TEXTS["care_note"]),
        "paid_elsewhere": make_care_case(participation, other_body, actor=actor),
        "foreign_paid_here": make_care_case(other, body),
    }
    for name, case in cases.items():
        actor_here = actor if name != "foreign_paid_here" else None
        make_approval_period(case, actor=actor_here, hours=Decimal(5))
        make_activity(case, actor=actor_here,
                      note=PERSONAL_TEXTS["activity_note"] if name == "paid_here" else None)
    return cases


def _case_rows(cases):
    """Cases, their approval periods and activities: project staff see the cases of their
    participations, a clerk those their body pays, statistics and admin all."""
    who = {"paid_here": EVERYONE, "paid_elsewhere": STAFF | STATISTICS,
           "foreign_paid_here": {"clerk"} | STATISTICS}
    rows = {"care_case": [], "approval_period": [], "activity": []}
    for name, case in cases.items():
        rows["care_case"].append((case, who[name]))
        rows["approval_period"].append((case.approvals.get(), who[name]))
        rows["activity"].append((case.activities.get(), who[name]))
    return rows


def _commissions(person, stranger, body, other_body, actor):
    """Commissions of the own project for the clerk's body, of another project for another
    body, and of another project for the clerk's body; contacts and results of the first two.
    Staff see their project's, a clerk their body's (never contacts), statistics all."""
    texts = PERSONAL_TEXTS
    own = make_commission(person, body, actor=actor, caseworker=actor,
                          service_type="securing", case_group="severely_disabled",
                          planned_contents=texts["report_text"])
    foreign = make_commission(stranger, other_body)
    foreign_here = make_commission(stranger, body)
    task = make_task()
    results = (make_result(own, actor=actor), make_result(foreign))
    from models.commissions.models import Result

    Result.update(invalid=True, invalid_reason=texts["result_reason"]).where(
        Result.id == results[0].id).execute()
    contacts = (make_contact(own, actor=actor, tasks=[task], results=[results[0]],
                             keyword=texts["contact_keyword"],
                             participants=texts["contact_participants"],
                             text=texts["contact_text"]),
                make_contact(foreign, tasks=[task], results=[results[1]]))
    kind = results[0].kind
    # A report stored with the commission (the funding body reads it) and a document on a
    # contact (the contact's readers only, 004 §8).
    report = make_document(own, name=texts["report_name"], kind="report", actor=actor)
    minutes = make_document(contacts[0], name=texts["contact_document_name"], actor=actor)
    rows = {
        "commission": [(own, EVERYONE), (foreign, STATISTICS),
                       (foreign_here, {"clerk"} | STATISTICS)],
        "contact": [(contacts[0], STAFF | STATISTICS), (contacts[1], STATISTICS)],
        "result": [(Result.get_by_id(results[0].id), EVERYONE), (results[1], STATISTICS)],
        "task": [(task, EVERYONE)],
        "result_kind": [(kind, EVERYONE)],
        # Documents at contacts: the caseworker (staff_write), supervisors, administrators.
        "document": [(report, STAFF | {"clerk", "admin"}),
                     (minutes, {"staff_write", "project_lead", "admin"})],
    }
    # The commission's page shows its contacts, results and documents; a contact's page its
    # documents.
    related = {
        ("commission", own.id): [("contact", contacts[0]), ("result", results[0]),
                                 ("document", report)],
        ("commission", foreign.id): [("contact", contacts[1]), ("result", results[1])],
        ("contact", contacts[0].id): [("document", minutes)],
    }
    return rows, related


def _commission_extras(sees, users, own, foreign, body, other_body):
    """Employment situations of the first two commissions; releases of paying bodies for both
    projects; the clerk's occasion-based access to the commission of another project for the
    clerk's body (its contact then open to the clerk today) and another body's clerk's access
    to the foreign one. Statistics sees no access (their reasons are free text)."""
    from models.core import clock

    own_commission, foreign_commission, here = (row for row, _roles in sees["commission"])
    result = make_result(here)
    contact = make_contact(here, tasks=[sees["task"][0][0]], results=[result])
    other_clerk = make_user(role="clerk", funding_body=other_body)
    reason = OCCASION_REASON
    accesses = (make_occasion_access(here, users["clerk"], day=clock.today(), reason=reason),
                make_occasion_access(foreign_commission, other_clerk, day=clock.today()))
    sees["contact"].append((contact, {"clerk"} | STATISTICS))
    sees["result"].append((result, {"clerk"} | STATISTICS))
    return {
        "employment_situation": [(make_situation(own_commission, actor=users["staff_write"]),
                                  EVERYONE), (make_situation(foreign_commission), STATISTICS)],
        "paying_body_release": [(make_release(own, body, actor=users["admin"]), EVERYONE),
                                (make_release(foreign, other_body), STATISTICS)],
        "occasion_access": [(accesses[0], {"clerk", "admin"}), (accesses[1], ADMIN)],
    }


def _commission_pages(sees) -> dict:
    """The sections of the commission pages: situations, contacts, results, occasion-based
    accesses."""
    commissions = [row for row, _roles in sees["commission"]]
    related: dict = {("commission", c.id): [] for c in commissions}
    for endpoint in ("employment_situation", "contact", "result", "occasion_access"):
        for row, _roles in sees[endpoint]:
            related[("commission", row.commission_id)].append((endpoint, row))
    return related


def _procedures_and_budgets(world, body, other_body, foreign_staff):
    """A procedure and a budget of the world's person (own project, the clerk's body, under a
    service agreement in force) and of the stranger (foreign project, the other body)."""
    from models.budgets.operations import conclude_goal_agreement, schedule_check
    from models.procedures.models import LifeArea, ServiceAgreement

    staff, person, stranger = world["users"]["staff_write"], world["person"], world["stranger"]
    mine = make_procedure(person, world["own"], body, editor=staff)
    mine.goals = PERSONAL_TEXTS["procedure_goals"]
    mine.save()
    theirs = make_procedure(stranger, world["foreign"], other_body, editor=foreign_staff)
    agreements = [ServiceAgreement.get(ServiceAgreement.funding_body == b)
                  for b in (body, other_body)]
    area = create_record(LifeArea(name="Wohnen", position=1), None, NOW)
    assessments = (make_assessment(mine, area, staff,
                                   barriers=PERSONAL_TEXTS["assessment_barriers"]),
                   make_assessment(theirs, area, foreign_staff))
    budget = make_budget(person, body)
    conclude_goal_agreement(budget, NOW.date(), PERSONAL_TEXTS["agreement_goals"], None, NOW)
    foreign_budget = make_budget(stranger, other_body)
    partials = make_partial_budget(budget, body), make_partial_budget(foreign_budget, other_body)
    checks = (schedule_check(budget, NOW.date(), None, NOW),
              schedule_check(foreign_budget, NOW.date(), None, NOW))
    world["procedures"], world["budgets"] = (mine, theirs), (budget, foreign_budget)
    world["assessments"] = assessments
    world["budget_parts"] = tuple(zip(partials, checks, strict=True))
    signed = (make_document(budget, name=PERSONAL_TEXTS["agreement_document"],
                            kind="goal_agreement"),
              make_document(foreign_budget, name="Fremde-Zielvereinbarung.pdf",
                            kind="goal_agreement"))
    world["budget_documents"] = signed
    return {
        "procedure": [(mine, EVERYONE), (theirs, STATISTICS)],
        "assessment": [(assessments[0], EVERYONE), (assessments[1], STATISTICS)],
        "service_agreement": [(agreements[0], EVERYONE), (agreements[1], STATISTICS)],
        "life_area": [(area, EVERYONE)],
        "personal_budget": [(budget, EVERYONE), (foreign_budget, STATISTICS)],
        "partial_budget": [(partials[0], EVERYONE), (partials[1], STATISTICS)],
        "budget_check": [(checks[0], EVERYONE), (checks[1], STATISTICS)],
        "document": [*world["sees"]["document"], (signed[0], STAFF | {"clerk", "admin"}),
                     (signed[1], ADMIN)],
    }


# -- what the details pages show of other records (issue 10, item 2) ------------------------


def _second_body(world, participation, other_body, actor):
    """A request of the clerk's participation to another funding body, with a message: made
    last, so that its entries are the newest of the participation's history. Only project
    staff, statistics (without the message) and administrators see it."""
    elsewhere = make_request(participation, other_body, status=Status.SUBMITTED,
                             hours_per_week=Decimal("7.5"))
    message = add_message(elsewhere, actor, NOW, PERSONAL_TEXTS["message_elsewhere"])
    world["sees"]["request"].append((elsewhere, STAFF | STATISTICS))
    world["sees"]["message"].append((message, STAFF | ADMIN))
    return elsewhere


def _related(world, elsewhere, other, documents, proofs, cases, hours, foreign_request,
             foreign_message):
    """{(endpoint, id of a record): [(endpoint, row)]}: the rows of other records that the
    details page of the record shows in its sections, to each role that sees the row (by
    `sees`). Pages not named here show no rows of other records."""
    participation, sent = world["participation"], world["request"]
    sees = world["sees"]
    draft = next(row for row, _roles in sees["request"] if row.status == Status.IN_PROGRESS)
    message_of = {entry.record_id: entry for entry, _roles in sees["message"]}
    related = {
        ("participation", participation.id): [
            ("request", sent), ("request", draft), ("request", elsewhere),
            ("message", message_of[sent.id]), ("message", message_of[elsewhere.id]),
            ("delivered_hours", hours[0]), ("document", documents[0]),
            ("care_case", cases["paid_here"]), ("care_case", cases["paid_elsewhere"])],
        ("participation", other.id): [
            ("request", foreign_request), ("message", foreign_message),
            ("delivered_hours", hours[1]), ("document", documents[2]),
            ("care_case", cases["foreign_paid_here"])],
        # A request page shows the basis of its decision (issue 15): the other requests of
        # the participation, their messages, its documents, the person's proofs and theirs.
        **{("request", own.id): [
            *[("request", r) for r in (sent, draft, elsewhere) if r.id != own.id],
            ("message", message_of[sent.id]), ("message", message_of[elsewhere.id]),
            ("document", documents[0]), ("disability_proof", proofs[0]),
            ("document", documents[1])] for own in (sent, draft, elsewhere)},
        ("request", foreign_request.id): [("message", foreign_message),
                                          ("document", documents[2]),
                                          ("disability_proof", proofs[1])],
        ("person", world["person"].id): [("participation", participation),
                                         ("disability_proof", proofs[0]),
                                         ("document", documents[1]),
                                         ("procedure", world["procedures"][0]),
                                         ("personal_budget", world["budgets"][0])],
        ("person", world["stranger"].id): [("participation", other),
                                           ("disability_proof", proofs[1]),
                                           ("procedure", world["procedures"][1]),
                                           ("personal_budget", world["budgets"][1])],
    }
    related.update(_commission_pages(sees))
    for procedure, assessment in zip(world["procedures"], world["assessments"], strict=True):
        related[("procedure", procedure.id)] = [("assessment", assessment)]
    for budget, (partial, check) in zip(world["budgets"], world["budget_parts"], strict=True):
        related[("personal_budget", budget.id)] = [("partial_budget", partial),
                                                   ("budget_check", check)]
    for budget, document in zip(world["budgets"], world["budget_documents"], strict=True):
        related[("personal_budget", budget.id)].append(("document", document))
    for case in cases.values():
        related[("care_case", case.id)] = [("approval_period", case.approvals.get()),
                                           ("activity", case.activities.get())]
    return related
