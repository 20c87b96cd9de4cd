"""Contacts of a commission (004 §5, §1.2): at least one task and one result; never more than
6 weeks back; more than 5 working days late is saved with a warning. Results follow their
contacts (start = first, end = last) and are never deleted, only declared invalid (004 §7)."""

import datetime as dt

from peewee import fn

from models.commissions.models import (
    Commission,
    Contact,
    ContactForm,
    ContactResult,
    ContactTask,
    Result,
    Task,
)
from models.commissions.phases import acts_for_commission
from models.commissions.workdays import project_region, working_days_between
from models.core.base import db
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import Event, Kind, field_changes, record_history
from models.core.records import create_record
from models.core.text import N_

MAX_BACK = dt.timedelta(weeks=6)
LATE_AFTER_WORKING_DAYS = 5
# A result's start date can be removed only while it lies at most 6 weeks back (004 §7).
START_REMOVABLE_FOR = dt.timedelta(weeks=6)

LATE_WARNING = N_("The contact was entered more than 5 working days after its date; please "
                  "document within 5 working days.")


def contact_problems(commission, at, form, keyword, participants, task_ids, result_ids,
                     today: dt.date) -> dict:
    """{field: msgid} for every rule a new contact breaks (all at once)."""
    errors = {}
    if at is None:
        errors["at"] = N_("Please enter the date and time of the contact.")
    elif at.date() > today:
        errors["at"] = N_("A contact cannot lie in the future.")
    elif at.date() < today - MAX_BACK:
        errors["at"] = N_("A contact can be documented at most 6 weeks back.")
    if form not in set(ContactForm):
        errors["form"] = N_("Please choose the form of the contact.")
    if not (keyword or "").strip():
        errors["keyword"] = N_("Please enter a keyword.")
    if not (participants or "").strip():
        errors["participants"] = N_("Please name the participants.")
    if not task_ids:
        errors["tasks"] = N_("Link the contact to at least one task.")
    elif Task.select().where(Task.id.in_(list(task_ids)) & Task.active).count() \
            != len(set(task_ids)):
        errors["tasks"] = N_("Please choose tasks of the catalogue.")
    if not result_ids:
        errors["results"] = N_("Link the contact to at least one result.")
    elif Result.select().where(Result.id.in_(list(result_ids))
                               & (Result.commission == commission.id)
                               & ~Result.invalid).count() != len(set(result_ids)):
        errors["results"] = N_("Please choose valid results of this commission.")
    return errors


def is_late(at: dt.datetime, recorded: dt.datetime, where=None) -> bool:
    """True when `recorded` lies more than 5 working days after the contact (004 §1.2)."""
    return working_days_between(at.date(), recorded.date(), where) > LATE_AFTER_WORKING_DAYS


def record_contact(commission, actor, now: dt.datetime, *, at, form, keyword, participants,
                   text=None, task_ids=(), result_ids=(), where=None):
    """Save a contact with its tasks and results; returns (contact, warnings as msgids)."""
    if not acts_for_commission(commission, actor, now.date()):
        raise NotPermitted(N_("You may not document contacts of this commission."))
    errors = contact_problems(commission, at, form, keyword, participants, task_ids,
                              result_ids, now.date())
    if errors:
        raise ValidationError(errors)
    late = is_late(at, now, where or project_region(commission.project))
    contact = Contact(commission=commission, at=at, form=ContactForm(form),
                      keyword=keyword.strip(), participants=participants.strip(),
                      text=(text or "").strip() or None, recorded_at=now, late=late)
    with db.atomic():
        create_record(contact, actor, now)
        ContactTask.insert_many([(contact.id, task) for task in sorted(set(task_ids))],
                                fields=[ContactTask.contact, ContactTask.task]).execute()
        ContactResult.insert_many([(contact.id, res) for res in sorted(set(result_ids))],
                                  fields=[ContactResult.contact, ContactResult.result]).execute()
        for result in Result.select().where(Result.id.in_(list(result_ids))):
            follow_contacts(result, actor, now)
    return contact, [LATE_WARNING] if late else []


# -- results -------------------------------------------------------------------------------


def default_paying_body(commission):
    """The funding body of a result by default: the commission's, else the Integrationsamt
    (004 §7.1); None when neither is known."""
    from models.commissions.models import INTEGRATION_OFFICE
    from models.people.models import FundingBody

    if commission.funding_body_id:
        return commission.funding_body
    return FundingBody.select().where(FundingBody.kind == INTEGRATION_OFFICE) \
        .order_by(FundingBody.id).first()


def add_result(commission, kind, actor, now, paying_body=None):
    """A new result (LEK) of the commission; its paying body defaults, another one only
    when released for the IFD (004 §7.1)."""
    if not acts_for_commission(commission, actor, now.date()):
        raise NotPermitted(N_("You may not add results to this commission."))
    from models.commissions.releases import paying_body_problems

    errors = paying_body_problems(commission, paying_body, now.date())
    if not kind.active:
        errors["kind"] = N_("Please choose a result of the catalogue.")
    if errors:
        raise ValidationError(errors)
    result = Result(commission=commission, kind=kind,
                    paying_body=paying_body or default_paying_body(commission))
    return create_record(result, actor, now)


def write_result(result, actor, now, values, kind=None, message=None):
    """Write `values` to `result` unless it changed meanwhile, with its history entry."""
    old = dict(result.__data__)
    with db.atomic():
        updated = (Result.update(**values, version=result.version + 1)
                   .where((Result.id == result.id) & (Result.version == result.version))
                   .execute())
        if updated != 1:
            from models.core.records import ChangedMeanwhile

            raise ChangedMeanwhile(result)
        for name, value in values.items():
            setattr(result, name, value)
        result.version += 1
        changes = field_changes(result, old)
        if changes:
            record_history(result, actor, now, Event.UPDATED, changes, kind=kind,
                           message=message)
    return result


def follow_contacts(result, actor, now):
    """Set start and end of `result` to its first and last linked contact (004 §7)."""
    first, last = (Contact.select(fn.MIN(Contact.at), fn.MAX(Contact.at))
                   .join(ContactResult).where(ContactResult.result == result.id)
                   .tuples().get())
    values = {"start": _day(first), "end": _day(last)}
    if values["start"] != result.start or values["end"] != result.end:
        write_result(result, actor, now, values)
    return result


def _day(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.date() if isinstance(value, dt.datetime) else value


def invalidate_result(result, actor, now, reason: str):
    """Declare `result` invalid with a reason (it stays, with its history; 004 §7)."""
    if not acts_for_commission(result.commission, actor, now.date()):
        raise NotPermitted(N_("You may not change the results of this commission."))
    if result.invalid:
        raise DomainError(N_("The result is already invalid."))
    if not (reason or "").strip():
        raise ValidationError({"invalid_reason": N_("Please give the reason.")})
    return write_result(result, actor, now, {"invalid": True,
                                             "invalid_reason": reason.strip(),
                                             "invalid_since": now}, kind=Kind.STATUS)


def remove_result_start(result, actor, now):
    """Remove the start date of `result` (it then counts in no statistics); possible only
    while the start lies at most 6 weeks back (004 §7)."""
    if not acts_for_commission(result.commission, actor, now.date()):
        raise NotPermitted(N_("You may not change the results of this commission."))
    if result.start is None:
        return result
    if result.start < now.date() - START_REMOVABLE_FOR:
        raise DomainError(N_("The start date lies more than 6 weeks back and can no longer be "
                             "removed."))
    return write_result(result, actor, now, {"start": None})


def commission_of(contact) -> Commission:
    """The commission of a contact."""
    return contact.commission
