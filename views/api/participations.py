"""Participations with their eligibility data through the open API: list and read."""

from flask_smorest import Blueprint

from models.core.access import visible
from models.core.text import N_
from models.participations.models import Participation, is_complete
from models.people.models import Person
from views.api.auth import READ, api_user, needs
from views.api.common import in_scope, page, shown, with_etag
from views.api.schemas import (
    ParticipationListArgs,
    ParticipationPageSchema,
    ParticipationSchema,
)

blp = Blueprint("api_participations", __name__, url_prefix="/api/v1/participations",
                description=N_("Participations with eligibility data: list and read."))
FIELDS = tuple(name for name in ParticipationSchema().fields
               if name not in ("person_pseudonym", "complete"))
SECURITY = [{"bearer": []}]


def joined():
    """Participations with their person in the same query (no query per row)."""
    return Participation.select(Participation, Person).join(Person)


def participation_data(row, user) -> dict:
    """A participation as the API shows it to `user` (the person by pseudonym only)."""
    data = shown(row, FIELDS, user)
    data["person_pseudonym"] = row.person.pseudonym
    data["complete"] = is_complete(row)
    return data


@blp.route("")
@needs(READ)
@blp.doc(summary=N_("List participations"), security=SECURITY)
@blp.arguments(ParticipationListArgs, location="query")
@blp.response(200, ParticipationPageSchema)
def list_participations(args):
    """Participations the token's user sees, by cursor."""
    user = api_user()
    query = visible(Participation, user, joined())
    if args.get("person_id"):
        query = query.where(Participation.person == args["person_id"])
    if args.get("project_id"):
        query = query.where(Participation.project == args["project_id"])
    rows, cursor = page(query, Participation, args)
    return {"items": [participation_data(row, user) for row in rows], "next": cursor}


@blp.route("/<int:participation_id>")
@needs(READ)
@blp.doc(summary=N_("Read a participation"), security=SECURITY)
@blp.response(200, ParticipationSchema)
def get_participation(participation_id):
    """One participation in scope; the ETag carries its version."""
    row = in_scope(Participation, participation_id, joined())
    return with_etag(participation_data(row, api_user()), row)
