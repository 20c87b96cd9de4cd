"""Marshmallow schemas of the open API: what goes in and out, and so the OpenAPI document.

Personal (pb) fields are optional in every answer: the statistics role gets none of them."""

from marshmallow import Schema, fields, validate

from models.people.models import GENDERS
from models.requests.models import DELIVERY_MODELS, END_REASONS, REASONS, Status


class ProblemSchema(Schema):
    """A problem document (RFC 9457)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    candidates = fields.List(fields.Integer())


class ListArgs(Schema):
    """Cursor paging: `after` is the `next` of the previous page."""

    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class PersonListArgs(ListArgs):
    """A search as in the panel: names folded (case, accents, umlauts), `Mel*` a prefix."""

    q = fields.String(validate=validate.Length(min=1, max=120))
    project_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class PersonSchema(Schema):
    """A person's master data."""

    id = fields.Integer(required=True)
    pseudonym = fields.String(required=True)
    project_id = fields.Integer(required=True)
    first_name = fields.String()
    last_name = fields.String()
    birth_date = fields.Date(allow_none=True)
    birth_year = fields.Integer(allow_none=True)
    gender = fields.String(required=True)
    nationality = fields.String(required=True)
    lives_in_country = fields.Boolean(required=True)
    country = fields.String(required=True)
    postcode = fields.String(allow_none=True)
    district_id = fields.Integer(allow_none=True)
    city = fields.String(allow_none=True)
    street = fields.String(allow_none=True)
    svnr = fields.String(allow_none=True)
    file_number = fields.String(allow_none=True)
    version = fields.Integer(required=True)


def _text(length, required=False):
    return fields.String(required=required, allow_none=not required,
                         validate=validate.Length(min=1 if required else 0, max=length))


class PersonCreateSchema(Schema):
    """A new person; refused with 409 when the person exists already."""

    project_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    first_name = _text(120, required=True)
    last_name = _text(120, required=True)
    birth_date = fields.Date(allow_none=True)
    gender = fields.String(validate=validate.OneOf([code for code, _ in GENDERS]))
    nationality = fields.String(validate=validate.Length(equal=2))
    lives_in_country = fields.Boolean()
    country = fields.String(validate=validate.OneOf(["AT", "DE"]))
    postcode = _text(10)
    city = _text(120)
    street = _text(200)
    svnr = _text(20)
    file_number = _text(60)


class PersonPageSchema(Schema):
    """One page of persons."""

    items = fields.List(fields.Nested(PersonSchema), required=True)
    next = fields.Integer(allow_none=True, required=True)


class RequestSchema(Schema):
    """An assistance request."""

    id = fields.Integer(required=True)
    participation_id = fields.Integer(required=True)
    person_pseudonym = fields.String(required=True)
    funding_body_id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in Status]))
    approval_start = fields.Date(required=True)
    planned_end = fields.Date(allow_none=True)
    reason = fields.String(required=True)
    region = fields.String(allow_none=True)
    delivery_model = fields.String(required=True)
    # Quarter hours: exact as binary fractions, so a JSON number loses nothing.
    hours_per_week = fields.Float(required=True)
    message = fields.String(allow_none=True)
    actual_end = fields.Date(allow_none=True)
    end_reason = fields.String(allow_none=True)
    end_reason_text = fields.String(allow_none=True)
    version = fields.Integer(required=True)


class RequestListArgs(ListArgs):
    """Filters of the requests list."""

    status = fields.String(validate=validate.OneOf([s.value for s in Status]))
    participation_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class RequestPageSchema(Schema):
    """One page of requests."""

    items = fields.List(fields.Nested(RequestSchema), required=True)
    next = fields.Integer(allow_none=True, required=True)


_HOURS = {"places": 2, "allow_nan": False,
          "validate": validate.Range(min=0, max=168, min_inclusive=False)}


class RequestFieldsSchema(Schema):
    """The fields of a request the project edits (all optional in an update)."""

    approval_start = fields.Date()
    planned_end = fields.Date(allow_none=True)
    reason = fields.String(validate=validate.OneOf([code for code, _ in REASONS]))
    region = _text(120)
    delivery_model = fields.String(validate=validate.OneOf([c for c, _ in DELIVERY_MODELS]))
    hours_per_week = fields.Decimal(**_HOURS)
    message = fields.String(allow_none=True, validate=validate.Length(max=4000))


