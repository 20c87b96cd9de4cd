"""The OpenAPI document and the reference: public, generated from the code, in German, no CDN,
under the site's Content-Security-Policy."""

import re

ENGLISH = ("Search persons", "Unprocessable Entity", "Total number of items.",
           "Error (problem document)")


def _texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "summary", "description") and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def test_the_document_is_german(client):
    document = client.get("/api/v1/openapi.json").get_json()
    texts = set(_texts(document))
    assert document["paths"]["/api/v1/persons"]["get"]["summary"] == "Personen suchen"
    assert not texts & set(ENGLISH)


def test_every_operation_asks_for_the_bearer_token(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operations = [op for path in document["paths"].values()
                  for method, op in path.items() if method in ("get", "post", "patch")]
    assert len(operations) >= 15
    assert all(op.get("security") == [{"bearer": []}] for op in operations)


def test_the_reference_loads_only_files_of_this_site(client):
    answer = client.get("/api/v1/docs")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert not re.search(r"<script>(?!</script>)", html)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_the_groups_have_german_names(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {tag["name"] for tag in document["tags"]} == {
        "Personen", "Teilnahmen", "Anträge", "Geleistete Stunden", "Änderungen"}
