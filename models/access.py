"""Roles and scoping: the one place that decides which rows a user may see and change."""

import datetime as dt

from peewee import fn

from .accounts import STAFF_ROLES, Role, User, UserProject, projects_in_force
from .care import Activity, ApprovalPeriod, BillingRules, CareCase
from .catalogues import District
from .delivered_hours import DeliveredHours
from .disability import DisabilityProof
from .documents import CONTENT_READERS, PARTICIPATION_UPLOADERS, TARGETS, Document
from .history import HistoryEntry
from .participations import Participation
from .people import FundingBody, Person, Project, Provider
from .requests import AssistanceRequest, Status

ALL_ROLES = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
PERSON_WRITERS = frozenset({Role.ADMIN, Role.STAFF_WRITE, Role.PROJECT_LEAD})

# Which roles may open the views of a model at all (rows are scoped further below).
READ_ROLES = {
    Provider: ALL_ROLES,
    Project: ALL_ROLES,
    FundingBody: ALL_ROLES,
    District: ALL_ROLES,
    Person: ALL_ROLES,
    Participation: ALL_ROLES,
    AssistanceRequest: ALL_ROLES,
    User: ADMIN_ONLY,
    # Project leads renew the assignments of their projects' staff (models.assignments).
    UserProject: frozenset({Role.ADMIN, Role.PROJECT_LEAD}),
    HistoryEntry: ADMIN_ONLY,
    DisabilityProof: ALL_ROLES,
    # Names and notes of documents are personal: statistics readers see counts per kind only.
    Document: CONTENT_READERS,
    DeliveredHours: ALL_ROLES,
    BillingRules: ALL_ROLES,
    CareCase: ALL_ROLES,
    ApprovalPeriod: ALL_ROLES,
    Activity: ALL_ROLES,
}
# Which roles may create, edit and delete rows of a model (within their scope).
WRITE_ROLES = {
    Provider: ADMIN_ONLY,
    Project: ADMIN_ONLY,
    FundingBody: ADMIN_ONLY,
    District: ADMIN_ONLY,
    Person: PERSON_WRITERS,
    Participation: PERSON_WRITERS,
    # Fields of requests are the project's; funding bodies only change the status.
    AssistanceRequest: PERSON_WRITERS,
    User: ADMIN_ONLY,
    UserProject: ADMIN_ONLY,
    HistoryEntry: frozenset(),
    DisabilityProof: PERSON_WRITERS,
    # Per record models.documents decides further (clerks: participations, own uploads).
    Document: PARTICIPATION_UPLOADERS,
    # Hours and care cases are the project's records, like its requests.
    DeliveredHours: PERSON_WRITERS,
    BillingRules: ADMIN_ONLY,
    CareCase: PERSON_WRITERS,
    ApprovalPeriod: PERSON_WRITERS,
    Activity: PERSON_WRITERS,
}


def may_read(user, model) -> bool:
    """True when `user` may open the views of `model`."""
    return _role(user) in READ_ROLES.get(model, frozenset())


def may_write(user, model) -> bool:
    """True when `user` may create, edit and delete rows of `model` in scope."""
    return _role(user) in WRITE_ROLES.get(model, frozenset())


