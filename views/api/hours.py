"""Delivered hours through the open API: list, and a batch of up to 1 000 entries stored in
one transaction, all or nothing, with the errors of each refused row."""

from flask import abort
from flask_babel import gettext, ngettext
from flask_smorest import Blueprint

from models.core.access import may_write, visible
from models.core.clock import now
from models.core.errors import ValidationError
from models.core.text import N_
from models.hours.batch import BatchRefused, record_delivered_hours
from models.hours.models import DeliveredHours
from models.participations.models import Participation
from models.people.models import Person
from views.api.auth import READ, WRITE, api_user, needs
from views.api.common import in_scope, page, shown, with_etag
from views.api.problems import problem
from views.api.schemas import (
    HoursBatchResultSchema,
    HoursBatchSchema,
    HoursListArgs,
    HoursPageSchema,
    HoursSchema,
)
from views.core.formatting import translate_error

blp = Blueprint("api_hours", __name__, url_prefix="/api/v1/hours",
                description=N_("Delivered hours: list, and store a month's entries at once."))
FIELDS = tuple(HoursSchema().fields)
SECURITY = [{"bearer": []}]


@blp.route("")
@needs(READ)
@blp.doc(summary=N_("List delivered hours"), security=SECURITY)
@blp.arguments(HoursListArgs, location="query")
@blp.response(200, HoursPageSchema)
def list_hours(args):
    """Entries the token's user sees, by cursor."""
    user = api_user()
    query = visible(DeliveredHours, user)
    if args.get("participation_id"):
        query = query.where(DeliveredHours.participation == args["participation_id"])
    rows, cursor = page(query, DeliveredHours, args)
    return {"items": [shown(row, FIELDS, user) for row in rows], "next": cursor}


@blp.route("/<int:entry_id>")
@needs(READ)
@blp.doc(summary=N_("Read an entry of delivered hours"), security=SECURITY)
@blp.response(200, HoursSchema)
def get_hours(entry_id):
    """One entry in scope; the ETag carries its version."""
    entry = in_scope(DeliveredHours, entry_id)
    return with_etag(shown(entry, FIELDS, api_user()), entry)


def _row_errors(index, error) -> dict:
    if isinstance(error, ValidationError):
        return {f"rows.{index}.{name}": [gettext(text)] for name, text in error.errors.items()}
    return {f"rows.{index}": [translate_error(error)]}


@blp.route("", methods=["POST"])
@needs(WRITE)
@blp.doc(summary=N_("Store delivered hours (up to 1 000 entries, all or none)"),
         security=SECURITY)
@blp.arguments(HoursBatchSchema)
@blp.response(201, HoursBatchResultSchema)
def create_hours(data):
    """Store every entry, or none: a refused row names its errors as 'rows.<n>.<field>'."""
    user = api_user()
    if not may_write(user, DeliveredHours):
        abort(problem(403))
    wanted = {row["participation_id"] for row in data["rows"]}
    participations = {p.id: p for p in visible(
        Participation, user, Participation.select(Participation, Person).join(Person))
        .where(Participation.id.in_(list(wanted)))}
    errors = {f"rows.{index}.participation_id": [gettext("Unknown participation.")]
              for index, row in enumerate(data["rows"])
              if row["participation_id"] not in participations}
    if not errors:
        entries = [DeliveredHours(participation=participations[row["participation_id"]],
                                  period_start=row["period_start"],
                                  period_end=row["period_end"], hours=row["hours"],
                                  note=row.get("note")) for row in data["rows"]]
        try:
            stored = record_delivered_hours(entries, user, now())
        except BatchRefused as refused:
            for index, error in sorted(refused.errors.items()):
                errors.update(_row_errors(index, error))
    if errors:
        count = len({key.split(".")[1] for key in errors})
        return problem(422, ngettext("No entry was stored: %(num)d row was refused.",
                                     "No entry was stored: %(num)d rows were refused.",
                                     count), errors=errors)
    return {"items": [shown(entry, FIELDS, user) for entry in stored]}, 201
