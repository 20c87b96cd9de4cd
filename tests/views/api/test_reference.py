"""The reference page's content from an OpenAPI document: German types, resolved `$ref`s,
path-level parameters, groups in the document's order."""

import pytest

from views.api import reference

PERSON = "#/components/schemas/Person"
DOCUMENT = {
    "tags": [{"name": "Personen", "description": "Stammdaten"}, {"name": "Anträge"}],
    "paths": {
        "/p/{id}": {
            "parameters": [{"in": "path", "name": "id", "required": True,
                            "schema": {"type": "integer"}}],
            "get": {"tags": ["Personen"], "summary": "Person lesen",
                    "responses": {"default": {"$ref": "#/components/responses/ERR"},
                                  "200": {"description": "OK", "content": {
                                      "application/json": {"schema": {"$ref": PERSON}}}}}},
            "patch": {"tags": ["Anträge"],
                      "parameters": [{"in": "path", "name": "id", "required": True,
                                      "schema": {"type": "string"}, "description": "neu"}],
                      "requestBody": {"required": True, "content": {"application/json": {
                          "schema": {"$ref": PERSON}}}},
                      "responses": {}},
        },
        "/frei": {"post": {"summary": "ohne Gruppe", "responses": {}}},
    },
    "components": {
        "schemas": {"Person": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "description": "Nachname"},
            "wohnort": {"$ref": "#/components/schemas/Ort"}}},
            "Ort": {"type": "object", "properties": {}}},
        "responses": {"ERR": {"description": "Fehler"}},
    },
}


@pytest.fixture
def german(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("schema, label, ref, details", [
    ({"type": "integer"}, "Ganzzahl", None, []),
    ({"type": "number", "minimum": 0.0, "maximum": 168.0}, "Zahl", None,
     ["mindestens 0", "höchstens 168"]),
    ({"type": "string", "format": "date", "nullable": True}, "Datum (JJJJ-MM-TT)", None,
     ["darf null sein"]),
    ({"type": "string", "minLength": 0, "maxLength": 120}, "Text", None, ["höchstens 120 Zeichen"]),
    ({"type": "string", "enum": ["a", "b"]}, "Text", None, ["einer der Werte"]),
    ({"type": "integer", "default": 50}, "Ganzzahl", None, ["Vorgabe"]),
    ({"$ref": PERSON}, "Schema", "Person", []),
    ({"type": "array", "items": {"$ref": PERSON}}, "Liste von", "Person", []),
    ({"type": "array", "items": {"type": "string"}, "maxItems": 1000}, "Liste (Text)", None,
     ["höchstens 1.000 Einträge"]),
    ({}, "beliebiger Wert", None, []),
])
def test_types_are_shown_in_german(german, schema, label, ref, details):
    shown = reference.type_info(schema)
    assert (shown.label, shown.ref, [d.label for d in shown.details]) == (label, ref, details)


def test_a_referenced_schema_gives_its_fields_one_level_deep(german):
    fields = reference.fields_of({"$ref": PERSON}, DOCUMENT["components"]["schemas"])
    assert [(f.name, f.required, f.type.ref, f.description) for f in fields] == [
        ("name", True, None, "Nachname"), ("wohnort", False, "Ort", "")]


def test_path_parameters_apply_unless_the_operation_redefines_them(german):
    operations = {op.method: op for group in reference.groups(DOCUMENT)
                  for op in group.operations}
    assert [(p.name, p.location, p.type.label) for p in operations["GET"].parameters] == [
        ("id", "im Pfad", "Ganzzahl")]
    assert [(p.name, p.type.label, p.description) for p in operations["PATCH"].parameters] == [
        ("id", "Text", "neu")]


def test_responses_resolve_their_ref_and_sort_default_last(german):
    get = reference.groups(DOCUMENT)[0].operations[0]
    assert [(r.status, r.description, r.content and r.content.type.ref)
            for r in get.responses] == [("200", "OK", "Person"), ("default", "Fehler", None)]


def test_groups_follow_the_tag_order_and_untagged_operations_come_last(german):
    assert [(g.name, [op.method for op in g.operations]) for g in reference.groups(DOCUMENT)] \
        == [("Personen", ["GET"]), ("Anträge", ["PATCH"]), ("Weitere Operationen", ["POST"])]


def test_every_operation_is_counted_once(german):
    assert reference.operations(DOCUMENT) == [("GET", "/p/{id}"), ("PATCH", "/p/{id}"),
                                              ("POST", "/frei")]
