"""Saved list layouts for every list (001 §7.2): columns and their order, sort and filters per
user and list; opening a list from the menu restores them; a reset returns to the defaults."""

from urllib.parse import urlencode

from flask import abort, flash, g, has_request_context, redirect, request
from flask_admin import expose
from flask_babel import gettext
from flask_login import current_user
from wtforms import Form

from models.accounts.layouts import keep_arguments, layout_of, reset_layout, save_layout
from views.core.forms import PostedForm
from views.core.params import parse_int


def _user():
    return current_user._get_current_object()


class ListLayoutMixin:
    """Adds per-user layouts to a model view; `apply_layout` orders the visible columns."""

    layout_template = "admin/fallakte/layout.html"

    def saved_layout(self):
        """The user's layout of this list (looked up once per request)."""
        if not (has_request_context() and current_user.is_authenticated):
            return None
        cache = g.setdefault("fallakte_layouts", {})
        if self.endpoint not in cache:
            cache[self.endpoint] = layout_of(_user(), self.endpoint)
        return cache[self.endpoint]

    def apply_layout(self, columns):
        """`columns` ((name, label) pairs) as the user arranged them; unknown names dropped."""
        layout = self.saved_layout()
        if layout is None or not layout.column_names:
            return columns
        by_name = dict(columns)
        chosen = [(name, by_name[name]) for name in layout.column_names if name in by_name]
        return chosen or columns

    def _column_index(self, name):
        for index, (column, _label) in enumerate(self._list_columns):
            if column == name:
                return index
        return None

    def restored_arguments(self):
        """The saved sort and filters as list URL arguments (sort by its current index)."""
        layout = self.saved_layout()
        if layout is None:
            return []
        arguments = []
        for key, value in layout.argument_pairs:
            if key == "sort":
                index = self._column_index(value)
                if index is None or not self.is_sortable(value):
                    continue
                value = str(index)
            arguments.append((key, value))
        return arguments

    @expose("/")
    def index_view(self):
        # A list opened without any argument (from the menu) shows the saved sort and filters;
        # every link Flask-Admin builds inside the list carries page_size, so it stays as is.
        if request.method == "GET" and not request.args:
            arguments = self.restored_arguments()
            if arguments:
                return redirect(self.get_url(".index_view") + "?" + urlencode(arguments))
        return super().index_view()

    # -- the layout page ----------------------------------------------------------------
    def _all_columns(self):
        return self._hide_personal(self.__dict__.get("_all_list_columns", []))

    @expose("/layout/", methods=("GET", "POST"))
    def layout_view(self):
        """Choose the visible columns and their order; save the current sort and filters."""
        columns = self._all_columns()
        current = [name for name, _label in self._list_columns]
        if request.method == "POST":
            if not PostedForm().validate_on_submit():
                abort(400)
            if "reset" in request.form:
                reset_layout(_user(), self.endpoint)
                flash(gettext("The list shows its default layout again."), "success")
                return redirect(self.get_url(".index_view", page_size=self.page_size))
            chosen = self._chosen_columns(columns)
            if not chosen:
                flash(gettext("Please choose at least one column."), "danger")
            else:
                save_layout(_user(), self.endpoint, _now(), columns=chosen)
                flash(gettext("The layout of the list has been saved."), "success")
                return redirect(self.get_url(".index_view"))
        positions = {name: index + 1 for index, name in enumerate(current)}
        rows = sorted(columns, key=lambda c: positions.get(c[0], len(columns) + 1))
        return self.render(self.layout_template, rows=rows, shown=set(current),
                           positions=positions, count=len(columns),
                           list_url=self.get_url(".index_view"), form=Form())

    def _chosen_columns(self, columns):
        known = {name for name, _label in columns}
        chosen = []
        for name, _label in columns:
            if request.form.get(f"show-{name}") and name in known:
                position = request.form.get(f"position-{name}", "")
                chosen.append((parse_int(position, 999, 0, 999), name))
        return [name for _position, name in sorted(chosen)]

    @expose("/layout/save/", methods=("POST",))
    def layout_save_view(self):
        """Keep the sort and filters the list shows now for the next visit."""
        if not PostedForm().validate_on_submit():
            abort(400)
        pairs = [(k, v) for k, v in request.args.items(multi=True)]
        kept = []
        for key, value in keep_arguments(pairs):
            if key == "sort":
                column = self._get_column_by_idx(parse_int(value, None, 0, 999))
                if column is None:
                    continue
                value = column[0]
            kept.append((key, value))
        save_layout(_user(), self.endpoint, _now(), arguments=kept)
        flash(gettext("Sort and filters of this list have been saved for your next visit."),
              "success")
        return redirect(self.get_url(".index_view", **request.args))


def _now():
    from models.core.clock import now

    return now()
