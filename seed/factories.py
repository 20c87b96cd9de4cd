"""Factories for realistic German and Austrian records; used by demo data and tests."""

import datetime as dt
import itertools
import random

from faker import Faker

from models import District, FundingBody, Person, Project, Provider, User, UserProject
from models.core.records import create_record
from models.core.text import fold
from models.people.models import DuplicatePerson

FAKE_AT = Faker("de_AT")
FAKE_DE = Faker("de_DE")
_counter = itertools.count(1)

NOW = dt.datetime(2026, 11, 1, 9, 0)
IDENTIFYING = {"svnr", "file_number", "first_name", "last_name", "birth_date"}


def seed_faker(seed: int) -> None:
    """Make the fake data repeatable."""
    Faker.seed(seed)
    random.seed(seed)


def _unique(text: str) -> str:
    return f"{text} {next(_counter)}"


def make_provider(name=None, actor=None, **fields) -> Provider:
    """A provider (agency)."""
    provider = Provider(name=name or _unique(FAKE_AT.company()), city=fields.pop("city", "Wien"),
                        **fields)
    return create_record(provider, actor, NOW)


def make_project(provider=None, name=None, actor=None, **fields) -> Project:
    """A project of a provider."""
    provider = provider or make_provider(actor=actor)
    project = Project(provider=provider, name=name or _unique("Projekt"), **fields)
    return create_record(project, actor, NOW)


def make_funding_body(name=None, actor=None, **fields) -> FundingBody:
    """A funding body."""
    body = FundingBody(name=name or _unique("Integrationsamt"), **fields)
    return create_record(body, actor, NOW)


def make_user(role="staff_write", projects=(), funding_body=None, username=None,
              password="Geheim-2026!", full_name=None, actor=None,
              second_factor=False, password_hash=None) -> User:
    """A user with a role, assigned to `projects` from today on; with `second_factor` the
    TOTP is set up already (its secret in `user.totp_secret`); `password_hash` (of another
    user with the same password) saves hashing `password` again."""
    if role in ("clerk", "planner") and funding_body is None:
        funding_body = make_funding_body(actor=actor)
    user = User(username=username or f"user{next(_counter)}", role=role,
                full_name=full_name or FAKE_DE.name(), funding_body=funding_body)
    if password_hash:
        user.password_hash = password_hash
    else:
        user.set_password(password)
    if second_factor:
        import pyotp

        user.totp_secret, user.totp_enabled = pyotp.random_base32(), True
    create_record(user, actor, NOW)
    for project in projects:
        assign(user, project, actor=actor)
    return user


def assign(user, project, valid_from=None, valid_to=None, actor=None) -> UserProject:
    """Assign a staff member to a project."""
    link = UserProject(user=user, project=project,
                       valid_from=valid_from or dt.date(2020, 1, 1), valid_to=valid_to)
    return create_record(link, actor, NOW)


def make_district(postcode, name, country="AT", actor=None) -> District:
    """A catalogue entry postcode → district."""
    return create_record(District(country=country, postcode=postcode, name=name), actor, NOW)


def svnr_for(birth: dt.date, serial: int | None = None) -> str:
    """A valid Austrian SVNR for `birth` (serial chosen so that the check digit fits)."""
    from stdnum.at import vnr

    start = serial if serial is not None else next(_counter)
    date_part = birth.strftime("%d%m%y")
    for offset in range(900):
        number = (start - 100 + offset) % 900 + 100
        check = vnr.calc_check_digit(f"{number}0{date_part}")
        if len(check) == 1:
            return f"{number}{check}{date_part}"
    raise ValueError(f"no SVNR possible for {birth}")


def make_person(project=None, actor=None, austrian=True, **fields) -> Person:
    """A person with a plausible name, birth date, address and (mostly) an SVNR."""
    for _attempt in range(5):
        try:
            return _make_person(project, actor, austrian, dict(fields))
        except DuplicatePerson:
            if IDENTIFYING & fields.keys():  # the caller chose the data: keep their duplicate
                raise
    raise RuntimeError("no unique fake person found")


def _make_person(project, actor, austrian, fields) -> Person:
    return create_record(build_person(project, actor, austrian, fields), actor, NOW)


