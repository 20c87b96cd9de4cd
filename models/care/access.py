"""Care cases, their approval periods and activities; billing rules of funding bodies."""

from models.care.models import Activity, ApprovalPeriod, BillingRules, CareCase
from models.core.access import register
from models.core.roles import ADMIN_ONLY, ALL_ROLES, FUNDING_USERS, PROJECT_WRITERS
from models.participations.access import visible_participation_ids


def visible_case_ids(user, today):
    """Ids of the care cases a non-admin `user` sees."""
    if user.role in FUNDING_USERS:
        # A clerk sees the cases their funding body pays, and only those: a request of the
        # participation addressed to them says nothing about who pays its care.
        return CareCase.select(CareCase.id).where(CareCase.funding_body == user.funding_body_id)
    return CareCase.select(CareCase.id).where(
        CareCase.participation.in_(visible_participation_ids(user, today)))


def _care_cases(query, user, today):
    return query.where(CareCase.id.in_(visible_case_ids(user, today)))


def _approval_periods(query, user, today):
    return query.where(ApprovalPeriod.case.in_(visible_case_ids(user, today)))


def _activities(query, user, today):
    return query.where(Activity.case.in_(visible_case_ids(user, today)))


def _billing_rules(query, user, today):
    if user.role in FUNDING_USERS:
        return query.where(BillingRules.funding_body == user.funding_body_id)
    return query


register(BillingRules, read=ALL_ROLES, write=ADMIN_ONLY, scope=_billing_rules)
# Care cases are the project's records, like its requests.
# A clerk sees the cases their body pays, not every case of a participation they see.
NOT_CLERKS = ALL_ROLES - FUNDING_USERS
register(CareCase, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_care_cases,
         whole_per_participation=NOT_CLERKS)
register(ApprovalPeriod, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_approval_periods,
         whole_per_participation=NOT_CLERKS)
register(Activity, read=ALL_ROLES, write=PROJECT_WRITERS, scope=_activities,
         whole_per_participation=NOT_CLERKS)
