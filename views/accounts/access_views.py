"""Administrators' lists of delegations and announcements."""

from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from markupsafe import escape
from wtforms import TextAreaField
from wtforms.validators import Optional

from models.accounts.delegation import grant_delegation, revoke_delegation
from models.core.clock import now
from models.core.roles import Role
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.core.fields import CheckboxListField


class DelegationView(FallakteModelView):
    """Every delegation; administrators grant on behalf of a caseworker (PerSEH) and revoke."""

    allow_edit = allow_delete = False  # a delegation ends by revocation and stays on record
    column_list = ("grantor", "grantee", "created_at", "revoked_at")
    column_default_sort = ("created_at", True)
    column_filters = ("created_at", "revoked_at")
    form_columns = ("grantor", "grantee")

    def create_model(self, form):
        granted = []
        ok = self.write(form, lambda: granted.append(grant_delegation(
            form.grantor.data, form.grantee.data, acting_user(), now())))
        return granted[0] if ok else False

    @action("revoke", lazy_gettext("Revoke"))
    def action_revoke(self, ids):
        report = self.run_bulk(ids, lambda row: revoke_delegation(row, acting_user(), now()))
        self.flash_report(report, gettext("revoked"))


def _audience(_view, _context, row, _name):
    labels = [gettext(label) for label in row.audience_labels()]
    return escape(", ".join(labels) if labels else gettext("everybody"))


ROLE_CHOICES = [(code, lazy_gettext(label)) for code, label in Role.choices()]


class AnnouncementView(FallakteModelView):
    """System announcements (001 §7.3) for everybody or some roles, from one date to another."""

    column_list = ("title", "audience", "valid_from", "valid_to", "created_at")
    column_details_list = ("title", "text", "audience", "valid_from", "valid_to", "created_at")
    column_default_sort = ("valid_from", True)
    column_searchable_list = ("title", "text")
    column_filters = ("valid_from", "valid_to")
    column_formatters = {"audience": _audience}
    column_formatters_detail = column_formatters
    column_descriptions = {"audience": lazy_gettext("Empty: everybody.")}
    form_columns = ("title", "text", "audience", "valid_from", "valid_to")
    form_overrides = {"audience": CheckboxListField, "text": TextAreaField}
    form_args = {"audience": {"choices": ROLE_CHOICES, "validators": [Optional()],
                              "description": lazy_gettext("No role chosen: everybody.")}}

    def export_value(self, row, name):
        if name == "audience":
            return str(_audience(self, None, row, name))
        return super().export_value(row, name)
