"""German presentation: dates dd.mm.yyyy in and out, decimal comma, Ja/Nein, translations."""

import datetime as dt
import decimal
import json

from flask_admin.model import typefmt
from flask_babel import LazyString, format_decimal, gettext, lazy_gettext
from flask_babel import get_translations as get_babel_translations
from markupsafe import Markup, escape
from peewee import JOIN

from models.core.errors import DomainError
from models.core.text import N_

DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
# Flask-Admin messages missing from its German catalogue; flashed texts pass through ours.
FLASK_ADMIN_GAPS = (
    N_("Failed to create record."),
    N_("Failed to save record."),
)


def parse_german_date(text: str) -> dt.date:
    """Parse 'dd.mm.yyyy' (also 'd.m.yyyy' and ISO); raise ValueError otherwise."""
    value = (text or "").strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def translated(msgid, **params) -> str:
    """`msgid` in German; '' for an empty or missing one: gettext('') answers with the
    catalogue's header ("Project-Id-Version: …"), so no computed msgid goes to gettext
    without passing here."""
    if not msgid:
        return ""
    return gettext(msgid, **params)


def cell_text(shown):
    """A list cell as plain text for an export: tags of markup dropped, lines ('<br>') joined
    with '; '; plain text (it may hold a '<' typed by a user) as it is; None stays None."""
    if shown is None:
        return None
    if not isinstance(shown, Markup):
        return str(shown)
    lines = (line.striptags() for line in shown.split("<br>"))
    return "; ".join(line for line in lines if line)


def label_of(labels, code) -> str:
    """The German label of a stored code ({code: msgid} or (code, msgid) pairs); an unknown
    code as it is, none as ''."""
    if code is None or code == "":
        return ""
    return translated(dict(labels).get(code, code))


def flashed_text(message):
    """A flashed message through our catalogue, for Flask-Admin's English ones; other texts
    (German already, or with user input and '%') come back unchanged, never formatted."""
    if not isinstance(message, str):
        return message
    translated = get_babel_translations().gettext(message)
    return message if translated == message else translated


def related_filter_label(model_field):
    """'Projekt: Name' for a filter on a field of a related model, translated when shown.

    Flask-Admin builds filter labels once at start-up ("Project / name"), outside any
    request, so the label must stay lazy."""
    def text():
        model = gettext(model_field.model.verbose_name)
        name = model_field.verbose_name
        return f"{model}: {gettext(name) if name else model_field.name}"

    return LazyString(text)


def related_model_label(model):
    """The German name of a related model ('Projekt'), translated when shown."""
    return LazyString(lambda: gettext(model.verbose_name))


def format_date(value) -> str:
    """A date as dd.mm.yyyy ('' for None)."""
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value) -> str:
    """A timestamp as dd.mm.yyyy HH:MM."""
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def _error_params(params: dict) -> dict:
    return {
        key: ", ".join(gettext(item) for item in value) if isinstance(value, tuple)
        else format_date(value) if isinstance(value, dt.date) else value
        for key, value in params.items()
    }


def translate_error(error: DomainError) -> str:
    """The German text of a domain error, its parameters translated too; every unmet
    condition it lists follows the message."""
    text = gettext(error.message, **_error_params(error.params))
    conditions = [gettext(msgid, **_error_params(params)) for msgid, params in error.conditions]
    return " ".join([text, *conditions]) if conditions else text


def _date(_view, value, _name=None):
    return format_date(value)


def _datetime(_view, value, _name=None):
    return format_datetime(value)


def _decimal(_view, value, _name=None):
    return format_decimal(value, format="#,##0.00")


def _bool(_view, value, _name=None):
    return gettext("Yes") if value else gettext("No")


def _none(_view, _value, _name=None):
    return ""


# Column formatters by type for every list, details page and export.
TYPE_FORMATTERS = dict(typefmt.BASE_FORMATTERS)
TYPE_FORMATTERS.update(
    {
        type(None): _none,
        bool: _bool,
        dt.date: _date,
        dt.datetime: _datetime,
        decimal.Decimal: _decimal,
    }
)


def choice_formatter(choices):
    """A column formatter that shows the translated label of a stored choice."""
    labels = dict(choices)

    def formatter(_view, _context, model, name):
        return escape(label_of(labels, getattr(model, name)))

    # The list's filter on this column offers the same labels.
    formatter.choices = list(labels.items())
    return formatter


