"""Queries of the base view: related rows joined, rows scoped to the user, searches and
filters on related models, lookups for pickers."""

import logging

from flask import abort, flash, request
from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from flask_admin.model.base import ViewArgs
from flask_babel import lazy_gettext
from peewee import JOIN, ForeignKeyField

from models.core import clock
from models.core.access import pickable, visible
from models.core.errors import DomainError
from models.core.history_access import visible_history
from models.core.queues import queue_named
from views.core.context import acting_user, is_personal, reads_statistics_only, request_state
from views.core.formatting import (
    translate_error,
)
from views.core.params import MAX_ID, arg_int, id_or_404, parse_id

log = logging.getLogger(__name__)
# The most rows one lookup answers, whatever `limit` the request asks for.
MAX_PICKS = 50


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax lookups (autocomplete pickers) that offer only rows the user may pick.

    Options beyond Flask-Admin's `fields`: `query` (a function giving the base query, e.g.
    with related rows joined for the labels) and `search` (a function `(query, term)` giving
    the matching rows as a query or a list, e.g. the folded name search of persons)."""

    def __init__(self, name, model, **options):
        options.setdefault("placeholder", lazy_gettext("Type to search …"))
        super().__init__(name, model, **options)

    def get_query(self):
        base = self.options.get("query")
        return pickable(self.model, acting_user(), base() if base else None)

    def get_one(self, pk):
        key, number = self.model._meta.primary_key, parse_id(pk)
        return None if number is None else self.get_query().where(key == number).first()

    def format(self, model):
        # The statistics role reads a pseudonym or number, never a name.
        if model is not None and reads_statistics_only():
            return getattr(model, self.pk), model.history_label()
        return super().format(model)

    def get_list(self, term, offset=0, limit=20):
        query, term = self.get_query(), (term or "").strip()
        offset, limit = max(offset or 0, 0), min(max(limit or 0, 0), MAX_PICKS)
        search = self.options.get("search")
        if term and search is not None and not reads_statistics_only():
            try:
                found = search(query, term)
            except DomainError:
                # A search the domain refuses ('Mu*', too short) offers nothing.
                return []
            if isinstance(found, list):
                return found[offset:offset + limit]
            return list(found.offset(offset).limit(limit))
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


class ScopedQueriesMixin:
    """Every list, page and lookup reads only rows the user may see, related rows joined."""

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

    def scoped_query(self):
        """All rows the user may see, related rows joined; pages of one record and bulk
        operations read this, whatever list (predefined list, search) the user came from."""
        base = (self.model.select(self.model._meta.primary_key) if request_state().ids_only
                else self.base_query())
        return visible(self.model, acting_user(), base)

    def get_query(self):
        query = self.scoped_query()
        queue = self.current_queue()
        if queue is not None:
            query = query.where(queue.where(acting_user(), clock.today()))
        term = request_state().search
        if term:
            query = query.where(self.search_condition(term))
        return query

    def current_queue(self):
        """The start-page queue whose rows the list shows (argument `queue`): one of the
        user's queues over this model, else None (the whole list)."""
        return queue_named(acting_user(), request.args.get("queue"), self.model)

    # -- sections of a record's page ------------------------------------------------------
    # A page shows rows of other records (a participation's requests, messages, history, hours,
    # care cases, documents): each section lists exactly the rows the user sees in the list
    # of their own kind. Seeing the page's record never widens the scope of its sections.
    def section_rows(self, model, query=None):
        """The rows of `query` (default: all of `model`) that the user sees in the list of
        `model` (models.core.access.visible)."""
        return visible(model, acting_user(), query)

    def section_history(self, query, relations=None):
        """The entries of `query` about records the user sees
        (models.core.history_access.visible_history); `relations` names the kinds of records
        the section shows."""
        return visible_history(acting_user(), query, relations)

    def prejoined_models(self) -> set:
        """Models `base_query` joins already (filters and sorts on them need no join)."""
        return {fk.rel_model for fk in self._related_fields()}

    def _handle_join(self, query, field, joins):
        model_class = getattr(field, "model", None)
        prejoined = self.prejoined_models()
        if model_class is None or model_class is self.model or model_class in prejoined:
            return query
        return super()._handle_join(query, field, joins)

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
            request_state().search, search = search, None
            try:
                self.search_condition(request_state().search)
            except DomainError as error:
                flash(translate_error(error), "danger")
                request_state().search = None
                return 0, []
        if sort_column is not None and not self.is_sortable(sort_column):
            sort_column = None
        if execute and self.pages_by_ids(sort_column, search, filters):
            return self._page_by_ids(page, sort_column, sort_desc, filters, page_size)
        return super().get_list(page, sort_column, sort_desc, search, filters, execute,
                                page_size)

    # -- counting and paging over the bare rows --------------------------------------------
    # The related rows of base_query are LEFT JOINed for the columns; a count or a deep OFFSET
    # over the joined rows pays for every join on every skipped row. A plain list (no search,
    # no filter, sorted by a column of the model itself) counts and pages over the scoped rows
    # of the model alone, then joins the related rows of the page's ids only.
    # A view whose get_query narrows by a column of a related row sets this to False.
    page_by_ids = True

    def pages_by_ids(self, sort_column, search, filters) -> bool:
        """True when the list can count and page without the joins of base_query."""
        if not self.page_by_ids or search or request_state().search or filters:
            return False
        if self.simple_list_pager:
            return False
        if sort_column is not None:
            field = self._sortable_columns.get(sort_column)
        else:
            field = (self.column_default_sort[0]
                     if isinstance(self.column_default_sort, tuple) else self.column_default_sort)
        if field is None:
            return True
        if isinstance(field, str):
            return field in self.model._meta.fields
        return getattr(field, "model", None) is self.model

    def known_count(self) -> int | None:
        """The number of rows of the whole list when the page has counted them already (the
        counts of its predefined lists); None to count. Asked only without search, filter or
        start-page queue."""
        return None

    def _page_by_ids(self, page, sort_column, sort_desc, filters, page_size):
        state = request_state()
        state.ids_only = True
        try:
            ids_query = self.get_query()
            count = None if self.current_queue() is not None else self.known_count()
            if count is None:
                count = ids_query.count()
            ids_query = self._ordered_page(ids_query, page, sort_column, sort_desc, page_size)
            key = self.model._meta.primary_key
            ids = [row[0] for row in ids_query.select(key).tuples()]
        finally:
            state.ids_only = False
        # Also for an empty page: a list runs the same queries whatever its rows.
        by_id = {row._pk: row for row in self.base_query().where(key.in_(ids))}
        return count, [by_id[pk] for pk in ids if pk in by_id]

    def _ordered_page(self, query, page, sort_column, sort_desc, page_size):
        """The page of `query` in the list's order: Flask-Admin's get_list without its count
        (relies on its `_sortable_columns`, `_get_default_order`, `_order_by`)."""
        if sort_column is not None:
            order = [(self._sortable_columns[sort_column], sort_desc)]
        else:
            order = self._get_default_order()
        if order:
            query, _joins = self._order_by(query, set(), order)
        page_size = self.page_size if page_size is None else page_size
        if page_size:
            query = query.limit(page_size)
        if page and page_size:
            query = query.offset(page * page_size)
        return query

    def get_one(self, id):
        pk = id_or_404(id)
        row = self.scoped_query().where(self.model._meta.primary_key == pk).first()
        if row is None:
            abort(404)
        return row

    # -- list arguments: parsed by views/core/params.py, never trusted ---------------------
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
