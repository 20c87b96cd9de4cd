"""Errors of the open API as problem documents (RFC 9457, `application/problem+json`): a German
title and detail from the catalogue, the field errors, never a stack trace."""

import json
import logging

from flask import Response
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.records import ChangedMeanwhile
from models.core.text import N_
from views.core.formatting import translate_error, translated

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"

TITLES = {  # msgids, translated when answered
    400: N_("The request could not be read."),
    401: N_("Authentication is missing or invalid."),
    403: N_("You may not do this."),
    404: N_("This resource does not exist or you may not see it."),
    405: N_("This method is not allowed here."),
    409: N_("The request conflicts with existing data."),
    412: N_("The record was changed meanwhile."),
    413: N_("The request is too large."),
    415: N_("The content type is not supported."),
    422: N_("Some values are invalid."),
    428: N_("The request needs an If-Match header."),
    429: N_("Too many requests."),
    500: N_("An unexpected error occurred. It has been logged."),
}
DETAILS = {
    401: N_("Send a valid personal API token as 'Authorization: Bearer <token>'."),
    412: N_("Please load the record again and repeat the change with its current ETag."),
    428: N_("Send the ETag of the record you changed as If-Match."),
    429: N_("Please wait before the next request."),
}

# What marshmallow and webargs say about bad values, in English: answered in German.
FIELD_MESSAGES = {
    "Unknown field.": N_("Unknown field."),
    "Missing data for required field.": N_("This field is required."),
    "Field may not be null.": N_("This field must not be empty."),
    "Not a valid integer.": N_("Not a whole number."),
    "Not a valid number.": N_("Not a number."),
    "Not a valid string.": N_("Not a text."),
    "Not a valid boolean.": N_("Not a yes/no value (true or false)."),
    "Not a valid date.": N_("Not a valid date (YYYY-MM-DD)."),
    "Not a valid datetime.": N_("Not a valid point in time (ISO 8601)."),
    "Not a valid list.": N_("Not a list."),
    "Invalid input type.": N_("Wrong type of value."),
    "Invalid value.": N_("Invalid value."),
    "Invalid JSON body.": N_("The body is not valid JSON."),
    "Special numeric values (nan or infinity) are not permitted.": N_("Not a number."),
    "Shorter than minimum length 1.": N_("This field must not be empty."),
}


def field_message(text) -> str:
    """A German message for one field error (marshmallow's English, or one of our msgids)."""
    text = str(text)
    if text in FIELD_MESSAGES:
        return gettext(FIELD_MESSAGES[text])
    if text.startswith("Must be one of:"):
        return gettext("Not one of the allowed values.")
    if text.startswith(("Must be greater", "Must be less", "Must be at least")):
        return gettext("The value lies outside the allowed range.")
    if text.startswith(("Longer than", "Length must")):
        return gettext("The value is too long.")
    # An English text we do not know is never shown: the field is named, the reason general.
    return gettext("Invalid value.")


def _flatten(messages, prefix="") -> dict:
    """{dotted field name: [German messages]} from marshmallow's nested error dict."""
    found: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field_name, texts in _flatten(value, name).items():
                found.setdefault(field_name, []).extend(texts)
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, dict | list | tuple):
                for field_name, texts in _flatten(item, prefix).items():
                    found.setdefault(field_name, []).extend(texts)
            else:
                found.setdefault(prefix or "_body", []).append(field_message(item))
    else:
        found.setdefault(prefix or "_body", []).append(field_message(messages))
    return found


def problem(status: int, detail: str | None = None, errors: dict | None = None,
            headers: dict | None = None, **extra) -> Response:
    """A problem document; `detail` is German already, `errors` {field: [German texts]}."""
    body = {"type": "about:blank", "title": translated(TITLES.get(status, TITLES[400])),
            "status": status}
    if detail is None and status in DETAILS:
        detail = gettext(DETAILS[status])
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = Response(json.dumps(body, ensure_ascii=False), status=status,
                        mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_problem(error: HTTPException) -> Response:
    """The problem document of an HTTP error (webargs' 422/400 carry the field errors)."""
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    errors = None
    if messages:
        # webargs keys the errors by location (json, query, headers): the field names suffice.
        if isinstance(messages, dict) and set(messages) <= {"json", "query", "headers",
                                                             "form", "view_args"}:
            errors = {}
            for texts in messages.values():
                for name, found in _flatten(texts).items():
                    errors.setdefault(name, []).extend(found)
        else:
            errors = _flatten(messages)
    headers = dict(data.get("headers") or {})
    if code == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    if code == 429:
        headers.setdefault("Retry-After", str(_retry_after(error)))
    if code == 400 and errors and set(errors) == {"_body"}:
        return problem(400, " ".join(errors["_body"]), headers=headers)
    return problem(code, errors=errors, headers=headers)


def _retry_after(error) -> int:
    # Flask-Limiter's error carries the limit that was hit; its window is the longest wait.
    limit = getattr(getattr(error, "limit", None), "limit", None)
    return max(1, int(limit.get_expiry())) if limit is not None else 60


def domain_problem(error: DomainError) -> Response:
    """The problem document of a refusal of the domain."""
    if isinstance(error, ChangedMeanwhile):
        return problem(412, translate_error(error))
    if isinstance(error, NotPermitted):
        return problem(403, translate_error(error))
    if isinstance(error, ValidationError):
        return problem(422, errors={name: [gettext(text) for text in
                                           ([texts] if isinstance(texts, str) else texts)]
                                    for name, texts in error.errors.items()})
    return problem(409, translate_error(error))


def crash_problem(error: Exception) -> Response:
    """A server error: logged, answered without any detail of the exception."""
    log.exception("Unhandled error in the API", exc_info=error)
    return problem(500)