def build_person(project, actor, austrian, fields) -> Person:
    """The unsaved person `make_person` would create (the batched demo inserts it itself)."""
    fake = FAKE_AT if austrian else FAKE_DE
    birth = fields.pop("birth_date", None) or fake.date_of_birth(minimum_age=18, maximum_age=64)
    data = {
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "birth_date": birth,
        "gender": random.choice("fmfmfmdx"),  # noqa: S311
        "nationality": random.choice(["AT"] * 6 + ["DE", "HR", "TR", "RS", "XX"])  # noqa: S311
        if austrian else random.choice(["DE"] * 6 + ["PL", "TR", "SY", "XX"]),  # noqa: S311
        "country": "AT" if austrian else "DE",
        "postcode": fake.postcode(),
        "city": fake.city(),
        "street": fake.street_address(),
        "lives_in_country": True,
    }
    if austrian:
        data["svnr"] = svnr_for(birth)
    else:
        data["file_number"] = f"LWL-{random.randint(10000, 99999)}/{birth.year}"  # noqa: S311
    data.update(fields)
    return Person(project=project or make_project(actor=actor), **data)


def folded(text: str) -> str:
    """Shortcut for tests that compare folded names."""
    return fold(text)


def make_participation(person=None, project=None, actor=None, complete=True, **fields):
    """A participation; complete eligibility data unless `complete=False`."""
    project = project or (person.project if person else make_project(actor=actor))
    person = person or make_person(project, actor=actor)
    return create_record(build_participation(person, project, complete, **fields), actor, NOW)


def build_participation(person, project, complete=True, **fields):
    """The unsaved participation `make_participation` would create."""
    from models import Participation

    data = {"legal_basis": ["federal_law"], "with_findings": True,
            "kinds_with_findings": ["physical"], "without_findings": False,
            "degree_of_disability": 50, "disability_pass": True, "care_level": None}
    if not complete:
        data = {"legal_basis": []}
    data.update(fields)
    return Participation(person=person, project=project, created_on=dt.date(2024, 1, 1), **data)


def make_request(participation=None, funding_body=None, actor=None, status=None, **fields):
    """An assistance request in progress (or forced into `status` for list tests)."""
    from models import AssistanceRequest

    participation = participation or make_participation(actor=actor)
    request = build_request(participation, funding_body or make_funding_body(actor=actor),
                            **fields)
    create_record(request, actor, NOW)
    if status:
        AssistanceRequest.update(status=status).where(AssistanceRequest.id == request.id).execute()
        request.status = status
    return request


def build_request(participation, funding_body, **fields):
    """The unsaved request `make_request` would create."""
    from decimal import Decimal

    from models import AssistanceRequest

    data = {"approval_start": dt.date(2024, 6, 1), "reason": "employment",
            "delivery_model": "employer", "hours_per_week": Decimal("20")}
    data.update(fields)
    return AssistanceRequest(participation=participation, funding_body=funding_body, **data)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def make_document(target=None, name="Bescheid.pdf", content=PDF_BYTES, kind="other", note=None,
                  actor=None, uploaded_at=NOW):
    """A document with a stored file, attached to `target` (default: a new participation)."""
    import io

    from models.documents.operations import Upload, upload_documents

    target = target or make_participation(actor=actor)
    result = upload_documents(target, [Upload(name, io.BytesIO(content))], kind, note, actor,
                              uploaded_at, limit_mb=50)
    if result.rejected:
        raise ValueError(result.rejected)
    return result.stored[0]


def make_disability_proof(person=None, conditions=(("Depression", True, False),), actor=None,
                          **fields):
    """A proof of disability (notice of assessment, degree 50) with its conditions."""
    from models.disability.models import Condition, DisabilityProof, save_proof

    data = {"notice_date": dt.date(2024, 3, 1), "degree_of_disability": 50}
    data.update(fields)
    proof = DisabilityProof(person=person or make_person(actor=actor), **data)
    return save_proof(proof, None, [Condition(*c) for c in conditions], actor, NOW)
def make_delivered_hours(participation=None, actor=None, **fields):
    """A delivered-hours entry (January 2025, 40 h unless told otherwise)."""
    entry = build_delivered_hours(participation or make_participation(actor=actor), **fields)
    return create_record(entry, actor, NOW)


def build_delivered_hours(participation, **fields):
    """The unsaved entry `make_delivered_hours` would create."""
    from decimal import Decimal

    from models import DeliveredHours

    data = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 1, 31),
            "hours": Decimal("40")}
    data.update(fields)
    return DeliveredHours(participation=participation, **data)


def make_billing_rules(funding_body=None, actor=None, **fields):
    """Billing rules of a funding body (defaults: approval period, per week, per day)."""
    from models import BillingRules

    rules = BillingRules(funding_body=funding_body or make_funding_body(actor=actor), **fields)
    return create_record(rules, actor, NOW)


