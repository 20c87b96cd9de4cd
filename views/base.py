"""The shared base view: every list, page, form, action and lookup goes through it."""

import datetime as dt
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import abort, flash, g, has_request_context, redirect, request, send_file, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.peewee import ModelView
from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from flask_admin.contrib.peewee.filters import FilterEmpty
from flask_admin.model.base import ViewArgs
from flask_admin.model.template import DeleteRowAction, LinkRowAction, TemplateLinkRowAction
from flask_babel import gettext, lazy_gettext, ngettext
from flask_login import current_user
from peewee import JOIN, ForeignKeyField, IntegrityError
from werkzeug.datastructures import MultiDict
from wtfpeewee.fields import ModelSelectField, ModelSelectMultipleField

from models.access import may_act, may_read, may_write, pickable, visible, visible_history
from models.accounts import may_read_personal
from models.base import BaseModel, DomainError, ValidationError
from models.catalogues import District
from models.fields import ChoiceListField
from models.history import history_of, may_read_messages
from models.people import Person
from models.records import ChangedMeanwhile, create_record, delete_record, update_record

from .bulk import BulkEditMixin
from .export import file_name_part, write_xlsx
from .filters import (
    ChoiceListContains,
    ChoiceListEmpty,
    GermanFilterConverter,
    PickedEqual,
    PickedNotEqual,
    RelatedEqual,
    RelatedNotEqual,
    computed_filters,
    person_filters,
)
from .formatting import (
    TYPE_FORMATTERS,
    cell_text,
    field_value_labels,
    history_value,
    label_of,
    related_filter_label,
    related_labels,
    related_model_label,
    translate_error,
    translated,
)
from .forms import GermanModelConverter, SecureForm
from .layouts import ListLayoutMixin
from .locking import (
    VersionRule,
    changed_meanwhile_text,
    unsaved_entries,
    values_before_edit,
    with_version,
)
from .params import MAX_ID, arg_int, id_or_404, parse_id, parse_ids

log = logging.getLogger(__name__)
# A list column showing a person is filtered by name or Person ID, not by picking one of
# thousands; districts (a postcode catalogue) by their name.
PERSON = "person"
TEXT_RELATIONS = {District: "name"}


def acting_user():
    """The logged-in user as a model instance (not the proxy)."""
    return current_user._get_current_object()


def now() -> dt.datetime:
    """The time a change is recorded with."""
    return dt.datetime.now().replace(microsecond=0)


@dataclass
class Report:
    """What a bulk operation did: labels of changed rows, and skipped rows with the reason."""

    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax lookups that offer only rows the user may see."""

    def get_query(self):
        return visible(self.model, acting_user())

    def get_one(self, pk):
        key, number = self.model._meta.primary_key, parse_id(pk)
        return None if number is None else self.get_query().where(key == number).first()

    def format(self, model):
        # The statistics role reads a pseudonym or number, never a name.
        if model is not None and reads_statistics_only():
            return getattr(model, self.pk), model.history_label()
        return super().format(model)

    def get_list(self, term, offset=0, limit=20):
        query = self.get_query()
        if term:
            condition = None
            searched = [f for f in self._cached_fields
                        if not (reads_statistics_only() and is_personal(f))]
            if not searched:
                return []
            for model_field in searched:
                part = model_field ** f"%{term}%"
                condition = part if condition is None else condition | part
            query = query.where(condition)
        return list(query.offset(offset).limit(limit))


def is_personal(model_field) -> bool:
    """True when `model_field` is tagged personal (pb) in its model's `personal_fields`."""
    model = getattr(model_field, "model", None)
    name = getattr(model_field, "name", None)
    return model is not None and name in getattr(model, "personal_fields", ())


def reads_statistics_only() -> bool:
    """True when the logged-in user may see non-personal data only (statistics role)."""
    return (has_request_context() and current_user.is_authenticated
            and not may_read_personal(acting_user()))


