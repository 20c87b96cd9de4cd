"""Assistance requests through the open API: list, read, create a draft, update it with
If-Match, and the workflow's transitions as explicit endpoints (models/requests)."""

from flask import abort, request, url_for
from flask_babel import gettext
from flask_smorest import Blueprint

from models.core.access import may_write, visible
from models.core.clock import now
from models.core.records import create_record, update_record
from models.core.text import N_
from models.participations.models import Participation
from models.people.models import FundingBody, Person
from models.requests.models import (
    AssistanceRequest,
    approve_request,
    end_request,
    reject_request,
    request_rework,
    submit_request,
)
from views.api.auth import READ, WRITE, api_user, needs
from views.api.common import in_scope, page, shown, version_from_if_match, with_etag
from views.api.problems import problem
from views.api.schemas import (
    DecisionSchema,
    EndSchema,
    RequestCreateSchema,
    RequestFieldsSchema,
    RequestListArgs,
    RequestPageSchema,
    RequestSchema,
)

blp = Blueprint("api_requests", __name__, url_prefix="/api/v1/requests",
                description=N_("Assistance requests: drafts, changes and the approval "
                               "workflow."))
FIELDS = tuple(name for name in RequestSchema().fields if name != "person_pseudonym")
SECURITY = [{"bearer": []}]


def joined():
    """Requests with their participation and person in the same query (no query per row)."""
    return (AssistanceRequest.select(AssistanceRequest, Participation, Person)
            .join(Participation).join(Person))


def request_data(row, user) -> dict:
    """A request as the API shows it to `user` (the person by pseudonym only)."""
    data = shown(row, FIELDS, user)
    data["person_pseudonym"] = row.participation.person.pseudonym
    return data


def _one(request_id):
    return in_scope(AssistanceRequest, request_id, joined())


@blp.route("")
@needs(READ)
@blp.doc(summary=N_("List assistance requests"), security=SECURITY)
@blp.arguments(RequestListArgs, location="query")
@blp.response(200, RequestPageSchema)
def list_requests(args):
    """Requests the token's user sees, by cursor."""
    user = api_user()
    query = visible(AssistanceRequest, user, joined())
    if args.get("status"):
        query = query.where(AssistanceRequest.status == args["status"])
    if args.get("participation_id"):
        query = query.where(AssistanceRequest.participation == args["participation_id"])
    rows, cursor = page(query, AssistanceRequest, args)
    return {"items": [request_data(row, user) for row in rows], "next": cursor}


@blp.route("/<int:request_id>")
@needs(READ)
@blp.doc(summary=N_("Read an assistance request"), security=SECURITY)
@blp.response(200, RequestSchema)
def get_request(request_id):
    """One request in scope; the ETag carries its version."""
    row = _one(request_id)
    return with_etag(request_data(row, api_user()), row)


@blp.route("", methods=["POST"])
@needs(WRITE)
@blp.doc(summary=N_("Create a draft request"), security=SECURITY)
@blp.arguments(RequestCreateSchema)
@blp.response(201, RequestSchema)
def create_request(data):
    """A new request in progress (a draft) for a participation the user works on."""
    user = api_user()
    if not may_write(user, AssistanceRequest):
        abort(problem(403))
    errors = {}
    participation = visible(Participation, user).where(
        Participation.id == data.pop("participation_id")).first()
    if participation is None:
        errors["participation_id"] = [gettext("Unknown participation.")]
    body_id = data.pop("funding_body_id")
    if not visible(FundingBody, user).where(FundingBody.id == body_id).exists():
        errors["funding_body_id"] = [gettext("Unknown funding body.")]
    if errors:
        abort(problem(422, errors=errors))
    row = AssistanceRequest(participation=participation, funding_body=body_id, **data)
    create_record(row, user, now())
    row = _one(row.id)
    return with_etag(request_data(row, user), row, 201,
                     Location=url_for(".get_request", request_id=row.id))


@blp.route("/<int:request_id>", methods=["PATCH"])
@needs(WRITE)
@blp.doc(summary=N_("Change a request in progress"), security=SECURITY,
         parameters=[{"in": "header", "name": "If-Match", "required": True,
                      "schema": {"type": "string"},
                      "description": N_("The ETag of the request as last read.")}])
@blp.arguments(RequestFieldsSchema)
@blp.response(200, RequestSchema)
@blp.alt_response(412, description=N_("The request was changed meanwhile."))
@blp.alt_response(428, description=N_("The If-Match header is missing."))
def update_request(data, request_id):
    """Change the fields of a draft or a request in rework; stale ETags answer 412."""
    user = api_user()
    row = _one(request_id)
    old = dict(row.__data__)
    old["version"] = version_from_if_match(row)
    for name, value in data.items():
        setattr(row, name, value)
    update_record(row, old, user, now())
    row = _one(request_id)
    return with_etag(request_data(row, user), row)


def _moved(request_id, step):
    user = api_user()
    row = _one(request_id)
    if "If-Match" in request.headers:
        version_from_if_match(row)
    step(row, user)
    row = _one(request_id)
    return with_etag(request_data(row, user), row)


def _transition_doc(summary):
    return blp.doc(summary=summary, security=SECURITY)


@blp.route("/<int:request_id>/submit", methods=["POST"])
@needs(WRITE)
@_transition_doc(N_("Send the request to the funding body"))
@blp.response(200, RequestSchema)
def submit(request_id):
    """Project: send the draft (or the reworked request)."""
    return _moved(request_id, lambda row, user: submit_request(row, user, now()))


@blp.route("/<int:request_id>/approve", methods=["POST"])
@needs(WRITE)
@_transition_doc(N_("Approve the request"))
@blp.response(200, RequestSchema)
def approve(request_id):
    """Funding body: approve; the eligibility data are frozen into the request."""
    return _moved(request_id, lambda row, user: approve_request(row, user, now()))


@blp.route("/<int:request_id>/reject", methods=["POST"])
@needs(WRITE)
@_transition_doc(N_("Reject the request"))
@blp.arguments(DecisionSchema)
@blp.response(200, RequestSchema)
def reject(data, request_id):
    """Funding body: reject, giving the reason (`message`, required)."""
    return _moved(request_id, lambda row, user: reject_request(row, user, now(),
                                                               data.get("message")))


@blp.route("/<int:request_id>/rework", methods=["POST"])
@needs(WRITE)
@_transition_doc(N_("Send the request back for rework"))
@blp.arguments(DecisionSchema)
@blp.response(200, RequestSchema)
def rework(data, request_id):
    """Funding body: send back for rework, giving the reason (`message`, required)."""
    return _moved(request_id, lambda row, user: request_rework(row, user, now(),
                                                               data.get("message")))


@blp.route("/<int:request_id>/end", methods=["POST"])
@needs(WRITE)
@_transition_doc(N_("End the approved request"))
@blp.arguments(EndSchema)
@blp.response(200, RequestSchema)
def end(data, request_id):
    """Project: end the approved request with the actual end date and the reason."""
    return _moved(request_id, lambda row, user: end_request(
        row, user, now(), data["actual_end"], data["end_reason"], data.get("end_reason_text")))
