"""What every resource of the open API shares: serialising without the personal fields the
caller may not read, cursor pages, ETags from record versions, the record of an id in scope."""

from flask import abort, request

from models.core.access import visible
from models.core.roles import may_read_personal
from views.api.auth import api_user
from views.api.problems import problem


def shown(row, names, user) -> dict:
    """{name: value} of `row` for `names`; the model's personal fields only for users who may
    read personal data (the statistics role gets pseudonyms and numbers only)."""
    personal = set() if may_read_personal(user) else set(type(row).personal_fields)
    data = {}
    for name in names:
        if name in personal:
            continue
        data[name] = getattr(row, name)
    return data


def page(query, model, args):
    """One page of `query` (ids above `after`, ascending) and the cursor of the next one."""
    key = model._meta.primary_key
    rows = list(query.where(key > args["after"]).order_by(key).limit(args["limit"] + 1))
    more = len(rows) > args["limit"]
    rows = rows[:args["limit"]]
    return rows, (rows[-1]._pk if more else None)


def in_scope(model, record_id: int, query=None):
    """The row of `model` with `record_id` the caller may see, else 404."""
    key = model._meta.primary_key
    row = visible(model, api_user(), query).where(key == record_id).first()
    if row is None:
        abort(404)
    return row


def etag_of(row) -> str:
    """The ETag of a versioned record: its version."""
    return f'"v{row.version}"'


def with_etag(data, row, status=200, **headers):
    """A view's answer: `data` (dumped by the view's schema) with the record's ETag."""
    return data, status, {"ETag": etag_of(row), **headers}


def version_from_if_match(row) -> int:
    """The version the caller's change is based on (If-Match); 428 without one, 412 when it
    is not the record's current version."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        abort(problem(428))
    tag = header.removeprefix("W/").strip('"')
    if not (tag.startswith("v") and tag[1:].isdigit()) or int(tag[1:]) != row.version:
        abort(problem(412))
    return int(tag[1:])
