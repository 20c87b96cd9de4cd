"""The commission page's sections of the employment situation newest first (004 §3.1) and the
occasion-based accesses (004 §1.3), beside those of views/commissions/pages.py; each shows only
the rows the user sees in the list of their own kind."""

from flask import flash, redirect, request
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import SelectField, TextAreaField
from wtforms.validators import Optional

from models.accounts.models import User
from models.commissions.occasions import (
    Occasion,
    OccasionAccess,
    may_open,
    open_occasion_access,
)
from models.commissions.phases import acts_for_commission
from models.commissions.situations import (
    EmploymentSituation,
    SituationKind,
    SituationStatus,
    chronology,
)
from models.core.access import may_read, may_write
from models.core.clock import now, today
from models.core.errors import DomainError, ValidationError
from views.core.context import acting_user
from views.core.formatting import label_of, translate_error
from views.core.forms import SecureForm


class OccasionForm(SecureForm):
    """Why a clerk opens all data of the commission (004 §1.3)."""

    occasion = SelectField(lazy_gettext("Occasion"), validators=[Optional()], choices=[
        ("", "–"), *[(code, lazy_gettext(label)) for code, label in Occasion.choices()]])
    reason = TextAreaField(lazy_gettext("Reason"), validators=[Optional()])


class CommissionPageMixin:
    """The employment-situation and occasion-access sections of the commission page, and the
    occasion-based access itself."""

    def page_sections(self, row) -> dict:
        """The sections of the page of `row`, each scoped like its own list."""
        user = acting_user()
        situations = list(chronology(self.section_rows(
            EmploymentSituation,
            EmploymentSituation.select().where(EmploymentSituation.commission == row.id))))
        accesses = (list(self.section_rows(OccasionAccess, OccasionAccess.select(
            OccasionAccess, User).join(User, on=(OccasionAccess.user == User.id)).where(
            OccasionAccess.commission == row.id).order_by(OccasionAccess.opened_at.desc())))
            if may_read(user, OccasionAccess) else None)
        works = acts_for_commission(row, user, today())
        return {
            "situations": situations, "accesses": accesses,
            "may_record_situation": works and may_write(user, EmploymentSituation),
            "may_confirm": works, "today": today(),
            "may_move": works and self.is_action_allowed("move"),
            "occasion_form": OccasionForm() if may_open(row, user) else None,
            "situation_label": lambda code: label_of(SituationKind.labels(), code),
            "status_label": lambda code: label_of(SituationStatus.labels(), code),
            "occasion_label": lambda code: label_of(Occasion.labels(), code),
        }

    @expose("/occasion/", methods=("POST",))
    def occasion_view(self):
        """Open all data of one commission to a clerk for today, with the reason."""
        row = self.get_one(request.args.get("id"))
        back = redirect(self.get_url(".details_view", id=row.id))
        form = OccasionForm(request.form)
        form.validate()
        try:
            open_occasion_access(row, acting_user(), now(), form.occasion.data,
                                 form.reason.data)
        except ValidationError as error:
            for message in error.errors.values():
                flash(gettext(message), "danger")
            return back
        except DomainError as error:
            flash(translate_error(error), "danger")
            return back
        flash(gettext("All data of this commission are open to you until the end of the day; "
                      "the access is recorded."), "success")
        return back