def make_care_case(participation=None, funding_body=None, actor=None, **fields):
    """An ambulatory care case billed by approved hours."""
    case = build_care_case(participation or make_participation(actor=actor),
                           funding_body or make_funding_body(actor=actor), **fields)
    return create_record(case, actor, NOW)


def build_care_case(participation, funding_body, **fields):
    """The unsaved case `make_care_case` would create."""
    from models import CareCase

    data = {"start": dt.date(2025, 1, 1), "billing": "approved_hours"}
    data.update(fields)
    return CareCase(participation=participation, funding_body=funding_body, **data)


def make_approval_period(case=None, actor=None, **fields):
    """An approval period of a care case (2026, 5 h per week unless told otherwise)."""
    return create_record(build_approval_period(case or make_care_case(actor=actor), **fields),
                         actor, NOW)


def build_approval_period(case, **fields):
    """The unsaved period `make_approval_period` would create."""
    from decimal import Decimal

    from models import ApprovalPeriod

    data = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31), "hours": Decimal("5")}
    data.update(fields)
    return ApprovalPeriod(case=case, **data)


def make_activity(case=None, actor=None, **fields):
    """A documented activity: a counselling session of an hour."""
    return create_record(build_activity(case or make_care_case(actor=actor), **fields),
                         actor, NOW)


def build_activity(case, **fields):
    """The unsaved activity `make_activity` would create."""
    from models import Activity

    data = {"day": dt.date(2026, 3, 10), "minutes": 60, "mode": "direct", "level": "socio",
            "kind": "counselling", "topic": "housing"}
    data.update(fields)
    return Activity(case=case, **data)


# -- commissions (004) ---------------------------------------------------------------------


def make_task(name=None, actor=None, **fields):
    """A task of the catalogue (Aufgabe)."""
    from models.commissions.models import Task

    return create_record(Task(name=name or _unique("Arbeitsplatz sichern"), **fields), actor, NOW)


def make_result_kind(name=None, actor=None, **fields):
    """A result of the catalogue (LEK)."""
    from models.commissions.models import ResultKind

    return create_record(ResultKind(name=name or _unique("Arbeitsverhältnis gesichert"),
                                    **fields), actor, NOW)


def make_commission(person=None, funding_body=None, actor=None, **fields):
    """A commission in P1 (for an expert opinion: FP1) started on 1.9.2026."""
    from models.commissions.models import Commission

    data = {"start": dt.date(2026, 9, 1)}
    data.update(fields)
    commission = Commission(person=person or make_person(actor=actor),
                            funding_body=funding_body, **data)
    return create_record(commission, actor, NOW)


def make_result(commission=None, kind=None, actor=None, **fields):
    """A result (LEK) of a commission."""
    from models.commissions.models import Result

    result = Result(commission=commission or make_commission(actor=actor),
                    kind=kind or make_result_kind(actor=actor), **fields)
    return create_record(result, actor, NOW)


def make_contact(commission=None, at=None, actor=None, tasks=None, results=None,
                 recorded_at=None, **fields):
    """A contact of a commission with one task and one result, stored as given (no rules:
    for lists and demo data; the rules are models.commissions.contacts.record_contact)."""
    from models.commissions.models import Contact, ContactResult, ContactTask

    commission = commission or make_commission(actor=actor)
    at = at or dt.datetime(2026, 10, 20, 10, 0)
    data = {"form": "personal", "keyword": "Gespräch am Arbeitsplatz",
            "participants": "Klient, Fachkraft", "recorded_at": recorded_at or at}
    data.update(fields)
    contact = create_record(Contact(commission=commission, at=at, **data), actor, NOW)
    for task in tasks if tasks is not None else [make_task(actor=actor)]:
        ContactTask.create(contact=contact, task=task)
    for result in results if results is not None else [make_result(commission, actor=actor)]:
        ContactResult.create(contact=contact, result=result)
    return contact

def make_service_agreement(provider=None, funding_body=None, valid_from=dt.date(2020, 1, 1),
                           valid_to=None, actor=None):
    """A service agreement of `provider` with `funding_body` (000)."""
    from models.procedures.models import ServiceAgreement

    agreement = ServiceAgreement(provider=provider or make_provider(),
                                 funding_body=funding_body or make_funding_body(),
                                 valid_from=valid_from, valid_to=valid_to)
    return create_record(agreement, actor, NOW)


