"""Bulk editing for administrators: choose rows, fields and values, confirm, get a report."""

from flask import abort, flash, request
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext

BULK_FORM_PREFIX = "value-"


def shown_value(field) -> str:
    """The value a form field holds, as the user chose it (labels for choices)."""
    if hasattr(field, "loader"):
        # An autocomplete picker: the label its lookup gives the chosen row.
        chosen = field.loader.format(field.data)
        return str(chosen[1]) if chosen else "–"
    if hasattr(field, "iter_choices"):
        for choice in field.iter_choices():
            if choice[2]:
                return str(choice[1])
        return "–"
    if field.type == "BooleanField":
        return gettext("Yes") if field.data else gettext("No")
    return field._value() or "–"


def confirmed_versions() -> dict:
    """{row id: version} as the confirm page showed them ('id:version,...')."""
    versions = {}
    for pair in request.form.get("versions", "").split(","):
        key, _sep, value = pair.partition(":")
        if key.isascii() and key.isdigit() and value.isascii() and value.isdigit():
            versions[key] = int(value)
    return versions


class BulkEditMixin:
    """Adds the 'edit selected' action and its pages; views list `bulk_edit_fields`."""

    bulk_edit_fields: tuple[str, ...] = ()
    bulk_template = "admin/fallakte/bulk_edit.html"

    @action("bulk_edit", lazy_gettext("Edit selected"))
    def action_bulk_edit(self, ids):
        return self._bulk_page(ids)

    @expose("/bulk-edit/", methods=("GET", "POST"))
    def bulk_edit_view(self):
        """GET: all rows of the current filter; POST: the steps choose → confirm → apply."""
        if not self.is_action_allowed("bulk_edit"):
            abort(403)
        if request.method == "GET":
            return self._bulk_page(self._filtered_ids())
        ids = [i for i in request.form.get("ids", "").split(",") if i]
        step = request.form.get("step", "choose")
        form, chosen = self._bulk_value_form(), self._chosen_fields()
        if step == "choose" or not chosen or not self._bulk_valid(form, chosen):
            if step != "choose" and not chosen:
                flash(gettext("Please choose at least one field to change."), "danger")
            return self._bulk_page(ids, form=form, chosen=chosen)
        if step == "confirm":
            rows = self.scoped_rows(ids)
            # The versions the user confirms: a row changed before "apply" is skipped.
            versions = ",".join(f"{row._pk}:{row.version}" for row in rows
                                if "version" in row._meta.fields)
            return self._bulk_page(ids, form=form, chosen=chosen, step="apply",
                                   count=len(rows), versions=versions)
        return self._bulk_apply(ids, form, chosen, confirmed_versions())

    def _filtered_ids(self):
        view_args = self._get_list_extra_args()
        _count, query = self.get_list(0, None, None, view_args.search, view_args.filters,
                                      execute=False, page_size=0)
        return [str(row._pk) for row in query]

    def _bulk_value_form(self):
        form_class = self.get_edit_form()
        data = request.form if request.method == "POST" else None
        form = form_class(data, prefix=BULK_FORM_PREFIX.rstrip("-"))
        return self._scope_pickers(form)

    def _chosen_fields(self):
        if request.method != "POST":
            return []
        wanted = request.form.getlist("fields")
        return [name for name in self.bulk_edit_fields if name in wanted]

    def _bulk_valid(self, form, chosen) -> bool:
        valid = True
        for name in chosen:
            if not form[name].validate(form):
                valid = False
        return valid

    def _bulk_page(self, ids, form=None, chosen=(), step="confirm", count=None, versions=""):
        form = form if form is not None else self._bulk_value_form()
        fields = [form[name] for name in self.bulk_edit_fields if name in form]
        return self.render(self.bulk_template, ids=",".join(str(i) for i in ids),
                           selected=len(ids), fields=fields, chosen=list(chosen), step=step,
                           count=count, return_url=self.get_url(".index_view"),
                           shown=shown_value, versions=versions)

    def _bulk_apply(self, ids, form, chosen, versions):
        from models.core.clock import now
        from models.core.errors import DomainError
        from models.core.history import field_changes
        from models.core.records import update_record
        from models.core.text import N_
        from views.core.context import acting_user

        def apply(row):
            old = dict(row.__data__)
            if "version" in old and str(row._pk) in versions:
                old["version"] = versions[str(row._pk)]
            for name in chosen:
                form[name].populate_obj(row, name)
            if not field_changes(row, old):
                raise DomainError(N_("already has these values"))
            update_record(row, old, acting_user(), now())

        report = self.run_bulk(ids, apply)
        return self.render(self.bulk_template, step="report", report=report,
                           chosen_labels=[form[name].label.text for name in chosen],
                           return_url=self.get_url(".index_view"), ids="", fields=[],
                           chosen=chosen, selected=len(ids), count=None)