class FallakteModelView(ListLayoutMixin, BulkEditMixin, ModelView):
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
        # views/npb.py) says so with `non_personal`.
        flt = self._filters[index]
        return not getattr(flt, "non_personal", False) and is_personal(getattr(flt, "column", None))

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
        if isinstance(field, ForeignKeyField):
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
        """(id, label) of the records of `model` the user may pick, as the list shows them."""
        rows = pickable(model, acting_user())
        return [(row._pk, self.shown_related(row)) for row in rows]

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

    # -- queries: joined related rows, scoped to the user ---------------------------------
    def _related_fields(self):
        names = [name for name, _label in self.__dict__.get("_all_list_columns", [])]
        fields = self.model._meta.fields
        return [fields[n] for n in names if isinstance(fields.get(n), ForeignKeyField)]

    def base_query(self):
        """All rows of the model with the related rows of the list columns in one query."""
        query = self.model.select(self.model)
        seen = set()
        for fk in self._related_fields():
            target = fk.rel_model.alias() if fk.rel_model in seen else fk.rel_model
            seen.add(fk.rel_model)
            query = query.select_extend(target).join_from(
                self.model, target, JOIN.LEFT_OUTER, on=(fk == target.id), attr=fk.name
            )
        return query

    def get_query(self):
        query = visible(self.model, acting_user(), self.base_query())
        term = g.get("fallakte_search")
        if term:
            query = query.where(self.search_condition(term))
        return query

    def prejoined_models(self) -> set:
        """Models `base_query` joins already (filters and sorts on them need no join)."""
        return {fk.rel_model for fk in self._related_fields()}

    def _handle_join(self, query, field, joins):
        model_class = getattr(field, "model", None)
        prejoined = self.prejoined_models()
        if model_class is None or model_class is self.model or model_class in prejoined:
            return query
        return super()._handle_join(query, field, joins)

    # {field of a related model: label} where "Model: field" would not say it well.
    related_filter_labels: dict = {}

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

    # Views may implement `search_condition(term)` for a search of their own making.
    search_condition = None

    def search_placeholder(self):
        """The labels of the searchable columns, e.g. 'Name, Ort'."""
        names = self.column_searchable_list or ()
        return ", ".join(str(self.get_column_name(n)) for n in names if isinstance(n, str))

    def init_search(self):
        if self.search_condition is not None:
            self._search_fields = []
            return True
        return super().init_search()

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        if search and reads_statistics_only() and self.search_condition is None \
                and not self._search_fields:
            # Nothing the statistics role may search by: no row (an empty query for exports).
            return 0, ([] if execute else self.get_query().where(False))
        if self.search_condition is not None and search:
            g.fallakte_search = search
            search = None
            try:
                self.search_condition(g.fallakte_search)
            except DomainError as error:
                flash(translate_error(error), "danger")
                g.fallakte_search = None
                return 0, []
        if sort_column is not None and not self.is_sortable(sort_column):
            sort_column = None
        return super().get_list(page, sort_column, sort_desc, search, filters, execute,
                                page_size)

    def get_one(self, id):
        pk = id_or_404(id)
        row = self.get_query().where(self.model._meta.primary_key == pk).first()
        if row is None:
            abort(404)
        return row

    # -- list arguments: parsed by views/params.py, never trusted -------------------------
    def _get_list_extra_args(self):
        """Page, page size, sort and direction from the URL; a value that is not a plain
        number in range, or a sort by a column that cannot be sorted, is ignored."""
        view_args = super()._get_list_extra_args()
        page_size = arg_int("page_size", 0, 0, MAX_ID)
        return ViewArgs(page=arg_int("page", 0, 0, self.max_page(page_size)),
                        page_size=page_size, sort=self.sortable_index(arg_int("sort")),
                        sort_desc=arg_int("desc", 0, 0, 1), search=view_args.search,
                        filters=view_args.filters, extra_args=view_args.extra_args)

    def max_page(self, page_size) -> int:
        """The last page number whose offset a database can hold."""
        return MAX_ID // max(self.get_safe_page_size(page_size) or 1, 1)

    def sortable_index(self, index):
        """`index` when it names a list column the user may sort by, else None."""
        column = self._get_column_by_idx(index)
        return index if column is not None and self.is_sortable(column[0]) else None

    def _create_ajax_loader(self, name, options):
        related = getattr(self.model, name).rel_model
        return ScopedAjaxLoader(name, related, **options)

    # -- forms ----------------------------------------------------------------------------
    def _scope_pickers(self, form):
        user = acting_user()
        for form_field in form:
            if isinstance(form_field, ModelSelectField | ModelSelectMultipleField):
                form_field.query = pickable(form_field.query.model, user, form_field.query)
        return form

    def create_form(self, obj=None):
        form = self._scope_pickers(super().create_form(obj))
        if request.method == "GET":
            self.prefill_create_form(form)
        return form

    def prefill_create_form(self, form):
        """Fill the create form from query arguments of the same names (search before create)."""
        for form_field in form:
            if form_field.name in request.args and form_field.name != "csrf_token":
                form_field.process(MultiDict({form_field.name: request.args[form_field.name]}))

    def edit_refusal(self, row) -> str | None:
        """A msgid saying why `row` cannot be edited now, or None; views override."""
        return None

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        if not self.can_create:
            abort(403)
        return super().create_view()

    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        if not self.can_delete:
            abort(403)
        return super().delete_view()

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        if not self.can_edit:
            abort(403)
        row_id = request.args.get("id")
        if row_id is not None and self.can_edit:
            refusal = self.edit_refusal(self.get_one(row_id))
            if refusal:
                flash(gettext(refusal), "danger")
                return redirect(self.get_url(".details_view", id=row_id))
        return super().edit_view()

    def edit_form(self, obj=None):
        return self._scope_pickers(super().edit_form(obj))

    # Every edit form carries the version of its record (optimistic locking, views.locking).
    def get_edit_form(self):
        return with_version(super().get_edit_form(), self.model)

    def _refresh_form_rules_cache(self):
        if self.form_edit_rules and not any(isinstance(rule, VersionRule)
                                            for rule in self.form_edit_rules):
            self.form_edit_rules = (*self.form_edit_rules, VersionRule())
        super()._refresh_form_rules_cache()

    # -- writes: domain functions in transactions, German messages, nothing leaked ---------
    def create_model(self, form):
        model = self.model()
        form.populate_obj(model)
        if self.write(form, lambda: create_record(model, acting_user(), now())):
            return model
        return False

    def update_model(self, form, model):
        old = values_before_edit(form, model)
        form.populate_obj(model)
        return self.write(form, lambda: update_record(model, old, acting_user(), now()))

    def delete_row(self, row) -> None:
        """Delete one row through the domain; views whose rows need more override this."""
        delete_record(row, acting_user(), now())

    def delete_model(self, model):
        try:
            self.delete_row(model)
        except DomainError as error:
            flash(translate_error(error), "danger")
            return False
        except Exception:
            log.exception("Deleting %s %s failed", self.model.__name__, model._pk)
            flash(gettext("The record could not be deleted. The error has been logged."), "danger")
            return False
        return True

    def write(self, form, operation) -> bool:
        """Run a domain write; show its refusal at the fields or as a message."""
        try:
            operation()
        except ValidationError as error:
            self.show_field_errors(form, error.errors)
            return False
        except ChangedMeanwhile as error:
            self.show_changed_meanwhile(form, error)
            return False
        except DomainError as error:
            self.handle_domain_error(form, error)
            return False
        except IntegrityError:
            log.info("Integrity error on %s", self.model.__name__, exc_info=True)
            flash(gettext("A record with these values exists already."), "danger")
            return False
        except Exception:
            log.exception("Saving %s failed", self.model.__name__)
            flash(gettext("The record could not be saved. The error has been logged."), "danger")
            return False
        return True

    def show_field_errors(self, form, errors: dict):
        """Put each domain message next to its field; others as a message above the form."""
        for name, message in errors.items():
            text = gettext(message)
            if name in form:
                form[name].errors = [*form[name].errors, text]
            else:
                flash(text, "danger")
        flash(gettext("Please correct the marked fields."), "danger")

    def show_changed_meanwhile(self, form, error: ChangedMeanwhile):
        """A stale save: say who changed the record when, fill the form with the current
        values, and keep the user's unsaved entries next to their fields."""
        not_saved = gettext("Your changes were not saved.")
        flash(f"{changed_meanwhile_text(error)} {not_saved}", "danger")
        if error.current is None:
            return
        entries = unsaved_entries(form, error.current)
        self.refill_form(form, error.current)
        for name, shown in entries.items():
            form[name].errors = [gettext("Not saved, your entry: %(value)s", value=shown)]
        flash(gettext("The form shows the current values: please check them and save "
                      "your changes again."), "info")

    def refill_form(self, form, current) -> None:
        """Fill `form` with the values and the version of `current` (the stored record)."""
        form.process(None, obj=current)

    def handle_domain_error(self, form, error: DomainError):
        """Show a refusal of the domain; views override this for errors of their own."""
        flash(translate_error(error), "danger")

    def handle_view_exception(self, exc):
        log.exception("View error in %s", self.endpoint)
        return True

    # -- bulk operations ------------------------------------------------------------------
    def row_label(self, row) -> str:
        """How a row is named in reports."""
        return str(row)

    def scoped_rows(self, ids):
        """The rows of `ids` the user may see (others are simply absent)."""
        pk = self.model._meta.primary_key
        return list(self.get_query().where(pk.in_(parse_ids(ids))).order_by(pk))

    def run_bulk(self, ids, operation) -> Report:
        """Apply `operation` to each visible row of `ids`, each in its own transaction."""
        report = Report()
        rows = self.scoped_rows(ids)
        found = {str(row._pk) for row in rows}
        for missing in sorted({str(i) for i in ids} - found):
            report.skipped.append((f"#{missing}", gettext("not found or not visible to you")))
        for row in rows:
            try:
                operation(row)
            except ValidationError as error:
                reasons = "; ".join(gettext(m) for m in error.errors.values())
                report.skipped.append((self.row_label(row), reasons))
            except ChangedMeanwhile as error:
                report.skipped.append((self.row_label(row), changed_meanwhile_text(error)))
            except DomainError as error:
                report.skipped.append((self.row_label(row), translate_error(error)))
            except Exception:
                log.exception("Bulk operation failed on %s", row._pk)
                report.skipped.append((self.row_label(row), gettext("unexpected error (logged)")))
            else:
                report.done.append(self.row_label(row))
        return report

    def flash_report(self, report: Report, verb_done: str) -> None:
        """One German summary: how many succeeded, which were skipped and why."""
        if report.done:
            flash(ngettext("%(num)d record %(verb)s.", "%(num)d records %(verb)s.",
                           len(report.done), verb=verb_done), "success")
        if report.skipped:
            details = "; ".join(f"{label}: {reason}" for label, reason in report.skipped)
            flash(ngettext("%(num)d record skipped: %(details)s",
                           "%(num)d records skipped: %(details)s",
                           len(report.skipped), details=details), "warning")

    def handle_action(self, return_view=None):
        name = request.form.get("action")
        if name in self._actions_data and not self.is_action_allowed(name):
            abort(403)
        return super().handle_action(return_view)

    def is_action_allowed(self, name):
        if name == "bulk_edit":
            return self.can_edit and bool(self.bulk_edit_fields) and self._may_act(name)
        if name == "delete":
            return self.can_delete
        return super().is_action_allowed(name) and self._may_act(name)

    def _may_act(self, name) -> bool:
        return (has_request_context() and current_user.is_authenticated
                and may_act(acting_user(), self.model, name))

    @action("delete", admin_lazy_gettext("Delete"),
            admin_lazy_gettext("Are you sure you want to delete selected records?"))
    def action_delete(self, ids):
        if not self.can_delete:
            abort(403)
        report = self.run_bulk(ids, self.delete_row)
        self.flash_report(report, gettext("deleted"))

    # -- export -----------------------------------------------------------------------------
    def export_value(self, row, name):
        """A typed cell: dates, numbers and Ja/Nein stay typed, codes become their German
        label; a related record, a computed column or a text the list shows through a
        formatter comes as the list shows it (a person by pseudonym for the statistics role).
        Views whose formatters need more than the row (figures of the page) override this."""
        model_field = self.model._meta.fields.get(name)
        value = getattr(row, name, None) if model_field is not None else None
        if name in self.value_labels and value in self.value_labels[name]:
            return translated(self.value_labels[name][value])
        labels = field_value_labels(self.model, name)
        if labels and isinstance(value, list | tuple):
            return ", ".join(label_of(labels, code) for code in value)
        if labels and value is not None:
            return label_of(labels, value)
        formatter = (self.column_formatters or {}).get(name)
        if formatter is not None and (model_field is None or isinstance(value, str | BaseModel)):
            return cell_text(formatter(self, None, row, name))
        if isinstance(model_field, ForeignKeyField):
            return self.shown_related(value)
        if model_field is None:
            return getattr(row, name, None)
        return value

    def export_columns(self):
        """(name, label) of the exported columns: those the list shows, in its order."""
        return list(self._list_columns)

    def export_rows(self, query, columns):
        """Typed cell values for each row of `query`; views with computed columns override."""
        return ([self.export_value(row, name) for name, _ in columns] for row in query)

    @expose("/export.xlsx", methods=("POST",))
    def export_xlsx_view(self):
        """The rows of the current filter and search as .xlsx; only what the user may see."""
        view_args = self._get_list_extra_args()
        sort = self._get_column_by_idx(view_args.sort)
        _count, query = self.get_list(0, sort[0] if sort else None, view_args.sort_desc,
                                      view_args.search, view_args.filters, execute=False,
                                      page_size=0)
        columns = self.export_columns()
        rows = self.export_rows(query, columns)
        stream = write_xlsx(str(self.name), [str(label) for _, label in columns], rows,
                            yes_no=(gettext("Yes"), gettext("No")))
        filename = f"{file_name_part(str(self.name))}-{dt.date.today():%Y-%m-%d}.xlsx"
        return send_file(stream, as_attachment=True, download_name=filename,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # -- sections of a record's page --------------------------------------------------------
    # A page shows rows of other records (a participation's requests, messages, history, hours,
    # care cases, documents): each section lists exactly the rows the user sees in the list
    # of their own kind. Seeing the page's record never widens the scope of its sections.
    def section_rows(self, model, query=None):
        """The rows of `query` (default: all of `model`) that the user sees in the list of
        `model` (models.access.visible)."""
        return visible(model, acting_user(), query)

    def section_history(self, query, relations=None):
        """The entries of `query` about records the user sees (models.access.visible_history);
        `relations` names the kinds of records the section shows."""
        return visible_history(acting_user(), query, relations)

    # -- history --------------------------------------------------------------------------
    def get_list_row_actions(self):
        # Our delete button asks through static/fallakte.js, not an inline onclick (CSP).
        actions = [TemplateLinkRowAction("fallakte_rows.delete_row", action.title)
                   if isinstance(action, DeleteRowAction) else action
                   for action in super().get_list_row_actions()]
        if self.model.history_relation:
            actions.append(LinkRowAction("fa fa-history", self.history_url_template(),
                                         title=lazy_gettext("History")))
        return actions

    def history_url_template(self):
        return self.get_url(".history_view") + "?id={row_id}"

    @expose("/history/")
    def history_view(self):
        """The history of one record the user may see."""
        if not self.model.history_relation:
            abort(404)
        row = self.get_one(request.args.get("id"))
        entries = self.history_entries(row)
        g.history_labels = related_labels(entries, lambda _entry: self.model,
                                          label=self.shown_related)
        return self.render(self.history_template, row=row, entries=entries,
                           title=self.record_title(row),
                           show_messages=may_read_messages(acting_user()),
                           field_label=self.history_field_label,
                           value_text=self.history_value_text)

    def history_entries(self, row) -> list:
        """The entries of a record's history page, newest first; views add related records."""
        return list(history_of(self.model.history_relation, row._pk))

    def record_title(self, row) -> str:
        """How a record is named on its pages; without personal data for statistics."""
        if reads_statistics_only():
            return row.history_label()
        return str(row)

    def history_field_label(self, name):
        """The German label of a changed field."""
        return self.get_column_name(name)

    def history_value_text(self, name, value):
        """A stored old/new value as the user reads it; personal values hidden from statistics."""
        if name in self.model.personal_fields and reads_statistics_only():
            return "•••"
        if name in self.value_labels and value in self.value_labels[name]:
            return translated(self.value_labels[name][value])
        return history_value(self.model, name, value, g.get("history_labels"))
