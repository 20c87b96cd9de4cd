"""Filters of the lists: every visible column filterable, coded values picked by their German
label, related records picked from those the user may see, persons by name or Person ID,
computed columns by their value; the number of active filters and a way to clear them.

Overrides Flask-Admin 2.2's `_get_filter_groups` (options per request, none on personal
fields for the statistics role), `_get_list_filter_args` (computed filters last),
`get_filters` and `scaffold_filters`."""

from urllib.parse import urlencode

from flask import request
from flask_admin.contrib.peewee.filters import FilterEmpty
from flask_babel import gettext
from peewee import ForeignKeyField

from models.core.access import pickable
from models.core.fields import ChoiceListField
from models.people.catalogues import District
from models.people.models import Person
from views.core.context import acting_user, reads_statistics_only, request_state
from views.core.filters import (
    ChoiceListContains,
    ChoiceListEmpty,
    PickedEqual,
    PickedNotEqual,
    RelatedEqual,
    RelatedNotEqual,
    computed_filters,
    person_filters,
)
from views.core.formatting import related_filter_label, related_model_label

# A list column showing a person is filtered by name or Person ID, not by picking one of
# thousands; districts (a postcode catalogue) by their name.
PERSON = "person"
TEXT_RELATIONS = {District: "name"}


class ColumnFiltersMixin:
    """Every list column gets its filters; options are computed for the user per request."""

    # {field of a related model: label} where "Model: field" would not say it well.
    related_filter_labels: dict = {}

    def _get_filter_groups(self):
        """The filters offered: options of picked filters computed for this user now (the
        records they may see); none on personal fields for the statistics role."""
        groups = super()._get_filter_groups()
        if not groups:
            return groups
        statistics = reads_statistics_only()
        kept = {}
        for name, items in groups.items():
            shown = []
            for item in items:
                flt = self._filters[item["index"]]
                if statistics and self._personal_filter(item["index"]):
                    continue
                if getattr(flt, "per_request", False):
                    item["options"] = flt.get_options(self)
                    if not item["options"]:
                        continue
                shown.append(item)
            if shown:
                kept[name] = shown
        return kept

    def _get_list_filter_args(self):
        filters = super()._get_list_filter_args()
        if filters and reads_statistics_only():
            filters = [f for f in filters if not self._personal_filter(f[0])]
        # Filters on computed columns compute their rows: after all others, on fewer rows.
        return sorted(filters or [], key=lambda f: getattr(self._filters[f[0]], "computed",
                                                            False)) if filters else filters

    def clear_filters_url(self) -> str:
        """The list as it is, without any filter (search, sort and page size stay)."""
        kept = [(key, value) for key, value in request.args.items(multi=True)
                if not key.startswith("flt") and key != "page"]
        return self.get_url(".index_view") + ("?" + urlencode(kept) if kept else "")

    # -- filters: every list column, choices by their label, related records picked -------
    # {list column: where its filter looks}, for columns that are not fields of the model: a
    # related record's key (e.g. Participation.project), PERSON, or the kind of a computed
    # value ("number", "date", "text", "options" with `computed_filter_options`).
    column_filter_sources: dict = {}
    computed_filter_options: dict = {}

    def get_filters(self):
        filters = list(super().get_filters() or [])
        covered = {self._list_column_of(flt) for flt in filters}
        for name, _label in self.__dict__.get("_all_list_columns", []):
            if name not in covered:
                filters.extend(self.column_filters_for(name))
        for flt in filters:
            flt.list_column = self._list_column_of(flt)
        return filters or None

    def _list_column_of(self, flt):
        """The list column a filter belongs to (None for filters on other fields)."""
        if getattr(flt, "list_column", None):
            return flt.list_column
        column = getattr(flt, "column", None)
        for name, _label in self.__dict__.get("_all_list_columns", []):
            if column is not None and (self.model._meta.fields.get(name) is column
                                       or self.column_filter_sources.get(name) is column):
                return name
        return None

    def column_filters_for(self, name) -> list:
        """The filters of one list column: by value, and by defined or not where it can be
        empty."""
        label = self.get_column_name(name)
        source = self.column_filter_sources.get(name, self.model._meta.fields.get(name))
        if source is PERSON or (isinstance(source, ForeignKeyField)
                                and source.rel_model is Person):
            filters = person_filters(label)
        elif isinstance(source, str):
            filters = computed_filters(self, name, label, source,
                                       self._choice_options(self.computed_filter_options.get(
                                           name, ())))
        elif source is None:
            return []
        else:
            filters = self.field_filters(source, label, name)
        for flt in filters:
            flt.list_column = name
        return filters

    def field_filters(self, field, label, name=None) -> list:
        """Filters of a model field: picked choices, picked related records, or by type."""
        choices = self.choices_of(name, field)
        if isinstance(field, ForeignKeyField) and field.rel_model in TEXT_RELATIONS:
            shown = getattr(field.rel_model, TEXT_RELATIONS[field.rel_model])
            filters = list(self.filter_converter.convert(type(shown).__name__, shown, label))
            filters.append(FilterEmpty(field, label))
            return filters
        if isinstance(field, ForeignKeyField) and field.rel_model.filter_by_number:
            filters = list(self.filter_converter.convert("IntegerField", field, label))
        elif isinstance(field, ForeignKeyField):
            def options(model=field.rel_model):
                return self.related_options(model)
            filters = [RelatedEqual(field, label, options), RelatedNotEqual(field, label, options)]
        elif isinstance(field, ChoiceListField):
            options = self._choice_options(choices or ())
            filters = [ChoiceListContains(field, label, options),
                       ChoiceListEmpty(field, label)]
        elif choices:
            options = self._choice_options(choices)
            filters = [PickedEqual(field, label, options), PickedNotEqual(field, label, options)]
        else:
            filters = list(self.filter_converter.convert(type(field).__name__, field, label)
                           or [])
        if field.null and not any(isinstance(f, FilterEmpty)
                                  for f in filters):
            filters.append(FilterEmpty(field, label))
        return filters

    def choices_of(self, name, field=None):
        """(code, msgid) pairs of a column whose stored codes have labels, or None."""
        if name and field is not None and getattr(field, "model", None) is self.model:
            if name in self.value_labels:
                return list(self.value_labels[name].items())
            formatter = (self.column_formatters or {}).get(name)
            if getattr(formatter, "choices", None):
                return list(formatter.choices)
        if field is not None and field.choices:
            return list(field.choices)
        return None

    @staticmethod
    def _choice_options(choices):
        pairs = list(choices)
        return lambda: [(code, gettext(label)) for code, label in pairs]

    def related_options(self, model) -> list:
        """(id, label) of the records of `model` the user may pick, as the list shows them
        (once per request and list)."""
        known = request_state().related_options
        key = (self.endpoint, model)
        if key not in known:
            known[key] = [(row._pk, self.shown_related(row))
                          for row in pickable(model, acting_user())]
        return known[key]

    def computed_filter_values(self, rows, name) -> dict:
        """{primary key: value of the computed column `name`} for `rows`."""
        rows = self.prepare_computed(rows)
        return {row._pk: self.filter_value(row, name) for row in rows}

    def prepare_computed(self, rows):
        """Compute what the computed columns of `rows` need (views override)."""
        return rows

    def filter_value(self, row, name):
        """The value a filter of a computed column compares (the exported value by default)."""
        return self.export_value(row, name)

    def scaffold_filters(self, name):
        field = getattr(self.model, name, None) if isinstance(name, str) else name
        column = name if isinstance(name, str) else None
        if isinstance(field, ForeignKeyField | ChoiceListField) or (
                field is not None and self.choices_of(column, field)):
            if column is not None:
                label = self.get_column_name(column)
            elif isinstance(field, ForeignKeyField) and field.model is not self.model:
                label = related_model_label(field.rel_model)
            else:
                label = self.related_filter_labels.get(field) or related_filter_label(field)
            return self.field_filters(field, label, column)
        filters = super().scaffold_filters(name)
        model = getattr(name, "model", self.model)
        if filters and model is not self.model:
            label = self.related_filter_labels.get(name) or related_filter_label(name)
            for flt in filters:
                flt.name = label
        return filters
