"""Paying bodies of results ("Leistungsträger für LEK", 004 §4, §7.1): by default the
commission's funding body, else the Integrationsamt; another one only when the Integrationsamt
released it for the IFD (project) on the day of the choice."""

import datetime as dt

from peewee import DateField, DateTimeField, ForeignKeyField

from models.accounts.models import User
from models.commissions.contacts import default_paying_body, write_result
from models.commissions.models import is_integration_office
from models.commissions.phases import acts_for_commission
from models.core.base import VersionedModel
from models.core.errors import NotPermitted, ValidationError
from models.core.history import Kind
from models.core.records import create_record
from models.core.roles import Role
from models.core.text import N_
from models.people.models import FundingBody, Project


class PayingBodyRelease(VersionedModel):
    """The Integrationsamt releases a paying body for the results of one IFD, from–to."""

    project = ForeignKeyField(Project, backref="paying_body_releases", on_delete="RESTRICT",
                              verbose_name=N_("IFD (project)"))
    funding_body = ForeignKeyField(FundingBody, backref="releases", on_delete="RESTRICT",
                                   verbose_name=N_("Paying body"))
    valid_from = DateField(verbose_name=N_("Valid from"))
    valid_to = DateField(null=True, verbose_name=N_("Valid to"))
    released_by = ForeignKeyField(User, on_delete="RESTRICT", verbose_name=N_("Released by"))
    released_at = DateTimeField(verbose_name=N_("Released at"))

    history_relation = "paying_body_release"
    verbose_name = N_("Release of a paying body")
    verbose_name_plural = N_("releases of paying bodies")

    class Meta:
        indexes = ((("project", "funding_body", "valid_from"), False),)

    def __str__(self):
        return f"F{self.id}" if self.id else "–"

    def history_label(self) -> str:
        return f"F{self._pk}"


def may_release(user) -> bool:
    """Administrators and the clerks of an Integrationsamt release paying bodies."""
    if user is None:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.CLERK and user.funding_body_id is not None \
        and is_integration_office(user.funding_body)


def _in_force(on_date: dt.date):
    return (PayingBodyRelease.valid_from <= on_date) & (
        PayingBodyRelease.valid_to.is_null() | (PayingBodyRelease.valid_to >= on_date))


def is_released(project_id, body_id, on_date: dt.date) -> bool:
    """True when `body_id` is released for the results of project `project_id` on `on_date`."""
    return PayingBodyRelease.select().where(
        (PayingBodyRelease.project == project_id)
        & (PayingBodyRelease.funding_body == body_id) & _in_force(on_date)).exists()


def release_problems(project, body, valid_from, valid_to) -> dict:
    """{field: msgid} for every rule a new release breaks (all at once)."""
    errors = {}
    if project is None:
        errors["project"] = N_("Please choose the IFD.")
    if body is None:
        errors["funding_body"] = N_("Please choose the paying body.")
    if valid_from is None:
        errors["valid_from"] = N_("Please enter the date from which the release applies.")
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = N_("The end of the release lies before its start.")
    if not errors:
        end = valid_to or dt.date.max
        overlap = PayingBodyRelease.select().where(
            (PayingBodyRelease.project == project.id)
            & (PayingBodyRelease.funding_body == body.id)
            & (PayingBodyRelease.valid_from <= end)
            & (PayingBodyRelease.valid_to.is_null()
               | (PayingBodyRelease.valid_to >= valid_from)))
        if overlap.exists():
            errors["valid_from"] = N_("The paying body is released for this IFD already in "
                                      "this period.")
    return errors


def release_paying_body(project, body, actor, now: dt.datetime, valid_from, valid_to=None):
    """Record that the Integrationsamt releases `body` as paying body for `project`'s results."""
    if not may_release(actor):
        raise NotPermitted(N_("Only the Integrationsamt releases paying bodies."))
    errors = release_problems(project, body, valid_from, valid_to)
    if errors:
        raise ValidationError(errors)
    release = PayingBodyRelease(project=project, funding_body=body, valid_from=valid_from,
                                valid_to=valid_to, released_by=actor, released_at=now)
    return create_record(release, actor, now)


def paying_body_problems(commission, body, today: dt.date) -> dict:
    """{"paying_body": msgid} when `body` may not pay for a result of `commission` today."""
    default = default_paying_body(commission)
    if body is None or (default is not None and body.id == default.id):
        return {}
    if is_released(commission.project_id, body.id, today):
        return {}
    return {"paying_body": N_("This paying body is not released for the IFD by the "
                              "Integrationsamt; only the default one can be chosen.")}


def choose_paying_body(result, actor, now: dt.datetime, body):
    """Set the paying body of `result` (None: the default one) under the release rule."""
    commission = result.commission
    if not acts_for_commission(commission, actor, now.date()):
        raise NotPermitted(N_("You may not change the results of this commission."))
    errors = paying_body_problems(commission, body, now.date())
    if errors:
        raise ValidationError(errors)
    chosen = body or default_paying_body(commission)
    return write_result(result, actor, now, {"paying_body": chosen.id if chosen else None},
                  kind=Kind.INFO)
