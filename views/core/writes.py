"""Writes of the base view: forms scoped to the user, domain functions in transactions,
German messages at the fields, our delete, bulk operations with a per-row report."""

import logging
from dataclasses import dataclass, field

from flask import abort, flash, has_request_context, redirect, request, session
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.babel import gettext as admin_gettext
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_babel import gettext, ngettext
from flask_login import current_user
from peewee import IntegrityError
from werkzeug.datastructures import MultiDict
from wtfpeewee.fields import ModelSelectField, ModelSelectMultipleField

from models.core.access import may_act, pickable
from models.core.clock import now
from models.core.errors import DomainError, ValidationError
from models.core.records import ChangedMeanwhile, create_record, delete_record, update_record
from models.core.text import N_
from views.core.context import acting_user, request_state
from views.core.formatting import (
    translate_error,
    translated,
)
from views.core.locking import (
    VersionRule,
    changed_meanwhile_text,
    unsaved_entries,
    values_before_edit,
    with_version,
)
from views.core.params import parse_ids

log = logging.getLogger(__name__)

# Flask-Admin's success messages after a create and an edit ({msgid: ours}): replaced by ours,
# which name the record ("Person Müller, Anna gespeichert.").
SAVED_MESSAGES = {"Record was successfully created.": N_("%(record)s created."),
                  "Record was successfully saved.": N_("%(record)s saved.")}


@dataclass
class Report:
    """What a bulk operation did: labels of changed rows, and skipped rows with the reason."""

    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)



class DomainWritesMixin:
    """Create, edit, delete and list actions go through the domain, never straight to the table.

    `create_model`, `update_model` and `delete_model` replace Flask-Admin's, so its hooks
    `on_model_change`, `after_model_change`, `on_model_delete` and `after_model_delete` never
    fire: a view that needs more does it in the domain function it calls (`write`)."""

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
        return self.naming_saved_record(super().create_view())

    def record_name(self, row) -> str:
        """'Person Müller, Anna', 'Antrag #12 …': the kind of record and its name."""
        kind = translated(self.model.verbose_name)
        title = str(self.record_title(row))
        return title if title.startswith(kind) else f"{kind} {title}"

    def naming_saved_record(self, response):
        """Replace Flask-Admin's "Record was successfully saved." of this request by a message
        that names the saved record."""
        row = request_state().saved
        flashes = session.get("_flashes") if row is not None else None
        if not flashes:
            return response
        ours = {**SAVED_MESSAGES,
                **{admin_gettext(msgid): text for msgid, text in SAVED_MESSAGES.items()}}
        named = [(category, gettext(ours[message], record=self.record_name(row)))
                 if isinstance(message, str) and message in ours else (category, message)
                 for category, message in flashes]
        session["_flashes"] = named
        return response

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
        return self.naming_saved_record(super().edit_view())

    def edit_form(self, obj=None):
        return self._scope_pickers(super().edit_form(obj))

    # Every edit form carries the version of its record (optimistic locking, views.core.locking).
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
            saved = operation()
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
        if hasattr(saved, "_meta"):  # a record (create_record, update_record, … return it)
            request_state().saved = saved
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
        return list(self.scoped_query().where(pk.in_(parse_ids(ids))).order_by(pk))

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
        """One German summary: what succeeded ("Antrag #12 … bewilligt.", "3 Anträge
        bewilligt."), which were skipped and why."""
        if len(report.done) == 1:
            record = f"{translated(self.model.verbose_name)} {report.done[0]}"
            flash(gettext("%(record)s %(verb)s.", record=record, verb=verb_done), "success")
        elif report.done:
            flash(gettext("%(num)d %(records)s %(verb)s.", num=len(report.done),
                          records=translated(self.model.verbose_name_plural),
                          verb=verb_done), "success")
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
