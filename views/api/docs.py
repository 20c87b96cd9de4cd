"""The OpenAPI document (translated into German at delivery) and the reference page rendered
from it on the server: no script, no CDN, our own accessible markup."""

import decimal
import json

from flask import Blueprint, Response, render_template
from flask_babel import gettext

from models.core.text import N_
from views.api import reference as content

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")

# Keys of the OpenAPI document whose values are msgids of the catalogue.
TRANSLATED = {"title", "summary", "description"}
# Texts flask-smorest writes into the document itself (HTTP phrases, its paging schema).
LIBRARY_TEXTS = (N_("OK"), N_("Unprocessable Entity"), N_("Current page number."),
                 N_("First available page number."), N_("Last available page number."),
                 N_("Next page number."), N_("Previous page number."),
                 N_("Total number of items."), N_("Total number of pages."))


def translated(node):
    """A copy of the OpenAPI document with every title, summary and description in German."""
    if isinstance(node, dict):
        return {key: (gettext(value) if key in TRANSLATED and isinstance(value, str) and value
                      else translated(value)) for key, value in node.items()}
    if isinstance(node, list):
        return [translated(item) for item in node]
    return node


def with_tag_names(document: dict) -> dict:
    """The operations grouped under German names instead of the blueprints' names."""
    from views.api import TAGS

    def name(tag):
        return gettext(TAGS[tag]) if tag in TAGS else tag

    for tag in document.get("tags", []):
        tag["name"] = name(tag["name"])
    for path in document.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "tags" in operation:
                operation["tags"] = [name(tag) for tag in operation["tags"]]
    return document


def _plain(value):
    # marshmallow's Decimal fields put their bounds into the document as Decimals.
    return float(value) if isinstance(value, decimal.Decimal) else str(value)


def german_document() -> dict:
    """The OpenAPI document as served: German texts, plain JSON values."""
    from views.api import current_api

    document = with_tag_names(translated(current_api().spec.to_dict()))
    # One round trip through JSON: the page shows exactly what machines receive.
    return json.loads(json.dumps(document, default=_plain))


@bp.route("/openapi.json")
def openapi_json():
    """The OpenAPI 3 document of the API, generated from the code."""
    return Response(json.dumps(german_document(), ensure_ascii=False, indent=1),
                    mimetype="application/json")


@bp.route("/docs")
def reference():
    """The API reference: every operation and schema of the document, as HTML."""
    document = german_document()
    return render_template(
        "api/docs.html", info=document.get("info", {}), groups=content.groups(document),
        schemas=content.schemas(document),
        security_schemes=content.security_schemes(document), schema_anchor=content.schema_anchor)
