"""Occasion-based access (004 §1.3, "anlassbezogene Datenauswertung"): for a complaint or an
objection a clerk of the commission's funding body opens all data of that one commission,
giving a reason. Normally clerks see the commission data but not its contacts.

The access lasts until the end of the day it is opened (the clerk handles the complaint that
day; the next day needs a new access with its reason), so that no access stays open unnoticed.
Every access is a record with its history entry; administrators read them all."""

import datetime as dt

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from models.accounts.models import User
from models.commissions.models import Commission
from models.core.base import BaseModel
from models.core.errors import NotPermitted, ValidationError
from models.core.labels import LabelledEnum
from models.core.records import create_record
from models.core.roles import Role
from models.core.text import N_

MIN_REASON = 10


class Occasion(LabelledEnum):
    """Why the funding body opens the data of a commission (004 §1.3)."""

    COMPLAINT = "complaint", N_("Complaint")
    OBJECTION = "objection", N_("Objection")


class OccasionAccess(BaseModel):
    """One occasion-based access of a clerk to all data of one commission, for one day."""

    commission = ForeignKeyField(Commission, backref="occasion_accesses", on_delete="RESTRICT",
                                 verbose_name=N_("Commission"))
    user = ForeignKeyField(User, on_delete="RESTRICT", verbose_name=N_("Clerk"))
    occasion = CharField(max_length=20, choices=Occasion.choices(), verbose_name=N_("Occasion"))
    reason = TextField(verbose_name=N_("Reason"))
    opened_at = DateTimeField(verbose_name=N_("Opened at"))
    # The access holds on this day only (see the module's docstring).
    day = DateField(index=True, verbose_name=N_("Valid on"))

    history_relation = "occasion_access"
    verbose_name = N_("Occasion-based access")
    verbose_name_plural = N_("occasion-based accesses")
    personal_fields = ("reason",)

    class Meta:
        indexes = ((("user", "day", "commission"), False),)

    def __str__(self):
        return f"Z{self.id}" if self.id else "–"

    def history_label(self) -> str:
        return f"Z{self._pk}"


def may_open(commission, user) -> bool:
    """A clerk of the commission's funding body may open its data on occasion."""
    return user is not None and user.role == Role.CLERK \
        and user.funding_body_id is not None \
        and commission.funding_body_id == user.funding_body_id


def open_commissions(user, today: dt.date):
    """Subquery of the ids of the commissions `user` holds an occasion-based access to today."""
    return OccasionAccess.select(OccasionAccess.commission).where(
        (OccasionAccess.user == user.id) & (OccasionAccess.day == today))


def open_occasion_access(commission, actor, now: dt.datetime, occasion, reason: str):
    """Open all data of `commission` to `actor` until the end of today, with its reason."""
    if not may_open(commission, actor):
        raise NotPermitted(N_("Only a clerk of the commission's funding body opens its data on "
                              "occasion."))
    errors = {}
    if occasion not in set(Occasion):
        errors["occasion"] = N_("Please choose the occasion (complaint or objection).")
    if len((reason or "").strip()) < MIN_REASON:
        errors["reason"] = N_("Please give the reason (at least 10 characters).")
    if errors:
        raise ValidationError(errors)
    access = OccasionAccess(commission=commission, user=actor, occasion=Occasion(occasion),
                            reason=reason.strip(), opened_at=now, day=now.date())
    return create_record(access, actor, now)