__all__ = ["lazy_gettext"]


def related_labels(entries, model_for, label=str) -> dict:
    """{(related model, id): label} for every reference in `entries`, one query per model;
    `label` names a related row (the statistics role gets pseudonyms, not names)."""
    wanted: dict = {}
    for entry in entries:
        model = model_for(entry)
        if model is None:
            continue
        for name, pair in entry.changes.items():
            model_field = model._meta.fields.get(name)
            if hasattr(model_field, "rel_model"):
                ids = wanted.setdefault(model_field.rel_model, set())
                ids.update(v for v in pair if isinstance(v, int))
    labels = {}
    for related, ids in wanted.items():
        key = related._meta.primary_key
        for row in with_related_rows(related).where(key.in_(sorted(ids))):
            labels[(related, row._pk)] = label(row)
    return labels


def with_related_rows(model, depth: int = 2):
    """`model`'s rows with the rows they refer to joined, `depth` levels deep, so that their
    labels (a request names its participation's person) cost no query per row."""
    query = model.select(model)

    def join(source, source_model, level):
        nonlocal query
        for fk in source_model._meta.refs:
            target = fk.rel_model.alias()
            query = query.select_extend(target).join_from(
                source, target, JOIN.LEFT_OUTER,
                on=(getattr(source, fk.name) == getattr(target, fk.rel_field.name)),
                attr=fk.name)
            if level + 1 < depth:
                join(target, fk.rel_model, level + 1)

    join(model, model, 0)
    return query


def field_value_labels(model, name) -> dict:
    """{stored code: msgid} of a field: its choices, or the labels the model declares for it
    (`field_labels`: lists of codes, long catalogues); empty for other fields."""
    model_field = model._meta.fields.get(name)
    if model_field is not None and model_field.choices:
        return dict(model_field.choices)
    labels = getattr(model, "field_labels", {}).get(name) or ()
    return dict(labels() if callable(labels) else labels)


def _snapshot_text(model, value, labels) -> str:
    """A frozen JSON object of `model`'s fields as 'Label: value; …' in the model's order."""
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    if not isinstance(data, dict):
        return str(value)
    parts = [f"{translated(model._meta.fields[name].verbose_name)}: "
             f"{history_value(model, name, data[name], labels)}"
             for name in model._meta.fields if name in data]
    return "; ".join(parts) or "–"


def history_value(model, name, value, labels=None) -> str:
    """An old or new value stored in a history entry, shown as the user reads it: dates
    dd.mm.yyyy, decimals with a comma, Ja/Nein, codes by their German label, related records
    by their label, a frozen snapshot as labelled fields. `labels` names related records:
    {(model, id): label} (see `related_labels`)."""
    if value is None or value == "" or value == []:
        return "–"
    model_field = model._meta.fields.get(name) if model is not None else None
    if model_field is None:
        return str(value)
    snapshot_of = getattr(model, "snapshot_fields", {}).get(name)
    if snapshot_of is not None:
        return _snapshot_text(snapshot_of, value, labels)
    codes = field_value_labels(model, name)
    if isinstance(value, list | tuple):
        return ", ".join(label_of(codes, code) for code in value) or "–"
    if codes:
        return label_of(codes, value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if hasattr(model_field, "rel_model"):
        return (labels or {}).get((model_field.rel_model, value), f"#{value}")
    return _typed_text(model_field.field_type, value)


def _typed_text(field_type: str, value) -> str:
    """A stored date, timestamp or decimal (as the history keeps it: ISO text, '12.5') in the
    German form; anything else as it is."""
    try:
        if field_type == "DATE":
            return format_date(dt.date.fromisoformat(value))
        if field_type == "DATETIME":
            return format_datetime(dt.datetime.fromisoformat(value))
        if field_type in ("DECIMAL", "FLOAT"):
            return format_decimal(decimal.Decimal(str(value)), format="#,##0.00")
    except (TypeError, ValueError, decimal.InvalidOperation):
        pass
    return str(value)


def hours_text(value) -> str:
    """Hours with a decimal comma and the unit: '12,25 h'."""
    if value is None:
        return "–"
    return f"{TYPE_FORMATTERS[type(value)](None, value)} h"


def money_text(value) -> str:
    """An amount in euros as users read it: '1.234,50 €' ('–' for none)."""
    if value is None:
        return "–"
    return f"{format_decimal(decimal.Decimal(str(value)), format='#,##0.00')} €"
