"""Optimistic locking in the forms: every edit form carries the version of the record it was
filled from; a save based on an older version is refused (models.records.update_record), with
who changed the record and when, and the form filled with the current values."""

from flask_admin.form import rules
from flask_babel import gettext
from wtforms.fields import HiddenField

from models.core.records import ChangedMeanwhile
from views.core.formatting import format_datetime

VERSION = "version"


class VersionField(HiddenField):
    """The version of the record the form was filled from; never written to the record."""

    def populate_obj(self, obj, name):
        """Set nothing: the version is the lock's, not the user's."""

    def seen(self, loaded: int) -> int:
        """The version the form was filled from: `loaded` (the row's now) where the post has
        none, -1 for a value no version can have."""
        if not self.raw_data:
            return loaded
        value = self.raw_data[0]
        return int(value) if value.isascii() and value.isdigit() else -1


class VersionRule(rules.BaseRule):
    """Keeps the version and the CSRF token in forms laid out by rules; `hidden_tag()`
    renders both. Without naming the token here Flask-Admin warns "Fields missing from
    ruleset: csrf_token" and drops it from the form."""

    @property
    def visible_fields(self) -> list[str]:
        return [VERSION, "csrf_token"]

    def __call__(self, form, form_opts=None, field_args=None):
        return ""


def with_version(form_class, model):
    """`form_class` with the hidden version field where `model` has a version."""
    if VERSION not in model._meta.fields:
        return form_class
    return type(form_class.__name__, (form_class,), {VERSION: VersionField()})


def values_before_edit(form, row) -> dict:
    """The values of `row` as loaded, at the version the form was filled from: the edit is
    checked against that version."""
    old = dict(row.__data__)
    if VERSION in old and VERSION in form and isinstance(form[VERSION], VersionField):
        old[VERSION] = form[VERSION].seen(old[VERSION])
    return old


def changed_meanwhile_text(error: ChangedMeanwhile) -> str:
    """Who changed the record and when, in German."""
    if error.current is None:
        return gettext("This record was deleted meanwhile.")
    if error.editor is not None and error.changed_at is not None:
        return gettext("This record was changed meanwhile by %(editor)s on %(when)s.",
                       editor=error.editor.full_name, when=format_datetime(error.changed_at))
    return gettext("This record was changed meanwhile by someone else.")


def unsaved_entries(form, current) -> dict:
    """{field name: the user's entry as shown} where the form's values differ from `current`."""
    from views.core.bulk import shown_value

    model = type(current)
    probe = model(**current.__data__)
    try:
        form.populate_obj(probe)
    except Exception:  # noqa: BLE001 - the entries are a help, the refusal must stand anyway
        return {}
    return {field.name: shown_value(field) for field in form
            if field.name in model._meta.fields and field.name != VERSION
            and probe.__data__.get(field.name) != current.__data__.get(field.name)}
