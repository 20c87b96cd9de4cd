"""The shared base view: every list, page, form, action and lookup goes through it. It is
assembled from the parts in this package; concrete views only declare."""

import logging

from flask import abort, has_request_context, redirect, request, url_for
from flask_admin.contrib.peewee import ModelView
from flask_babel import lazy_gettext
from flask_login import current_user

from models.core.access import may_read, may_write
from views.core.bulk import BulkEditMixin
from views.core.context import acting_user
from views.core.export_view import ExportMixin
from views.core.filtering import ColumnFiltersMixin
from views.core.filters import GermanFilterConverter
from views.core.formatting import (
    TYPE_FORMATTERS,
)
from views.core.forms import GermanModelConverter, SecureForm
from views.core.history import HistoryMixin
from views.core.layouts import ListLayoutMixin
from views.core.privacy import StatisticsPrivacyMixin
from views.core.queries import ScopedQueriesMixin
from views.core.writes import DomainWritesMixin

log = logging.getLogger(__name__)


class FallakteModelView(ListLayoutMixin, BulkEditMixin, HistoryMixin, ExportMixin,
                        DomainWritesMixin, ColumnFiltersMixin, ScopedQueriesMixin,
                        StatisticsPrivacyMixin, ModelView):
    """Scoping, joins, German formats, transactional writes, our delete, bulk edit, history."""

    form_base_class = SecureForm
    model_form_converter = GermanModelConverter
    filter_converter = GermanFilterConverter()
    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_detail = TYPE_FORMATTERS
    column_type_formatters_export = TYPE_FORMATTERS
    can_view_details = True
    can_export = False
    can_set_page_size = True
    page_size = 20
    list_template = "admin/fallakte/list.html"
    details_template = "admin/fallakte/details.html"
    edit_template = "admin/fallakte/edit.html"
    create_template = "admin/fallakte/create.html"
    history_template = "admin/fallakte/history.html"
    # {field: {stored value: msgid}} for fields whose labels are not model choices.
    value_labels: dict = {}
    # Class-level switches; the role decides on top of them per request.
    allow_create = allow_edit = allow_delete = True

    # -- access --------------------------------------------------------------------------
    def is_accessible(self):
        return current_user.is_authenticated and may_read(acting_user(), self.model)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def _may_write(self) -> bool:
        return (
            has_request_context()
            and current_user.is_authenticated
            and may_write(acting_user(), self.model)
        )

    @property
    def can_create(self):
        return self.allow_create and self._may_write()

    @property
    def can_edit(self):
        return self.allow_edit and self._may_write()

    @property
    def can_delete(self):
        return self.allow_delete and self._may_write()

    # -- columns: labels from the model, personal ones hidden from the statistics role -----
    def get_column_name(self, field):
        if self.column_labels and field in self.column_labels:
            return self.column_labels[field]
        model_field = self.model._meta.fields.get(field)
        if model_field is not None and model_field.verbose_name:
            return lazy_gettext(model_field.verbose_name)
        return super().get_column_name(field)
