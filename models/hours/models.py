"""Delivered hours against approved requests (DOMAIN part D, 001 §6, §8.2).

An entry stores only what the project typed: the period and the delivered hours. The approved
hours of its period are computed whenever they are read, from the participation's approved and
ended requests, so that a request approved, ended or deleted later changes them at once.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from peewee import DateField, DateTimeField, DecimalField, ForeignKeyField, TextField

from models.core import clock
from models.core.base import VersionedModel, refuse_move
from models.core.errors import NotPermitted, ValidationError
from models.core.text import N_
from models.hours.arithmetic import (
    RequestHours,
    approved_hours_of_requests,
    period_hours_limit,
    prorated_delivered,
    round_quarter,
)
from models.participations.models import Participation, acts_for_participation
from models.requests.models import VALID_FOR_HOURS, AssistanceRequest

NOT_THE_PROJECT = N_("Only the project may record delivered hours.")
OVERLAP = N_("This participation has an entry for part of this period already.")


class DeliveredHours(VersionedModel):
    """Hours a project delivered to a participant in a period (quarter hours)."""

    participation = ForeignKeyField(Participation, backref="delivered_hours",
                                    on_delete="RESTRICT", verbose_name=N_("Participation"))
    period_start = DateField(verbose_name=N_("From"))
    period_end = DateField(verbose_name=N_("To"))
    hours = DecimalField(max_digits=8, decimal_places=2, verbose_name=N_("Delivered hours"))
    note = TextField(null=True, verbose_name=N_("Note"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))

    history_relation = "delivered_hours"
    verbose_name, verbose_name_plural = N_("Delivered hours entry"), N_("delivered-hours entries")
    personal_fields = ("note",)

    class Meta:
        indexes = ((("participation", "period_start"), False),)

    def __str__(self):
        return f"#{self.id}" if self.id else "–"

    def history_label(self) -> str:
        # Names the participation (pseudonym/project) for readers of the global history; the
        # participation's page finds the entries by the participation id stored in each entry.
        return f"{self.participation.history_label()} #{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """The project's own entry, kept with its participation; quarter hours, a period in
        order, hours the period can hold, no overlapping entry."""
        refuse_move(self, old, "participation", N_(
            "The participation of an entry cannot be changed; delete the entry and record it "
            "for the right participation."))
        if actor is not None and not acts_for_participation(self.participation, actor, today):
            raise NotPermitted(NOT_THE_PROJECT)
        errors = self.value_errors()
        if not errors and self._overlapping().exists():
            errors["period_start"] = OVERLAP
        if errors:
            raise ValidationError(errors)

    def value_errors(self) -> dict:
        """The entry's own field messages (period, quarter hours), without asking the
        database; the hours are rounded to quarter hours on the way."""
        errors = period_errors(self.period_start, self.period_end)
        if self.hours is not None:
            self.hours = round_quarter(self.hours)
        if self.hours is None:
            errors["hours"] = N_("Please enter the delivered hours.")
        elif self.hours < 0:
            errors["hours"] = N_("Delivered hours cannot be negative.")
        elif not errors and self.hours > period_hours_limit(self.period_start, self.period_end):
            errors["hours"] = N_("More hours than the period has (24 hours a day).")
        return errors

    def before_delete(self, actor, now) -> None:
        """Only the project deletes its entries."""
        if actor is not None and not acts_for_participation(self.participation, actor,
                                                            now.date()):
            raise NotPermitted(N_("Only the project may delete delivered hours."))

    def _overlapping(self):
        query = DeliveredHours.select().where(
            (DeliveredHours.participation == self.participation_id)
            & (DeliveredHours.period_start <= self.period_end)
            & (DeliveredHours.period_end >= self.period_start))
        if self.id is not None:
            query = query.where(DeliveredHours.id != self.id)
        return query


def period_errors(start, end) -> dict:
    """Field messages for a period's dates: both given, the end not before the start."""
    errors = {}
    if start is None:
        errors["period_start"] = N_("Please enter the start of the period.")
    if end is None:
        errors["period_end"] = N_("Please enter the end of the period.")
    if start and end and end < start:
        errors["period_end"] = N_("The end of the period lies before its start.")
    return errors


# -- reading approved hours: one query for any number of participations -------------------------


def valid_requests_by_participation(participation_ids,
                                    among=None) -> dict[int, list[RequestHours]]:
    """{participation id: [RequestHours]} of the approved and ended requests, in one query;
    only those whose ids `among` (a query) selects, where given."""
    ids = sorted(set(participation_ids))
    found: dict[int, list[RequestHours]] = defaultdict(list)
    if not ids:
        return found
    for participation_id, hours, start, end in valid_requests_query(ids, among):
        found[participation_id].append(RequestHours(Decimal(hours), start, end))
    return found


def valid_requests_query(participation_ids, among=None):
    """(participation id, hours per week, approval start, actual end) of the approved and
    ended requests of `participation_ids` (served by the index on participation and status,
    migration step 13)."""
    return (AssistanceRequest
            .select(AssistanceRequest.participation, AssistanceRequest.hours_per_week,
                    AssistanceRequest.approval_start, AssistanceRequest.actual_end)
            .where(AssistanceRequest.participation.in_(list(participation_ids))
                   & AssistanceRequest.status.in_(sorted(VALID_FOR_HOURS))
                   & _among(among))
            .tuples())