def make_procedure(person=None, project=None, funding_body=None, editor=None, closed=False,
                   now=NOW):
    """An initial procedure of `person` opened by `editor` (staff of the person's project,
    its provider under an agreement with the funding body); closed on request."""
    from models.procedures.operations import close_procedure, open_procedure

    project = project or (person.project if person is not None else make_project())
    person = person or make_person(project)
    funding_body = funding_body or make_funding_body()
    make_service_agreement(project.provider, funding_body)
    editor = editor or make_user(role="staff_write", projects=[project])
    procedure = open_procedure(person, project, funding_body, editor, now)
    if closed:
        close_procedure(procedure, editor, now)
    return procedure


def make_life_area(name=None, position=0, active=True):
    """A life area of the assessment catalogue (an administrator keeps it)."""
    from models.procedures.models import LifeArea

    name = name or f"Lebensbereich {LifeArea.select().count() + 1}"
    return create_record(LifeArea(name=name, position=position, active=active), None, NOW)


def make_assessment(procedure=None, life_area=None, actor=None, **texts):
    """The assessment of `life_area` in `procedure`, its texts as keyword arguments."""
    from models.procedures.models import Assessment

    procedure = procedure or make_procedure()
    assessment = Assessment(procedure=procedure, life_area=life_area or make_life_area(),
                            **texts)
    return create_record(assessment, actor or procedure.editor, NOW)


def make_budget(person=None, lead_body=None, actor=None, valid_from=dt.date(2026, 1, 1),
                valid_to=dt.date(2026, 12, 31), first_approach=dt.date(2025, 11, 3)):
    """A personal budget of `person` led by `lead_body` (002), recorded at the first approach."""
    from models.budgets.operations import start_budget

    return start_budget(person or make_person(), lead_body or make_funding_body(),
                        first_approach, valid_from, valid_to, actor, NOW)


def make_partial_budget(budget=None, funding_body=None, amount="450.00", actor=None,
                        reported=False, **fields):
    """A partial budget over the budget's whole period; reported on request."""
    from decimal import Decimal

    from models.budgets.operations import add_partial_budget, report_partial_budget

    budget = budget or make_budget()
    partial = add_partial_budget(
        budget, funding_body or make_funding_body(), Decimal(amount),
        fields.pop("valid_from", budget.valid_from), fields.pop("valid_to", budget.valid_to),
        actor, NOW, **fields)
    if reported:
        report_partial_budget(partial, actor, NOW)
    return partial


def make_situation(commission=None, kind="employed", since=None, actor=None, **fields):
    """An entry of a commission's employment situation, stored as given (occurred unless said;
    the rules are models.commissions.situations.record_situation)."""
    from models.commissions.situations import EmploymentSituation

    data = {"status": "occurred", "recorded_at": NOW}
    data.update(fields)
    situation = EmploymentSituation(commission=commission or make_commission(actor=actor),
                                    kind=kind, since=since or dt.date(2026, 9, 1), **data)
    return create_record(situation, actor, NOW)


def make_release(project=None, funding_body=None, actor=None, valid_from=None, **fields):
    """A release of a paying body for an IFD by the Integrationsamt, from 1.1.2026."""
    from models.commissions.releases import PayingBodyRelease

    release = PayingBodyRelease(
        project=project or make_project(actor=actor),
        funding_body=funding_body or make_funding_body(actor=actor),
        valid_from=valid_from or dt.date(2026, 1, 1), released_by=actor or make_user("admin"),
        released_at=NOW, **fields)
    return create_record(release, actor, NOW)


def make_occasion_access(commission, user, day=None, actor=None, **fields):
    """An occasion-based access of a clerk to a commission on `day` (default: NOW's day)."""
    from models.commissions.occasions import OccasionAccess

    data = {"occasion": "complaint", "reason": "Beschwerde des Klienten vom Vortag",
            "opened_at": NOW}
    data.update(fields)
    access = OccasionAccess(commission=commission, user=user, day=day or NOW.date(), **data)
    return create_record(access, actor, NOW)


def make_api_token(user, scopes=("read", "write"), days=30, name=None, now=None):
    """A personal API token of `user` (made by its user with the factory password, and a
    current code where the second factor is set up); returns (token, secret)."""
    import pyotp

    from models.accounts.tokens import create_api_token
    from models.core import clock

    at = now or clock.now()
    code = pyotp.TOTP(user.totp_secret).at(at) if user.totp_enabled else None
    return create_api_token(user, name or f"Token {next(_counter)}", scopes,
                            at.date() + dt.timedelta(days=days), "Geheim-2026!", code, at)
