"""Persons and the master data around them: providers, projects, funding bodies."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from markupsafe import Markup, escape
from wtforms import SelectField, StringField
from wtforms.validators import Optional

from models.core.access import visible
from models.core.clock import today
from models.core.errors import DomainError, ValidationError
from models.core.roles import Role, may_read_personal
from models.people.access import agreement_projects
from models.people.catalogues import nationality_choices
from models.people.funding_bodies import find_funding_bodies
from models.people.models import (
    GENDERS,
    DuplicatePerson,
    FundingBody,
    Person,
    Project,
    find_persons,
    name_condition,
)
from models.procedures.operations import planners_to_ask
from views.core.base import FallakteModelView
from views.core.context import acting_user, reads_statistics_only
from views.core.fields import GermanDateField
from views.core.formatting import choice_formatter, translate_error
from views.core.forms import SecureForm
from views.sections.correction_list import CorrectionListMixin
from views.sections.disability import DisabilityProofsMixin
from views.sections.npb import FACT_LABELS, PersonFactsMixin, fact_filters, fact_formatters
from views.sections.pickers import PROJECT_PICKER
from views.sections.procedures import ProceduresSectionMixin


def _nationality_choices():
    return [(code, lazy_gettext(label)) for code, label in nationality_choices()]


def _projects_to_pick():
    """The projects a new person may be added to: for a planner those of providers under an
    agreement with its body (000); otherwise every project (narrowed by `pickable`)."""
    user = acting_user()
    if user.role == Role.PLANNER and request.endpoint.endswith(".create_view"):
        return Project.select().where(Project.id.in_(agreement_projects(user, today())))
    return Project.select()


class PersonFindForm(SecureForm):
    """Search before create: SVNR or file number, or names and birth date."""

    svnr = StringField(lazy_gettext("Social-security or file number"), validators=[Optional()])
    first_name = StringField(lazy_gettext("First name"), validators=[Optional()])
    last_name = StringField(lazy_gettext("Last name"), validators=[Optional()])
    birth_date = GermanDateField(lazy_gettext("Birth date"), validators=[Optional()])


class PersonView(PersonFactsMixin, DisabilityProofsMixin, ProceduresSectionMixin,
                 CorrectionListMixin, FallakteModelView):
    """Persons of the user's projects; search ignores case and diacritics."""

    column_list = ("pseudonym", "last_name", "first_name", "birth_date", "birth_year", "gender",
                   "citizenship_category", "project", "postcode", "district", "created_at")
    column_details_list = ("pseudonym", "last_name", "first_name", "birth_date", "birth_year",
                           "gender", "nationality", "citizenship_category", "svnr",
                           "file_number", "project", "lives_in_country", "country", "postcode",
                           "district", "city", "street", "created_at")
    column_labels = FACT_LABELS
    # The statistics role sees the birth year where the others see the birth date.
    statistics_columns = ("birth_year",)
    column_default_sort = ("last_name_folded", False)
    column_sortable_list = ("pseudonym", ("last_name", "last_name_folded"), "birth_date",
                            "created_at", ("project", Project.name))
    column_filters = ("birth_date", *fact_filters(), "gender", "nationality", "lives_in_country",
                      "postcode", "svnr", "created_at")
    column_formatters = {
        "gender": choice_formatter(GENDERS),
        "nationality": choice_formatter(nationality_choices()),
        **fact_formatters(lambda person: person),
    }
    column_formatters_detail = column_formatters
    # SVNR and file number come right after the names: a participation needs one of them
    # (DOMAIN A), and the form says so before anyone looks for it.
    form_columns = ("project", "first_name", "last_name", "birth_date", "svnr", "file_number",
                    "gender", "nationality", "lives_in_country", "country", "postcode", "city",
                    "street")
    form_overrides = {"nationality": SelectField}
    form_ajax_refs = {"project": {**PROJECT_PICKER, "query": _projects_to_pick}}
    form_args = {
        "nationality": {"choices": _nationality_choices()},
        "svnr": {"description": lazy_gettext(
            "Needed before a participation is created: the social-security number or, "
            "instead, the funding body's file number.")},
        "file_number": {"description": lazy_gettext(
            "Instead of the SVNR, e.g. the LWL file number.")},
    }
    bulk_edit_fields = ("project", "nationality", "lives_in_country")
    value_labels = {"nationality": dict(nationality_choices())}

    details_template = "admin/fallakte/person_details.html"

    def search_placeholder(self):
        return gettext("Name, Mel*, Person ID, SVNR")

    def get_save_return_url(self, model, is_created=False):
        """A new person opens on its page, where its participation is created next."""
        if is_created:
            return self.get_url(".details_view", id=model.id)
        return super().get_save_return_url(model, is_created)

    def person_of(self, row):
        return row

    def visible_participations(self, person):
        """The person's participations the user may see, with their projects."""
        from models.participations.models import Participation

        query = Participation.select(Participation, Project).join(Project)
        return list(self.section_rows(Participation, query)
                    .where(Participation.person == person))

    def search_condition(self, term):
        """Every word must match; statistics readers search by Person ID only."""
        words = [w for w in term.split() if w]
        if not may_read_personal(acting_user()):
            return Person.pseudonym.in_([w.upper() for w in words])
        condition = None
        for word in words:
            part = name_condition(word)
            condition = part if condition is None else condition & part
        return condition

    def row_label(self, row):
        return f"{row} ({row.pseudonym})"

    def handle_domain_error(self, form, error):
        if not isinstance(error, DuplicatePerson):
            return super().handle_domain_error(form, error)
        flash(self.duplicate_message(error.matches), "warning")

    def duplicate_message(self, matches):
        """Offer the existing records the user may see; name only the ID of the others."""
        user = acting_user()
        match_ids = [m.id for m in matches]
        visible_ids = {p.id for p in visible(Person, user).where(Person.id.in_(match_ids))}
        parts = []
        for person in matches:
            if person.id in visible_ids:
                url = self.get_url(".details_view", id=person.id)
                label = f"{person} ({person.pseudonym})"
                parts.append(Markup('<a href="{}">{}</a>').format(url, label))
            else:
                text = gettext("Person ID %(id)s in another project", id=person.pseudonym)
                parts.append(escape(text))
        return Markup("{} {}").format(
            gettext("This person exists already and was not created again:"),
            Markup(", ").join(parts),
        )

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        if not self.can_create:
            abort(403)
        if request.method == "GET" and not request.args.get("checked"):
            return redirect(self.get_url(".find_view"))
        return super().create_view()

    @expose("/find/", methods=("GET", "POST"))
    def find_view(self):
        """Search before create: show matches, then offer to create with the typed data.

        Only for roles that create persons: for anyone else it would be a lookup by name,
        birth date or file number."""
        if not self.can_create:
            flash(gettext("Only users who may create persons can search before creating one."),
                  "danger")
            return redirect(self.get_url(".index_view"))
        form = PersonFindForm(request.form if request.method == "POST" else None)
        results, others, searched = [], 0, False
        if request.method == "POST" and form.validate():
            searched = True
            try:
                results, others = self._find(form)
            except DomainError as error:
                flash(translate_error(error), "danger")
                searched = False
        create_url = None
        if searched:
            create_url = self.get_url(".create_view", checked=1, **self._prefill(form))
        return self.render("admin/fallakte/person_find.html", form=form,
                           results=self.find_rows(results), others=others, searched=searched,
                           show_personal=not reads_statistics_only(), create_url=create_url,
                           planners=self.planners_text() if searched else "")

    def planners_text(self) -> str:
        """Whom to ask for a missing person: 'Name (funding body); …' (000)."""
        return "; ".join(f"{user.full_name} ({user.funding_body.name})"
                         for user in planners_to_ask(acting_user(), today()))

    def find_rows(self, persons) -> list[dict]:
        """The found persons as the results show them: the personal fields (tagged in
        `Person.personal_fields`, as for the lists) only for who may read them."""
        personal = not reads_statistics_only()
        return [{"id": p.id, "pseudonym": p.pseudonym, "name": str(p) if personal else None,
                 "birth_date": p.birth_date if personal else None, "birth_year": p.birth_year,
                 "project": p.project.name} for p in persons]

    def _find(self, form):
        found = find_persons(Person.select(), form.svnr.data, form.first_name.data,
                             form.last_name.data, form.birth_date.data)
        found_ids = [p.id for p in found.limit(200)]
        # The scoped list query (project joined): only persons the user may see.
        mine = list(self.get_query().where(Person.id.in_(found_ids)).limit(50))
        return mine, len(found_ids) - len(mine)

    def _prefill(self, form):
        data = {"first_name": form.first_name.data, "last_name": form.last_name.data}
        if form.birth_date.data:
            data["birth_date"] = form.birth_date.data.strftime("%d.%m.%Y")
        if form.svnr.data and form.svnr.data.replace(" ", "").isdigit():
            data["svnr"] = form.svnr.data
        elif form.svnr.data:
            data["file_number"] = form.svnr.data
        return {key: value for key, value in data.items() if value}


