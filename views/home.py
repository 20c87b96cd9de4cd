"""The start page: the work queues of the user's role with their counts, each a link to the
list that shows exactly its rows, and the lists the user may open."""

from flask import redirect, url_for
from flask_admin import AdminIndexView, expose
from flask_babel import gettext
from flask_login import current_user

from models.core.clock import today
from models.core.queues import queue_counts
from views.core.context import acting_user
from views.home_charts import home_charts


class HomeView(AdminIndexView):
    """Start page; requires a session like every other page."""

    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login"))

    def work_queues(self) -> list[tuple[str, int, str]]:
        """(German label, count, address) of each queue of the user's role."""
        return [(gettext(queue.label), count, url_for(queue.endpoint, **queue.arguments))
                for queue, count in queue_counts(acting_user(), today())]

    @expose("/")
    def index(self):
        links = [
            (view.name, view.menu.get_url())
            for view in self.admin._views
            if view is not self and hasattr(view, "model") and view.is_visible()
            and view.is_accessible()
        ]
        role_label = gettext(current_user.role_enum.label)
        return self.render("admin/fallakte/home.html", links=links, role_label=role_label,
                           queues=self.work_queues(), charts=home_charts(acting_user(), today()))
