"""Persons through the open API: search (the panel's folded matching), read, create after the
duplicate check."""

from flask import abort, url_for
from flask_babel import gettext
from flask_smorest import Blueprint

from models.core.access import may_write, visible
from models.core.clock import now
from models.core.errors import DomainError
from models.core.records import create_record
from models.core.roles import may_read_personal
from models.core.text import N_
from models.people.models import DuplicatePerson, Person, Project, name_condition
from views.api.auth import READ, WRITE, api_user, needs
from views.api.common import in_scope, page, shown, with_etag
from views.api.problems import problem
from views.api.schemas import PersonCreateSchema, PersonListArgs, PersonPageSchema, PersonSchema

blp = Blueprint("api_persons", __name__, url_prefix="/api/v1/persons",
                description=N_("Persons (master data): search, read, create."))
FIELDS = tuple(PersonSchema().fields)


def person_data(person, user) -> dict:
    """A person as the API shows it to `user`."""
    return shown(person, FIELDS, user)


def search_condition(term: str, user):
    """Every word must match, as in the panel; statistics readers search by Person ID only."""
    words = [word for word in term.split() if word]
    if not may_read_personal(user):
        return Person.pseudonym.in_([word.upper() for word in words])
    condition = None
    for word in words:
        part = name_condition(word)
        condition = part if condition is None else condition & part
    return condition


@blp.route("")
@needs(READ)
@blp.doc(summary=N_("Search persons"), security=[{"bearer": []}])
@blp.arguments(PersonListArgs, location="query")
@blp.response(200, PersonPageSchema)
def list_persons(args):
    """Persons the token's user sees, by cursor."""
    user = api_user()
    query = visible(Person, user)
    if args.get("q"):
        try:
            condition = search_condition(args["q"], user)
        except DomainError as error:
            abort(problem(422, errors={"q": [gettext(error.message)]}))
        if condition is not None:
            query = query.where(condition)
    if args.get("project_id"):
        query = query.where(Person.project == args["project_id"])
    rows, cursor = page(query, Person, args)
    return {"items": [person_data(row, user) for row in rows], "next": cursor}


@blp.route("/<int:person_id>")
@needs(READ)
@blp.doc(summary=N_("Read a person"), security=[{"bearer": []}])
@blp.response(200, PersonSchema)
def get_person(person_id):
    """One person in the user's scope; the ETag carries its version."""
    person = in_scope(Person, person_id)
    return with_etag(person_data(person, api_user()), person)


@blp.route("", methods=["POST"])
@needs(WRITE)
@blp.doc(summary=N_("Create a person"), security=[{"bearer": []}])
@blp.arguments(PersonCreateSchema)
@blp.response(201, PersonSchema)
@blp.alt_response(409, description=N_("The person exists already; 'candidates' names the "
                                      "existing records you may see."))
def create_person(data):
    """A new person, unless the duplicate check finds them."""
    user = api_user()
    if not may_write(user, Person):
        abort(problem(403))
    project_id = data.pop("project_id")
    if not visible(Project, user).where(Project.id == project_id).exists():
        abort(problem(422, errors={"project_id": [gettext("Unknown project.")]}))
    person = Person(project=project_id, **data)
    try:
        create_record(person, user, now())
    except DuplicatePerson as error:
        ids = [match.id for match in error.matches]
        seen = [row.id for row in visible(Person, user).where(Person.id.in_(ids))]
        return problem(409, gettext("This person exists already."), candidates=sorted(seen))
    return with_etag(person_data(person, user), person, 201,
                     Location=url_for(".get_person", person_id=person.id))
