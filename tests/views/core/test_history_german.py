"""Histories speak German for every field type (DOMAIN I): for every model with a history, a row
is created (the world), changed in every field and given a message, and every page showing its
history — the record's history page, its details page and the global history — is read for
what must never appear: a field's English key, the catalogue's header (gettext("")), a number
with a decimal point, raw JSON or Python values, and bare codes (country, choice)."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest

from models import HistoryEntry
from models.core.fields import ChoiceListField
from models.core.history import Event, add_message, field_changes, record_history
from models.requests.models import approve_request
from seed.factories import NOW
from tests.conftest import login
from tests.views.test_role_matrix import model_views
from tests.views.world import make_world

HEADER = "Project-Id-Version"
DECIMAL_POINT = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.,])")  # not 1.050,00 or 01.02.2026
RAW = re.compile(r"[{}\[\]]|\"\s*:|(?<![\w-])(None|True|False|null|true|false)(?![\w-])")
CODE = re.compile(r"^(?:[a-z]+(?:_[a-z]+)+|[A-Z]{2})$")
CHANGES = re.compile(r'<table class="history-changes">(.*?)</table>', re.S)
CHANGE_ROW = re.compile(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td><td>→ (.*?)</td>', re.S)
TAGS = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return html.unescape(TAGS.sub(" ", fragment)).strip()


def _codes(model, name, model_field):
    """The stored codes of a field with labels (choices or the model's field labels)."""
    labels = model_field.choices or getattr(model, "field_labels", {}).get(name) or ()
    labels = labels() if callable(labels) else labels
    return [code for code, _label in labels]


def _new_value(model, name, model_field, old):
    """A different value of the field's type, as a user could have saved it."""
    if hasattr(model_field, "rel_model"):
        key = model_field.rel_model._meta.primary_key
        other = model_field.rel_model.select(key).where(key != old).scalar()
        return old if other is None else other
    codes = _codes(model, name, model_field)
    if isinstance(model_field, ChoiceListField):
        return [] if old else codes[:2]
    if codes:
        return next((code for code in codes if code != old), old)
    if model_field.field_type == "BOOL":
        return not old
    if model_field.field_type in ("INT", "BIGINT"):
        return (old or 0) + 10
    if model_field.field_type == "DECIMAL":
        return (old or Decimal(0)) + Decimal("2.75")
    if model_field.field_type == "DATE":
        return (old or dt.date(2026, 1, 1)) + dt.timedelta(days=1)
    if model_field.field_type == "DATETIME":
        return (old or dt.datetime(2026, 1, 1, 8)) + dt.timedelta(hours=1)
    return f"{old or ''} geändert".strip()


def change_every_field(row, actor):
    """An 'updated' entry of `row` in which every field has a new value of its type, written
    by the functions every update writes its entry with (field_changes, record_history)."""
    model = type(row)
    changed = model()
    changed.__data__ = dict(row.__data__)
    for name, model_field in model._meta.fields.items():
        if model_field.primary_key or name in getattr(model, "snapshot_fields", {}):
            continue
        changed.__data__[name] = _new_value(model, name, model_field, row.__data__.get(name))
    changes = field_changes(changed, row.__data__)
    assert changes, model
    return record_history(row, actor, NOW, Event.UPDATED, changes)


def history_views(app):
    return [(endpoint, view) for endpoint, view in model_views(app)
            if view.model.history_relation]


@pytest.fixture
def world(client, document_store):
    world = make_world()
    admin = world["users"]["admin"]
    # A real approval freezes the eligibility data into the request (JSON in the history).
    approve_request(world["request"], world["users"]["clerk"], NOW)
    login(client, admin)
    return world


def _rows(world, endpoint):
    return [row for row, _who in world["sees"].get(endpoint, [])][:1]


def problems(text: str, labels_and_values) -> list[str]:
    """What a page showing history must not show."""
    found = []
    if HEADER in text:
        found.append("catalogue header")
    for label, *values in labels_and_values:
        if "_" in label or label != label.strip() or not label:
            found.append(f"field key {label!r}")
        for value in values:
            if DECIMAL_POINT.search(value):
                found.append(f"decimal point in {label}: {value!r}")
            if RAW.search(value):
                found.append(f"raw value in {label}: {value!r}")
            if CODE.match(value):
                found.append(f"code in {label}: {value!r}")
    return found


def _english_keys(model, labels):
    """Labels that are a key, or a key made readable the English way ('Conditions'); a German
    label may look like its key ('Text')."""
    unlabelled = {name for name, f in model._meta.fields.items() if not f.verbose_name}
    return [f"English key {label!r}" for label in labels
            if label in model._meta.fields
            or label.lower().replace(" ", "_") in unlabelled | {"conditions"}]


def test_every_history_page_shows_german_labels_and_values(app, client, world):
    admin = world["users"]["admin"]
    checked, found = 0, {}
    for endpoint, view in history_views(app):
        for row in _rows(world, endpoint):
            change_every_field(row, admin)
            add_message(row, admin, NOW, "Bitte prüfen")
            response = client.get(f"/admin/{endpoint}/history/?id={row._pk}")
            assert response.status_code == 200, endpoint
            body = response.get_data(as_text=True)
            changes = [tuple(_text(cell) for cell in match)
                       for table in CHANGES.findall(body) for match in CHANGE_ROW.findall(table)]
            assert changes, endpoint
            checked += 1
            hit = problems(body, changes) + _english_keys(view.model, [c[0] for c in changes])
            if hit:
                found[endpoint] = hit
    assert found == {}
    assert checked >= 15


def test_the_global_history_shows_german_labels_and_values(app, client, world):
    admin = world["users"]["admin"]
    for endpoint, _view in history_views(app):
        for row in _rows(world, endpoint):
            change_every_field(row, admin)
            add_message(row, admin, NOW, "Bitte prüfen")
    body, cells, page = "", [], 0
    while True:
        page_body = client.get(f"/admin/history/?page_size=100&page={page}") \
            .get_data(as_text=True)
        found = re.findall(r'<td class="col-details">(.*?)</td>', page_body, re.S)
        if not found:
            break
        body, cells, page = body + page_body, cells + found, page + 1
    assert len(cells) > 30
    changes = []
    for cell in cells:
        for line in re.split(r"<br\s*/?>", cell):
            label, _colon, rest = _text(line).partition(": ")
            if "→" in rest:
                changes.append((label, *(part.strip() for part in rest.split("→"))))
    all_keys = {name for model in (view.model for _e, view in history_views(app))
                for name in model._meta.fields} | {"conditions"}
    english = sorted({label for label, *_values in changes
                      if label in all_keys or label.lower() == "conditions"})
    assert problems(body, changes) + english == []


@pytest.mark.parametrize("page", ["details", "history"])
def test_a_message_has_no_catalogue_header_as_its_event(app, client, world, page):
    participation = world["participation"]
    add_message(participation, world["users"]["admin"], NOW, "Anruf der Klientin")
    body = client.get(f"/admin/participation/{page}/?id={participation.id}") \
        .get_data(as_text=True)
    assert "Anruf der Klientin" in body
    assert HEADER not in body


def test_the_frozen_eligibility_data_read_as_labelled_fields(app, client, world):
    request = world["request"]
    body = client.get(f"/admin/request/history/?id={request.id}").get_data(as_text=True)
    snapshot = [_text(new) for table in CHANGES.findall(body)
                for label, _old, new in CHANGE_ROW.findall(table)
                if _text(label) == "Förderbedarfsdaten bei Bewilligung"]
    assert len(snapshot) == 1
    assert "Pflegestufe: " in snapshot[0]
    assert "care_level" not in snapshot[0]


def test_the_history_entries_of_the_world_exist(world):
    assert HistoryEntry.select().count() > 20


@pytest.mark.parametrize("msgid", ["", None])
def test_an_empty_msgid_is_never_translated(app, msgid):
    from views.core.formatting import label_of, translated

    with app.test_request_context():
        assert translated(msgid) == ""
        assert label_of({"a": "approved"}, msgid) == ""
        assert label_of({None: ""}, None) == ""