def _role(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Role(user.role)


def _today():
    return dt.date.today()


def _own_projects(user):
    return projects_in_force(user, _today())


def _requests_sent_to(user):
    """Requests addressed to the clerk's funding body that were ever sent (not drafts)."""
    return AssistanceRequest.select(AssistanceRequest.id).where(
        (AssistanceRequest.funding_body == user.funding_body_id)
        & (AssistanceRequest.status != Status.IN_PROGRESS)
    )


def _persons(query, user):
    if user.is_staff:
        taking_part = Participation.select(Participation.person).where(
            Participation.project.in_(_own_projects(user)))
        return query.where(Person.project.in_(_own_projects(user)) | Person.id.in_(taking_part))
    if user.role == Role.CLERK:
        with_requests = (Participation.select(Participation.person)
                         .join(AssistanceRequest)
                         .where(AssistanceRequest.id.in_(_requests_sent_to(user))))
        return query.where(Person.id.in_(with_requests))
    return query


def _participations(query, user):
    if user.is_staff:
        return query.where(Participation.project.in_(_own_projects(user)))
    if user.role == Role.CLERK:
        addressed = AssistanceRequest.select(AssistanceRequest.participation).where(
            AssistanceRequest.id.in_(_requests_sent_to(user)))
        return query.where(Participation.id.in_(addressed))
    return query


def _assistance_requests(query, user):
    if user.is_staff:
        own = Participation.select(Participation.id).where(
            Participation.project.in_(_own_projects(user)))
        return query.where(AssistanceRequest.participation.in_(own))
    if user.role == Role.CLERK:
        return query.where(AssistanceRequest.id.in_(_requests_sent_to(user)))
    return query


def _projects(query, user):
    if user.is_staff:
        return query.where(Project.id.in_(_own_projects(user)))
    return query


def _providers(query, user):
    if user.is_staff:
        own = Project.select(Project.provider).where(Project.id.in_(_own_projects(user)))
        return query.where(Provider.id.in_(own))
    return query


def _funding_bodies(query, user):
    if user.role == Role.CLERK:
        return query.where(FundingBody.id == user.funding_body_id)
    return query


def _assignments(query, user):
    if user.is_staff:
        return query.where(UserProject.project.in_(_own_projects(user)))
    return query


def _disability_proofs(query, user):
    return query.where(DisabilityProof.person.in_(visible(Person, user).select(Person.id)))


def _documents(query, user):
    """Documents are visible exactly when the record they are attached to is."""
    condition = None
    for target in TARGETS:
        part = getattr(Document, target.name).in_(
            visible(target.model, user).select(target.model.id))
        condition = part if condition is None else condition | part
    return query.where(condition)
def _visible_participation_ids(user):
    return _participations(Participation.select(Participation.id), user)


# Hours and care cases follow the visibility of their participation (care cases of clerks: who
# pays them).
def _delivered_hours(query, user):
    return query.where(DeliveredHours.participation.in_(_visible_participation_ids(user)))


def _visible_case_ids(user):
    if user.role == Role.CLERK:
        # A clerk sees the cases their funding body pays, and only those: a request of the
        # participation addressed to them says nothing about who pays its care.
        return CareCase.select(CareCase.id).where(CareCase.funding_body == user.funding_body_id)
    return CareCase.select(CareCase.id).where(
        CareCase.participation.in_(_visible_participation_ids(user)))


def _care_cases(query, user):
    return query.where(CareCase.id.in_(_visible_case_ids(user)))


def _approval_periods(query, user):
    return query.where(ApprovalPeriod.case.in_(_visible_case_ids(user)))


def _activities(query, user):
    return query.where(Activity.case.in_(_visible_case_ids(user)))


def _billing_rules(query, user):
    if user.role == Role.CLERK:
        return query.where(BillingRules.funding_body == user.funding_body_id)
    return query


SCOPES = {
    Person: _persons,
    Project: _projects,
    Provider: _providers,
    FundingBody: _funding_bodies,
    Participation: _participations,
    AssistanceRequest: _assistance_requests,
    DisabilityProof: _disability_proofs,
    Document: _documents,
    UserProject: _assignments,
    DeliveredHours: _delivered_hours,
    CareCase: _care_cases,
    ApprovalPeriod: _approval_periods,
    Activity: _activities,
    BillingRules: _billing_rules,
}


def visible(model, user, query=None):
    """`query` (default: all rows of `model`) narrowed to the rows `user` may see."""
    query = model.select() if query is None else query
    role = _role(user)
    if role is None or role not in READ_ROLES.get(model, frozenset()):
        return query.where(False)
    if role == Role.ADMIN:
        return query
    rule = SCOPES.get(model)
    return rule(query, user) if rule else query


# Rows that belong to a participation (their history entries carry its id), and the roles that
# see every such row of each participation they see. A clerk sees only the requests addressed
# to their body and the care cases it pays (with their rows): for them the row itself decides.
BELONGS_TO_PARTICIPATION = {
    Participation: ALL_ROLES,
    Document: ALL_ROLES,
    DeliveredHours: ALL_ROLES,
    AssistanceRequest: ALL_ROLES - {Role.CLERK},
    CareCase: ALL_ROLES - {Role.CLERK},
    ApprovalPeriod: ALL_ROLES - {Role.CLERK},
    Activity: ALL_ROLES - {Role.CLERK},
}


def history_models() -> dict:
    """{history relation: model} of every model whose changes are in the history."""
    return {model.history_relation: model for model in READ_ROLES if model.history_relation}


def visible_history(user, query=None, relations=None):
    """`query` (default: every history entry) narrowed to the entries `user` may see on a
    page: those of records the user sees in their lists (`visible`), and those of deleted
    records that belonged to a participation the user sees, where the user sees every record
    of that kind there. `relations` (names) limits the kinds of records considered."""
    query = HistoryEntry.select() if query is None else query
    role = _role(user)
    if role is None:
        return query.where(False)
    if role == Role.ADMIN:
        return query if relations is None else query.where(
            HistoryEntry.relation.in_(list(relations)))
    condition = None
    for relation, model in history_models().items():
        if relations is not None and relation not in relations:
            continue
        part = _entries_of(model, user, role)
        if part is not None:
            condition = part if condition is None else condition | part
    return query.where(False if condition is None else condition)


def _entries_of(model, user, role):
    """Condition: the entries of `model` records `user` may see, or None for none."""
    if role not in READ_ROLES.get(model, frozenset()):
        return None
    key = model._meta.primary_key
    live = HistoryEntry.record_id.in_(visible(model, user).select(key))
    if role in BELONGS_TO_PARTICIPATION.get(model, frozenset()):
        gone = (~fn.EXISTS(model.select(key).where(key == HistoryEntry.record_id))
                & HistoryEntry.participation_id.in_(_visible_participation_ids(user)))
        live = live | gone
    return (HistoryEntry.relation == model.history_relation) & live


def seen_in_part(model, user):
    """None when `user` sees every `model` row of the participations they see; otherwise a
    query of the ids of the rows they see. Figures computed from such rows (approved hours
    from requests) count only these: a clerk's only their body's requests."""
    if _role(user) in BELONGS_TO_PARTICIPATION.get(model, frozenset()):
        return None
    return visible(model, user).select(model._meta.primary_key)


def is_visible(user, instance) -> bool:
    """True when `instance` lies in the scope of `user`."""
    model = type(instance)
    return visible(model, user).where(model._meta.primary_key == instance._pk).exists()


__all__ = ["STAFF_ROLES", "may_read", "may_write", "visible", "visible_history", "is_visible",
           "UserProject"]


# -- accounts and access (issue 5) ---------------------------------------------------------
from .announcements import Announcement  # noqa: E402
from .delegation import Delegation  # noqa: E402

READ_ROLES.update({Delegation: ADMIN_ONLY, Announcement: ADMIN_ONLY})
WRITE_ROLES.update({Delegation: ADMIN_ONLY, Announcement: ADMIN_ONLY})

PROJECT_SIDE = frozenset({Role.STAFF_WRITE, Role.PROJECT_LEAD, Role.ADMIN})
FUNDING_SIDE = frozenset({Role.CLERK, Role.ADMIN})
# Actions of the lists beyond delete and bulk edit, and which roles may run them (on the rows
# in their scope; the domain checks each row again). Unlisted actions need write access.
ACTION_ROLES = {
    AssistanceRequest: {
        "submit": PROJECT_SIDE,
        "end": PROJECT_SIDE,
        "approve": FUNDING_SIDE,
        "reject": FUNDING_SIDE,
        "request_rework": FUNDING_SIDE,
        # Requests change by their workflow only, never in bulk.
        "bulk_edit": frozenset(),
    },
    User: {"unlock": ADMIN_ONLY, "reset_second_factor": ADMIN_ONLY},
    # Renewing is checked per row by models.assignments.can_renew_assignment.
    UserProject: {"renew": frozenset({Role.ADMIN, Role.PROJECT_LEAD})},
    Delegation: {"revoke": ADMIN_ONLY},
}


def may_act(user, model, action_name: str) -> bool:
    """True when `user`'s role may run the list action `action_name` on rows of `model`."""
    rules = ACTION_ROLES.get(model, {})
    if action_name in rules:
        return _role(user) in rules[action_name]
    return may_write(user, model)


def pickable(model, user, query=None):
    """Rows `user` may choose in a form field pointing at `model` (a relation picker)."""
    if model is User and _role(user) in STAFF_ROLES:
        from .delegation import colleague_ids

        return User.select().where(User.id.in_(colleague_ids(user, _today()))
                                   | (User.id == user.id)).order_by(User.full_name)
    return visible(model, user, query)
