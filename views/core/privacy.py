"""The statistics role's privacy in lists, pages, filters, sorts and lookups: personal (pb)
fields never reach a user who may read non-personal data only.

It overrides these Flask-Admin 2.2 internals (check them after an upgrade of Flask-Admin):
`BaseModelView._list_columns` / `_details_columns` (set by `_refresh_cache`),
`ModelView._search_fields` (set by `init_search`), `contrib.peewee.ModelView._sort_clause`,
`is_sortable`, `_get_field_value`, and `contrib.peewee.ajax.QueryAjaxModelLoader.format`; filters on
personal fields are left out in views/core/filtering.py (`_personal_filter`)."""

import logging

from models.core.base import BaseModel
from views.core.context import is_personal, reads_statistics_only

log = logging.getLogger(__name__)


class StatisticsPrivacyMixin:
    """Hides personal columns, filters, sorts and search fields from the statistics role."""

    # Columns shown only to the statistics role, in place of a personal one (the birth year for
    # the birth date); whoever reads personal data sees the personal field instead.
    statistics_columns: tuple[str, ...] = ()

    def _hide_personal(self, columns):
        if not reads_statistics_only():
            return [(name, label) for name, label in columns
                    if name not in self.statistics_columns]
        personal = set(self.model.personal_fields)
        return [(name, label) for name, label in columns if name not in personal]

    @property
    def _list_columns(self):
        return self.apply_layout(self._hide_personal(self.__dict__.get("_all_list_columns", [])))

    @_list_columns.setter
    def _list_columns(self, value):
        self._all_list_columns = value

    @property
    def _details_columns(self):
        return self._hide_personal(self.__dict__.get("_all_details_columns", []))

    @_details_columns.setter
    def _details_columns(self, value):
        self._all_details_columns = value

    # Search, filters and sorting never touch personal fields for the statistics role: a
    # filter on the birth date or a sort by name would reveal them without showing them.
    @property
    def _search_fields(self):
        fields = self.__dict__.setdefault("_all_search_fields", [])
        if reads_statistics_only():
            return [f for f in fields if not is_personal(f)]
        return fields

    @_search_fields.setter
    def _search_fields(self, value):
        self._all_search_fields = value

    def _personal_filter(self, index) -> bool:
        # A filter on what is not personal about a personal field (the year of the birth date,
        # views/sections/npb.py) says so with `non_personal`.
        flt = self._filters[index]
        return not getattr(flt, "non_personal", False) and is_personal(getattr(flt, "column", None))

    def _sort_field(self, sort_field):
        return getattr(self.model, sort_field, None) if isinstance(sort_field, str) \
            else sort_field

    def _sort_clause(self, query, joins, sort_field, sort_desc):
        if reads_statistics_only() and is_personal(self._sort_field(sort_field)):
            sort_field = self.model._meta.primary_key
        return super()._sort_clause(query, joins, sort_field, sort_desc)

    def is_sortable(self, name):
        field = self._sortable_columns.get(name) if reads_statistics_only() else None
        if field is not None and is_personal(self._sort_field(field)):
            return False
        return super().is_sortable(name)

    def shown_related(self, value):
        """A related record as text; only its pseudonym or number for the statistics role."""
        if value is None:
            return None
        # A record with personal fields, or one naming another in its label (a request names
        # its person), is shown by its history label: a pseudonym or a number.
        if reads_statistics_only() and isinstance(value, BaseModel) and (
                type(value).personal_fields or type(value).history_label is not
                BaseModel.history_label):
            return value.history_label()
        return str(value)

    def _get_field_value(self, model, name):
        value = super()._get_field_value(model, name)
        if isinstance(value, BaseModel) and reads_statistics_only():
            return self.shown_related(value)
        return value