def _among(request_ids):
    """Condition: the request is one `request_ids` (a query, or None for all) selects."""
    return True if request_ids is None else AssistanceRequest.id.in_(request_ids)


def attach_approved_hours(entries, among=None) -> list:
    """Set `approved_hours` on each entry from its participation's valid requests (one query);
    only from the requests `among` selects, where given (a clerk: their body's)."""
    entries = list(entries)
    # Not called `requests`: bandit would take it for the HTTP library of that name.
    valid = valid_requests_by_participation((e.participation_id for e in entries), among)
    for entry in entries:
        entry.approved_hours = approved_hours_of_requests(
            valid.get(entry.participation_id, ()), entry.period_start, entry.period_end)
    return entries


def entries_history(participation):
    """History of the participation's entries, deleted ones included, newest first."""
    from models.core.history import HistoryEntry, history_where

    return history_where((HistoryEntry.relation == DeliveredHours.history_relation)
                         & (HistoryEntry.participation_id == participation.id))


# -- the aggregated hours export (DOMAIN D/J, 001 §8.2) ----------------------------------------

OPEN_START = dt.date(1900, 1, 1)


def observation_period(start: dt.date | None, end: dt.date | None, today: dt.date):
    """The export period: from only → [from, today]; to only → up to `to`; neither → up to today."""
    return start or OPEN_START, end or today


def _valid_requests_touching(first, last):
    return (AssistanceRequest.status.in_(sorted(VALID_FOR_HOURS))
            & (AssistanceRequest.approval_start <= last)
            & (AssistanceRequest.actual_end.is_null() | (AssistanceRequest.actual_end >= first)))


def _entries_touching(first, last):
    return (DeliveredHours.period_start <= last) & (DeliveredHours.period_end >= first)


def _hour_maps(participations, first, last, among):
    """({participation id: [RequestHours]}, {participation id: delivered hours}) of the
    participations `participations` selects, for [first, last]: two queries."""
    ids_query = participations.select(Participation.id)
    requested: dict[int, list[RequestHours]] = defaultdict(list)
    for pid, hours, start, end in (
            AssistanceRequest.select(AssistanceRequest.participation,
                                     AssistanceRequest.hours_per_week,
                                     AssistanceRequest.approval_start,
                                     AssistanceRequest.actual_end)
            .where(AssistanceRequest.participation.in_(ids_query)
                   & _valid_requests_touching(first, last) & _among(among))
            .tuples()):
        requested[pid].append(RequestHours(Decimal(hours), start, end))
    delivered: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for pid, hours, start, end in (
            DeliveredHours.select(DeliveredHours.participation, DeliveredHours.hours,
                                  DeliveredHours.period_start, DeliveredHours.period_end)
            .where(DeliveredHours.participation.in_(ids_query) & _entries_touching(first, last))
            .tuples()):
        delivered[pid] += prorated_delivered(hours, start, end, first, last)
    return requested, delivered


def _chosen(participations, first, last, among):
    """The participations with a valid request or an entry touching [first, last]."""
    with_requests = AssistanceRequest.select(AssistanceRequest.participation).where(
        _valid_requests_touching(first, last) & _among(among))
    with_entries = DeliveredHours.select(DeliveredHours.participation).where(
        _entries_touching(first, last))
    return participations.where(Participation.id.in_(with_requests)
                                | Participation.id.in_(with_entries))


def aggregate_hours(participations, first: dt.date, last: dt.date,
                    among=None) -> list[tuple]:
    """(participation, approved hours, delivered hours, number of valid requests) per
    participation with a valid request or an entry touching [first, last], pro-rated by days.

    `participations` is a query of the participations to consider (already scoped), `among`
    one of the requests to count (None: all of them); three queries in all, however many
    rows."""
    requested, delivered = _hour_maps(participations, first, last, among)
    rows = []
    for participation in _chosen(participations, first, last, among):
        valid = requested.get(participation.id, [])
        rows.append((participation, approved_hours_of_requests(valid, first, last),
                     delivered.get(participation.id, Decimal("0.00")), len(valid)))
    return rows


def aggregate_hours_rows(participations, first: dt.date, last: dt.date, fields,
                         among=None):
    """(count, rows) as aggregate_hours, each row a tuple of `fields` of the participation
    (its query's joins) followed by approved hours, delivered hours and the number of valid
    requests; streamed from the cursor, no model instance per row."""
    requested, delivered = _hour_maps(participations, first, last, among)
    chosen = _chosen(participations, first, last, among).select(Participation.id, *fields)
    zero = Decimal("0.00")

    def rows():
        for pid, *values in chosen.tuples().iterator():
            valid = requested.get(pid, ())
            yield (*values, approved_hours_of_requests(valid, first, last),
                   delivered.get(pid, zero), len(valid))

    return chosen.count(), rows()
