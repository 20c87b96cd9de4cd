"""Proof of disability: shown on the person page, entered on its own form (004 §6)."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from models.core.access import visible
from models.core.clock import now
from models.core.roles import may_read_personal
from models.disability.models import (
    DEGREES,
    MAX_CONDITION_NAME,
    NOTICE_KINDS,
    Condition,
    DisabilityProof,
    conditions_of,
    save_proof,
)
from models.people.models import Person
from views.core.base import FallakteModelView
from views.core.columns import person_label
from views.core.context import acting_user
from views.core.fields import FormTranslations, GermanDateField
from views.core.formatting import choice_formatter
from views.core.forms import SecureForm
from views.core.locking import VersionField, values_before_edit
from views.core.params import choice_number, id_or_404
from views.sections.disability import conditions_text
from views.sections.documents import DocumentsMixin

PROOF_FIELDS = ("notice_kind", "notice_date", "effective_from", "degree_of_disability", "note")
# Empty rows the form offers for more conditions (the page works without JavaScript).
SPARE_ROWS = 3


class ConditionForm(Form):
    """One row of the list of disabilities."""

    class Meta:
        def get_translations(self, form):
            return FormTranslations()

    name = StringField(lazy_gettext("Disability"),
                       validators=[Optional(), Length(max=MAX_CONDITION_NAME)])
    not_recognised = BooleanField(lazy_gettext("not recognised"))


def _degree(value):
    return choice_number(value)


class ProofForm(SecureForm):
    """The notice, its dates and degree, and the disabilities it names."""

    notice_kind = SelectField(lazy_gettext("Kind of notice"),
                              choices=[(k, lazy_gettext(v)) for k, v in NOTICE_KINDS])
    notice_date = GermanDateField(lazy_gettext("Date of the notice"), validators=[
        InputRequired(lazy_gettext("Please enter the date of the notice."))])
    effective_from = GermanDateField(lazy_gettext("Effective from (if the notice says so)"),
                                     validators=[Optional()])
    degree_of_disability = SelectField(
        lazy_gettext("Degree of disability"), coerce=_degree,
        choices=[("", lazy_gettext("please choose"))] + [(str(d), str(d)) for d in DEGREES],
        validators=[InputRequired(lazy_gettext("Please choose the degree of disability."))])
    conditions = FieldList(FormField(ConditionForm))
    note = TextAreaField(lazy_gettext("Note"), validators=[Optional(), Length(max=2000)])
    version = VersionField()


def proof_form(proof, creating: bool):
    """The form for `proof` with its disabilities, and spare rows for more."""
    if request.method == "POST":
        form = ProofForm(request.form)
        relevant = request.form.get("relevant", "")
    else:
        form = ProofForm(None)
        relevant = fill_proof_form(form, proof, [] if creating else conditions_of(proof))
    filled = sum(1 for row in form.conditions if row.form.name.data)
    while len(form.conditions) < filled + SPARE_ROWS:
        form.conditions.append_entry()
    form.relevant_row = relevant
    return form


def fill_proof_form(form, proof, rows) -> str:
    """Fill `form` with `proof` and its disabilities `rows`; returns the relevant row."""
    form.process(None, obj=proof, data={"conditions": [
        {"name": name, "not_recognised": not_recognised}
        for name, _relevant, not_recognised in rows]})
    # Usually the first disability of the notice is the relevant one (004 §6).
    return str(next((i for i, row in enumerate(rows) if row[1]), 0))


def conditions_from(form) -> list[Condition]:
    """The typed conditions; the radio button 'relevant' names the row."""
    chosen = form.relevant_row
    return [Condition(row.form.name.data or "", str(index) == chosen,
                      bool(row.form.not_recognised.data))
            for index, row in enumerate(form.conditions)]


class DisabilityProofView(DocumentsMixin, FallakteModelView):
    """Proofs of disability; reached from the person page, not from the menu."""

    column_list = ("person", "notice_kind", "notice_date", "effective_from",
                   "degree_of_disability")
    column_formatters = {"notice_kind": choice_formatter(NOTICE_KINDS),
                         "person": lambda _v, _c, row, _n: person_label(row.person)}
    # The disabilities are kept with the proof and named in its history as "conditions".
    column_labels = {"conditions": lazy_gettext("Disabilities of this notice")}
    form_template = "admin/fallakte/disability_proof_form.html"

    def is_visible(self):
        return False

    def base_query(self):
        return DisabilityProof.select(DisabilityProof, Person).join(Person)

    def prejoined_models(self):
        return {Person}

    def record_title(self, row):
        return gettext("Proof of disability: %(person)s", person=person_label(row.person))

    def history_value_text(self, name, value):
        if name == "conditions" and may_read_personal(acting_user()):
            return conditions_text(value)
        return super().history_value_text(name, value)

    @expose("/details/")
    def details_view(self):
        """A proof is shown on its person's page."""
        row = self.get_one(request.args.get("id"))
        return redirect(url_for("person.details_view", id=row.person_id,
                                _anchor=f"proof-{row.id}"))

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        """A new proof for the person of `?person=`; without one, the user picks the person."""
        if not self.can_create:
            abort(403)
        if not request.args.get("person"):
            flash(gettext("Open the person first: proofs of disability are added on the "
                          "person's page."), "info")
            return redirect(url_for("person.index_view"))
        person = visible(Person, acting_user()).where(
            Person.id == id_or_404(request.args.get("person"))).first()
        if person is None:
            abort(404)
        return self._form_page(DisabilityProof(person=person), None)

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        """Change a proof and its list of disabilities."""
        proof = self.get_one(request.args.get("id"))
        if not self.can_edit:
            abort(403)
        return self._form_page(proof, dict(proof.__data__))

    def _form_page(self, proof, old):
        form = proof_form(proof, creating=old is None)
        if old is not None:
            old = values_before_edit(form, proof)
        if request.method == "POST" and form.validate():
            for name in PROOF_FIELDS:
                setattr(proof, name, form[name].data)
            conditions = conditions_from(form)
            if self.write(form, lambda: save_proof(proof, old, conditions, acting_user(),
                                                   now())):
                flash(gettext("The proof of disability was saved."), "success")
                return redirect(url_for("person.details_view", id=proof.person_id,
                                        _anchor=f"proof-{proof.id}"))
        return self.render(self.form_template, form=form, proof=proof, creating=old is None,
                           person=person_label(proof.person),
                           back=url_for("person.details_view", id=proof.person_id))

    def refill_form(self, form, current):
        rows = conditions_of(current)
        form.relevant_row = fill_proof_form(form, current, rows)
        while len(form.conditions) < len(rows) + SPARE_ROWS:
            form.conditions.append_entry()

    def show_field_errors(self, form, errors):
        for name in ("conditions", "relevant"):
            if name in errors:
                form.conditions_errors = [*getattr(form, "conditions_errors", []),
                                          gettext(errors.pop(name))]
        super().show_field_errors(form, errors)
