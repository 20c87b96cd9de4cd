"""The start page: who is logged in and the lists they may open."""

from flask import redirect, url_for
from flask_admin import AdminIndexView, expose
from flask_babel import gettext
from flask_login import current_user


class HomeView(AdminIndexView):
    """Start page; requires a session like every other page."""

    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login"))

    @expose("/")
    def index(self):
        links = [
            (view.name, url_for(f"{view.endpoint}.index_view"))
            for view in self.admin._views
            if view is not self and hasattr(view, "model") and view.is_visible()
            and view.is_accessible()
        ]
        role_label = gettext(current_user.role_enum.label)
        return self.render("admin/fallakte/home.html", links=links, role_label=role_label)