class ProviderView(FallakteModelView):
    column_list = ("name", "city")
    column_searchable_list = ("name", "city")
    form_columns = ("name", "city")


class ProjectView(FallakteModelView):
    column_list = ("name", "provider", "region", "holiday_region")
    column_searchable_list = ("name", "region")
    form_columns = ("provider", "name", "region", "holiday_region")


class FundingBodyFindForm(SecureForm):
    """Search before create: the name (words in any order) and the city."""

    name = StringField(lazy_gettext("Name"), validators=[Optional()])
    city = StringField(lazy_gettext("City"), validators=[Optional()])


class FundingBodyView(FallakteModelView):
    """Funding bodies; a new one only after a search for it (DOMAIN F)."""

    column_list = ("name", "kind", "city")
    column_searchable_list = ("name", "kind", "city")
    form_columns = ("name", "kind", "city")

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        if not self.can_create:
            abort(403)
        if request.method == "GET" and not request.args.get("checked"):
            return redirect(self.get_url(".find_view"))
        return super().create_view()

    @expose("/find/", methods=("GET", "POST"))
    def find_view(self):
        """Search before create, only for roles that create funding bodies; the results are
        the bodies the user sees."""
        if not self.can_create:
            flash(gettext("Only users who may create funding bodies can search before "
                          "creating one."), "danger")
            return redirect(self.get_url(".index_view"))
        form = FundingBodyFindForm(request.form if request.method == "POST" else None)
        results, create_url = [], None
        if request.method == "POST":
            try:
                results = find_funding_bodies(self.get_query(), form.name.data, form.city.data)
            except ValidationError as error:
                form.name.errors = [gettext(m) for m in error.errors.values()]
            else:
                create_url = self.get_url(".create_view", checked=1, **{
                    key: value for key, value in (("name", form.name.data),
                                                  ("city", form.city.data)) if value})
        return self.render("admin/fallakte/funding_body_find.html", form=form,
                           results=results, create_url=create_url)


__all__ = ["PersonView", "ProviderView", "ProjectView", "FundingBodyView", "FundingBody",
           "url_for"]
