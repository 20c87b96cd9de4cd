"""The API reference page's content, built from the German OpenAPI document: groups with their
operations, parameter/field/response tables and every component schema, ready for a template
without script (the page replaces Swagger UI, whose markup failed axe-core)."""

import re
from dataclasses import dataclass, field

from flask_babel import format_decimal, gettext

from models.core.text import N_, plain

METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
# Where a parameter is sent (OpenAPI `in`), in German.
LOCATIONS = {"query": N_("query string"), "path": N_("path"), "header": N_("header"),
             "cookie": N_("cookie")}
# JSON types and string formats, in German.
TYPES = {"integer": N_("integer"), "number": N_("number"), "string": N_("text"),
         "boolean": N_("truth value"), "object": N_("object"), "array": N_("list")}
FORMATS = {"date": N_("date (YYYY-MM-DD)"), "date-time": N_("point in time (ISO 8601)"),
           "binary": N_("file"), "email": N_("e-mail address"), "uri": N_("address (URI)")}


@dataclass
class Detail:
    """One constraint of a type: a German label and the literal values it names."""

    label: str
    codes: list[str] = field(default_factory=list)


@dataclass
class TypeInfo:
    """A type as shown: a German label, a linked component schema and its constraints."""

    label: str
    ref: str | None = None
    details: list[Detail] = field(default_factory=list)


@dataclass
class Row:
    """A parameter or a field: name, where it goes (parameters only), required, type, text."""

    name: str
    required: bool
    type: TypeInfo
    description: str = ""
    location: str = ""


@dataclass
class Body:
    """A request body or a response's content: media type, schema and its fields."""

    media_type: str
    type: TypeInfo
    fields: list[Row]
    required: bool = False


@dataclass
class Response:
    """One documented answer: status code, description and its content, if any."""

    status: str
    description: str
    content: Body | None


@dataclass
class Operation:
    """One method on one path with everything the page shows of it."""

    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Row]
    body: Body | None
    responses: list[Response]
    secured: bool


@dataclass
class Group:
    """The operations of one tag."""

    name: str
    anchor: str
    description: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Schema:
    """A component schema with its field table."""

    name: str
    anchor: str
    description: str
    fields: list[Row]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def schema_anchor(name: str) -> str:
    """The id of a component schema's section."""
    return "schema-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name)


def _anchor(prefix: str, text: str) -> str:
    return prefix + "-" + (re.sub(r"[^a-z0-9]+", "-", plain(text)).strip("-") or "x")


def _number(value) -> str:
    # Whole bounds without decimals ("168", not "168,0"), German grouping and comma otherwise.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value)


def _details(schema: dict) -> list[Detail]:
    details = []
    if "enum" in schema:
        details.append(Detail(gettext("one of"), [str(value) for value in schema["enum"]]))
    for key, label in (("minimum", N_("at least %(value)s")),
                       ("maximum", N_("at most %(value)s")),
                       ("minLength", N_("at least %(value)s characters")),
                       ("maxLength", N_("at most %(value)s characters")),
                       ("minItems", N_("at least %(value)s entries")),
                       ("maxItems", N_("at most %(value)s entries"))):
        # A lower bound of 0 characters or entries says nothing.
        if key in schema and not (key.startswith("min") and key != "minimum" and not schema[key]):
            details.append(Detail(gettext(label, value=_number(schema[key]))))
    if "default" in schema:
        details.append(Detail(gettext("default"), [str(schema["default"])]))
    if schema.get("nullable"):
        details.append(Detail(gettext("may be null")))
    return details


def type_info(schema: dict | None) -> TypeInfo:
    """The German type of a schema; a `$ref` (also as list items) links to its section."""
    schema = schema or {}
    if "$ref" in schema:
        return TypeInfo(gettext("schema"), ref=_ref_name(schema["$ref"]))
    kind = schema.get("type", "")
    if kind == "array":
        items = type_info(schema.get("items"))
        return TypeInfo(gettext("list of %(type)s", type=items.label) if not items.ref
                        else gettext("list of"), ref=items.ref,
                        details=items.details + _details(schema))
    if schema.get("format") in FORMATS:
        label = gettext(FORMATS[schema["format"]])
    elif kind in TYPES:
        label = gettext(TYPES[kind])
    else:
        label = gettext("any value")
    return TypeInfo(label, details=_details(schema))


