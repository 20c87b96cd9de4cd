"""The compliance lists of 004 §5, §2.2, §3.1 and §7 as conditions on commissions at a date:
each is one WHERE clause, so a list and its count cost one query each whatever the rows."""

import datetime as dt

from models.commissions.models import Commission, Contact, ContactForm, Phase, Result
from models.commissions.workdays import add_months
from models.core.text import N_

PERSONAL_CONTACT_EVERY = dt.timedelta(weeks=8)
CONTACT_GAP = dt.timedelta(weeks=4)
STATUS_REPORT_BEFORE = dt.timedelta(weeks=2)
RESULT_SILENCE = dt.timedelta(weeks=6)
# Commissions under care: the contact rules apply in counselling and while commissioned.
UNDER_CARE = (Phase.P2, Phase.P3)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def no_personal_contact(today: dt.date):
    """Under care for more than 8 weeks without a personal contact in the last 8 weeks."""
    cutoff = today - PERSONAL_CONTACT_EVERY
    recent = Contact.select(Contact.commission).where(
        (Contact.form == ContactForm.PERSONAL) & (Contact.at >= _midnight(cutoff)))
    return (Commission.phase.in_(UNDER_CARE) & (Commission.start < cutoff)
            & Commission.id.not_in(recent))


def contact_gap(today: dt.date):
    """Under care for more than 4 weeks without any contact in the last 4 weeks."""
    cutoff = today - CONTACT_GAP
    recent = Contact.select(Contact.commission).where(Contact.at >= _midnight(cutoff))
    return (Commission.phase.in_(UNDER_CARE) & (Commission.start < cutoff)
            & Commission.id.not_in(recent))


def status_report_due(today: dt.date):
    """Commissioned, the planned end within the next 2 weeks (the status report asking for an
    extension is due, 004 §3.1)."""
    return ((Commission.phase == Phase.P3) & (Commission.planned_end >= today)
            & (Commission.planned_end <= today + STATUS_REPORT_BEFORE))


def status_report_overdue(today: dt.date):
    """Commissioned beyond the planned end."""
    return (Commission.phase == Phase.P3) & (Commission.planned_end < today)


def p2_too_long(today: dt.date):
    """In counselling for more than two months (004 §2.2)."""
    return (Commission.phase == Phase.P2) & (Commission.phase_since < add_months(today, -2))


def results_without_contact(today: dt.date):
    """Under care with a valid result whose last contact lies more than 6 weeks back."""
    silent = Result.select(Result.commission).where(
        ~Result.invalid & Result.end.is_null(False) & (Result.end < today - RESULT_SILENCE))
    return Commission.phase.in_(UNDER_CARE) & Commission.id.in_(silent)


# key -> (msgid, condition at a date)
COMPLIANCE_LISTS = {
    "no_personal_contact": (N_("No personal contact for 8 weeks"), no_personal_contact),
    "contact_gap": (N_("No contact for 4 weeks"), contact_gap),
    "status_report_due": (N_("Status report due"), status_report_due),
    "status_report_overdue": (N_("Planned end passed"), status_report_overdue),
    "p2_too_long": (N_("P2 over two months"), p2_too_long),
    "results_without_contact": (N_("Results without contact for 6 weeks"),
                                results_without_contact),
}


def compliance_counts(query, today: dt.date) -> dict:
    """{key: count} of the commissions of `query` (already scoped) on each compliance list,
    and under "all" the whole query's, in one query."""
    from peewee import SQL, Case, fn

    columns = [fn.SUM(Case(None, [(condition(today), 1)], 0)).alias(key)
               for key, (_label, condition) in COMPLIANCE_LISTS.items()]
    row = query.select(fn.COUNT(SQL("*")).alias("all"), *columns).dicts().get()
    return {key: int(row[key] or 0) for key in ("all", *COMPLIANCE_LISTS)}
