"""The employment situation of a commission's client with its chronology (004 §3.1): a
situation dated in the future is "voraussichtlich" (expected) and becomes "eingetroffen"
(occurred) when the caseworker confirms it on or after its date."""

import datetime as dt

from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from models.accounts.models import User
from models.commissions.models import Commission
from models.commissions.phases import acts_for_commission
from models.core.base import VersionedModel, db
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import Event, Kind, field_changes, record_history
from models.core.labels import LabelledEnum
from models.core.records import ChangedMeanwhile, create_record
from models.core.text import N_


class SituationKind(LabelledEnum):
    """What the client's employment situation is (004 §3.1: a failed job protection ends in
    unemployment, a pension or marginal employment)."""

    EMPLOYED = "employed", N_("Employed (subject to social insurance)")
    MARGINAL = "marginal", N_("Marginal employment")
    TRAINING = "training", N_("In vocational training")
    WORKSHOP = "workshop", N_("Sheltered workshop")
    UNEMPLOYED = "unemployed", N_("Unemployed")
    REDUCED_EARNING_PENSION = "reduced_earning_pension", N_(
        "Full reduced-earning-capacity pension")
    OLD_AGE_PENSION = "old_age_pension", N_("Old-age pension")
    OTHER = "other", N_("Other")


class SituationStatus(LabelledEnum):
    """Whether a situation has happened (004 §3.1)."""

    EXPECTED = "expected", N_("expected (voraussichtlich)")
    OCCURRED = "occurred", N_("occurred (eingetroffen)")


class EmploymentSituation(VersionedModel):
    """One entry of the chronology of the client's employment situation in a commission."""

    commission = ForeignKeyField(Commission, backref="situations", on_delete="RESTRICT",
                                 verbose_name=N_("Commission"))
    kind = CharField(max_length=40, choices=SituationKind.choices(),
                     verbose_name=N_("Employment situation"))
    since = DateField(index=True, verbose_name=N_("From"))
    status = CharField(max_length=10, choices=SituationStatus.choices(),
                       verbose_name=N_("Status"))
    confirmed_at = DateTimeField(null=True, verbose_name=N_("Confirmed at"))
    confirmed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT",
                                   verbose_name=N_("Confirmed by"))
    recorded_at = DateTimeField(verbose_name=N_("Recorded at"))

    history_relation = "employment_situation"
    verbose_name = N_("Employment situation")
    verbose_name_plural = N_("employment situations")
    workflow_fields = ("status", "confirmed_at", "confirmed_by")

    class Meta:
        indexes = ((("commission", "since"), False),)

    def __str__(self):
        return f"B{self.id}" if self.id else "–"

    def history_label(self) -> str:
        return f"B{self._pk}"


def situation_problems(commission, kind, since) -> dict:
    """{field: msgid} for every rule a new situation breaks (all at once)."""
    errors = {}
    if kind not in set(SituationKind):
        errors["kind"] = N_("Please choose the employment situation.")
    if since is None:
        errors["since"] = N_("Please enter the date from which the situation applies.")
    if not errors and EmploymentSituation.select().where(
            (EmploymentSituation.commission == commission.id)
            & (EmploymentSituation.kind == kind) & (EmploymentSituation.since == since)).exists():
        errors["since"] = N_("This situation is recorded already for this date.")
    return errors


def record_situation(commission, actor, now: dt.datetime, kind, since: dt.date):
    """A new entry of the chronology: expected when `since` lies after today, else occurred."""
    if not acts_for_commission(commission, actor, now.date()):
        raise NotPermitted(N_("You may not document the employment situation of this "
                              "commission."))
    errors = situation_problems(commission, kind, since)
    if errors:
        raise ValidationError(errors)
    expected = since > now.date()
    situation = EmploymentSituation(
        commission=commission, kind=SituationKind(kind), since=since, recorded_at=now,
        status=SituationStatus.EXPECTED if expected else SituationStatus.OCCURRED,
        confirmed_at=None if expected else now, confirmed_by=None if expected else actor)
    return create_record(situation, actor, now)


def confirm_situation(situation, actor, now: dt.datetime):
    """An expected situation has occurred: from its date on the caseworker confirms it."""
    if not acts_for_commission(situation.commission, actor, now.date()):
        raise NotPermitted(N_("You may not document the employment situation of this "
                              "commission."))
    if situation.status == SituationStatus.OCCURRED:
        raise DomainError(N_("The situation has occurred already."))
    if situation.since > now.date():
        raise DomainError(N_("The situation can be confirmed from %(date)s on."),
                          date=situation.since)
    values = {"status": SituationStatus.OCCURRED, "confirmed_at": now,
              "confirmed_by": actor.id}
    old = dict(situation.__data__)
    with db.atomic():
        updated = (EmploymentSituation.update(**values, version=situation.version + 1)
                   .where((EmploymentSituation.id == situation.id)
                          & (EmploymentSituation.version == situation.version))
                   .execute())
        if updated != 1:
            raise ChangedMeanwhile(situation)
        for name, value in values.items():
            situation.__data__[name] = value
        situation.version += 1
        entry = record_history(situation, actor, now, Event.UPDATED,
                               field_changes(situation, old), kind=Kind.STATUS)
        entry.status = SituationStatus.OCCURRED
        entry.save()
    return situation


def chronology(query):
    """`query` of situations ordered newest first (by date, then by entry)."""
    return query.order_by(EmploymentSituation.since.desc(), EmploymentSituation.id.desc())
