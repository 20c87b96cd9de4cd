"""The OpenAPI document and the reference: public, generated from the code, in German, no CDN,
under the site's Content-Security-Policy."""

import html
import re

import pytest

from tests.test_i18n import _english_words
from views.api import reference

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


def _page(client):
    return client.get("/api/v1/docs").get_data(as_text=True)


def _shown_operations(page):
    found = re.findall(r'<h3 id="op-[^"]+"><span class="method[^"]*">(\w+)</span> '
                       r"<code>([^<]+)</code></h3>", page)
    return {(method, html.unescape(path)) for method, path in found}


def test_the_reference_lists_every_operation_of_the_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    expected = set(reference.operations(document))
    assert len(expected) >= 15
    assert _shown_operations(_page(client)) == expected


def test_the_reference_has_a_section_for_every_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    shown = set(re.findall(r'<h3 id="schema-[^"]+"><code>([^<]+)</code></h3>', _page(client)))
    assert shown == set(document["components"]["schemas"])


@pytest.mark.parametrize("level, heading", [
    (1, "Fallakte-API – Referenz"),
    (2, "Inhaltsverzeichnis"),
    (2, "Anmeldung"),
    (2, "Personen"),
    (2, "Anträge"),
    (2, "Geleistete Stunden"),
    (2, "Schemata"),
    (4, "Parameter"),
    (4, "Anfrageinhalt"),
    (4, "Antworten"),
])
def test_the_reference_has_german_headings(client, level, heading):
    headings = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", _page(client), re.S)
    assert heading in {html.unescape(text.strip()) for text in headings}


def test_the_reference_shows_no_english_outside_code(client):
    """Field names and values stay as the machines send them (in <code>); all else is German."""
    without_code = re.sub(r"<code>.*?</code>", " ", _page(client), flags=re.S)
    assert _english_words(without_code) == []


def test_the_reference_explains_the_bearer_token(client):
    page = _page(client)
    assert "<code>Authorization: Bearer &lt;Token&gt;</code>" in page
    assert "Sicherheitsschema <code>bearer</code>" in page


def test_the_reference_links_the_document_for_machines(client):
    assert '<a href="/api/v1/openapi.json">' in _page(client)


def test_every_link_of_the_reference_has_its_target_on_the_page(client):
    page = _page(client)
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert len(targets) > 40
    assert targets - ids == set()


@pytest.mark.parametrize("field, required, type_text", [
    ("participation_id", "ja", "Ganzzahl"),
    ("approval_start", "ja", "Datum (JJJJ-MM-TT)"),
    ("planned_end", "nein", "darf null sein"),
    ("reason", "ja", "<code>employment</code>"),
])
def test_the_request_body_lists_the_fields_of_its_schema(client, field, required, type_text):
    page = _page(client)
    start = page.index("Felder des Anfrageinhalts von POST /api/v1/requests<")
    table = page[start:page.index("</table>", start)]
    row = re.search(rf"<th scope=\"row\"><code>{field}</code></th>(.*?)</tr>", table, re.S)
    assert row, field
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert type_text in cells[0]
    assert cells[1] == required


def test_the_reference_loads_only_files_of_this_site(client):
    page = _page(client)
    assert "<script" not in page
    assert re.findall(r'<link [^>]*href="([^"]+)"', page) == ["/static/api_docs.css"]
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_the_reference_is_served_under_the_content_security_policy(client):
    policy = client.get("/api/v1/docs").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy


def test_swagger_ui_is_gone(client):
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 404


def test_the_groups_have_german_names(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {tag["name"] for tag in document["tags"]} == {
        "Personen", "Teilnahmen", "Anträge", "Geleistete Stunden", "Änderungen"}
