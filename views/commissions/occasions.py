"""The list of occasion-based accesses ("Anlassbezogene Zugriffe", 004 §1.3): administrators
read every one, a clerk their own; they are opened on the commission page, never edited."""

from flask_babel import lazy_gettext

from models.accounts.models import User
from models.commissions.occasions import Occasion, OccasionAccess
from views.core.base import FallakteModelView
from views.core.formatting import choice_formatter


class OccasionAccessView(FallakteModelView):
    """Who opened which commission's data when, for which occasion and why."""

    column_list = ("id", "commission", "user", "occasion", "reason", "opened_at", "day")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {
        "commission": lambda _v, _c, row, _n: f"A{row.commission_id}",
        "user": lambda _v, _c, row, _n: row.user.full_name,
        "occasion": choice_formatter(Occasion.choices()),
    }
    column_sortable_list = ("id", "opened_at", "day", "occasion")
    column_default_sort = ("opened_at", True)
    column_filters = ("occasion", "opened_at", "day")
    allow_create = allow_edit = allow_delete = False

    def base_query(self):
        return (OccasionAccess.select(OccasionAccess, User)
                .join(User, on=(OccasionAccess.user == User.id)))

    def prejoined_models(self):
        return {User}