class RequestCreateSchema(RequestFieldsSchema):
    """A new draft request."""

    participation_id = fields.Integer(required=True, validate=validate.Range(min=1,
                                                                             max=2**31 - 1))
    funding_body_id = fields.Integer(required=True, validate=validate.Range(min=1,
                                                                            max=2**31 - 1))
    approval_start = fields.Date(required=True)
    reason = fields.String(required=True, validate=validate.OneOf([c for c, _ in REASONS]))
    delivery_model = fields.String(required=True,
                                   validate=validate.OneOf([c for c, _ in DELIVERY_MODELS]))
    hours_per_week = fields.Decimal(required=True, **_HOURS)


class DecisionSchema(Schema):
    """The reason of a rejection or rework, which the project reads. Required, but checked by
    the domain after the permission (a step the user may not take answers 403 first)."""

    message = fields.String(allow_none=True, validate=validate.Length(max=4000))


class EndSchema(Schema):
    """The end of an approved request."""

    actual_end = fields.Date(required=True)
    end_reason = fields.String(required=True,
                               validate=validate.OneOf([code for code, _ in END_REASONS]))
    end_reason_text = fields.String(allow_none=True, validate=validate.Length(max=4000))


class ParticipationSchema(Schema):
    """A participation with its eligibility data."""

    id = fields.Integer(required=True)
    person_id = fields.Integer(required=True)
    person_pseudonym = fields.String(required=True)
    project_id = fields.Integer(required=True)
    created_on = fields.Date(required=True)
    note = fields.String(allow_none=True)
    legal_basis = fields.List(fields.String(), required=True)
    care_level = fields.Integer(allow_none=True)
    with_findings = fields.Boolean(allow_none=True)
    kinds_with_findings = fields.List(fields.String(), required=True)
    degree_of_disability = fields.Integer(allow_none=True)
    disability_pass = fields.Boolean(required=True)
    favoured_status = fields.Boolean(required=True)
    without_findings = fields.Boolean(allow_none=True)
    kinds_without_findings = fields.List(fields.String(), required=True)
    complete = fields.Boolean(required=True)
    version = fields.Integer(required=True)


class ParticipationListArgs(ListArgs):
    """Filters of the participations list."""

    person_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    project_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class ParticipationPageSchema(Schema):
    """One page of participations."""

    items = fields.List(fields.Nested(ParticipationSchema), required=True)
    next = fields.Integer(allow_none=True, required=True)


class HoursSchema(Schema):
    """An entry of delivered hours."""

    id = fields.Integer(required=True)
    participation_id = fields.Integer(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    # Quarter hours: exact as binary fractions.
    hours = fields.Float(required=True)
    note = fields.String(allow_none=True)
    version = fields.Integer(required=True)


class HoursListArgs(ListArgs):
    """Filters of the delivered-hours list."""

    participation_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class HoursPageSchema(Schema):
    """One page of delivered hours."""

    items = fields.List(fields.Nested(HoursSchema), required=True)
    next = fields.Integer(allow_none=True, required=True)


class HoursRowSchema(Schema):
    """One entry to store."""

    participation_id = fields.Integer(required=True, validate=validate.Range(min=1,
                                                                             max=2**31 - 1))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    hours = fields.Decimal(required=True, places=2, allow_nan=False,
                           validate=validate.Range(min=0, max=100000))
    note = fields.String(allow_none=True, validate=validate.Length(max=4000))


MAX_BATCH = 1000


class HoursBatchSchema(Schema):
    """Up to 1 000 entries, stored all or none."""

    rows = fields.List(fields.Nested(HoursRowSchema), required=True,
                       validate=validate.Length(min=1, max=MAX_BATCH))


class HoursBatchResultSchema(Schema):
    """The stored entries, in the order sent."""

    items = fields.List(fields.Nested(HoursSchema), required=True)


class ChangeSchema(Schema):
    """One entry of the history: which record changed, how and when (no values)."""

    id = fields.Integer(required=True)
    relation = fields.String(required=True)
    record_id = fields.Integer(required=True)
    record_label = fields.String(allow_none=True)
    event = fields.String(allow_none=True)
    kind = fields.String(required=True)
    status = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True)
    fields_changed = fields.List(fields.String(), required=True)


class ChangesPageSchema(Schema):
    """One page of the changes feed."""

    items = fields.List(fields.Nested(ChangeSchema), required=True)
    next = fields.Integer(allow_none=True, required=True)