def fields_of(schema: dict | None, components: dict) -> list[Row]:
    """The fields of an object schema, one `$ref` resolved (nested objects stay links)."""
    schema = schema or {}
    if "$ref" in schema:
        schema = components.get(_ref_name(schema["$ref"]), {})
    required = set(schema.get("required", ()))
    return [Row(name, name in required, type_info(prop), prop.get("description", ""))
            for name, prop in schema.get("properties", {}).items()]


def _body(content: dict, components: dict, required: bool = False) -> Body | None:
    for media_type, media in content.items():
        schema = media.get("schema")
        return Body(media_type, type_info(schema), fields_of(schema, components), required)
    return None


def _resolve(node: dict, document: dict) -> dict:
    # Responses and parameters may be `$ref`s to components (flask-smorest's shared errors).
    if "$ref" not in node:
        return node
    target = document
    for part in node["$ref"].lstrip("#/").split("/"):
        target = target.get(part, {})
    return target


def _status_key(status: str):
    return (1, status) if not status.isdigit() else (0, status)


def _parameter(raw: dict, document: dict) -> Row:
    raw = _resolve(raw, document)
    location = raw.get("in", "")
    return Row(raw.get("name", ""), bool(raw.get("required")), type_info(raw.get("schema")),
               raw.get("description", ""),
               gettext(LOCATIONS[location]) if location in LOCATIONS else location)


def _operation(method: str, path: str, raw: dict, shared: list, document: dict) -> Operation:
    components = document.get("components", {}).get("schemas", {})
    # Path-level parameters apply unless the operation redefines one (same name and place).
    own = {(p.get("in"), p.get("name")) for p in raw.get("parameters", [])}
    parameters = [_parameter(p, document) for p in shared
                  if (p.get("in"), p.get("name")) not in own]
    parameters += [_parameter(p, document) for p in raw.get("parameters", [])]
    body = None
    if "requestBody" in raw:
        request_body = _resolve(raw["requestBody"], document)
        body = _body(request_body.get("content", {}), components,
                     bool(request_body.get("required")))
    responses = []
    for status in sorted(raw.get("responses", {}), key=_status_key):
        answer = _resolve(raw["responses"][status], document)
        content = answer.get("content", {})
        responses.append(Response(status, answer.get("description", ""),
                                  _body(content, components) if content else None))
    return Operation(method.upper(), path, _anchor("op", f"{method} {path}"),
                     raw.get("summary", ""), raw.get("description", ""), parameters, body,
                     responses, bool(raw.get("security", document.get("security"))))


def operations(document: dict) -> list[tuple[str, str]]:
    """Every (METHOD, path) pair of the document, in its order."""
    return [(method.upper(), path) for path, item in document.get("paths", {}).items()
            for method in item if method in METHODS]


def groups(document: dict) -> list[Group]:
    """The operations per tag, in the document's tag order; untagged ones come last."""
    by_name = {tag["name"]: Group(tag["name"], _anchor("gruppe", tag["name"]),
                                  tag.get("description", ""))
               for tag in document.get("tags", [])}
    other = Group(gettext("Other operations"), "gruppe-weitere", "")
    for path, item in document.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in (m for m in item if m in METHODS):
            raw = item[method]
            tag = (raw.get("tags") or [None])[0]
            if tag is not None and tag not in by_name:
                by_name[tag] = Group(tag, _anchor("gruppe", tag), "")
            group = by_name[tag] if tag is not None else other
            group.operations.append(_operation(method, path, raw, shared, document))
    return [group for group in [*by_name.values(), other] if group.operations]


def schemas(document: dict) -> list[Schema]:
    """Every component schema with its fields, sorted by name."""
    components = document.get("components", {}).get("schemas", {})
    return [Schema(name, schema_anchor(name), schema.get("description", ""),
                   fields_of(schema, components))
            for name, schema in sorted(components.items())]


def security_schemes(document: dict) -> list[tuple[str, str]]:
    """(name, German description) of every security scheme."""
    return [(name, scheme.get("description", ""))
            for name, scheme in document.get("components", {}).get("securitySchemes", {}).items()]
