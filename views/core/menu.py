"""The menu: an entry may open another address per user than the plain list (a clerk's
requests open the new requests of their body). Flask-Admin caches each entry's address once
per process; ours asks the view at every page."""

from flask_admin import Admin
from flask_admin.menu import MenuView


class ViewMenu(MenuView):
    """A menu entry whose address the view chooses per request (`menu_url`), if it has one."""

    def get_url(self):
        chooser = getattr(self._view, "menu_url", None)
        return chooser() if chooser is not None else super().get_url()


class FallakteAdmin(Admin):
    """Flask-Admin with ViewMenu entries."""

    def _add_view_to_menu(self, view) -> None:
        self.add_menu_item(ViewMenu(view.name, view), view.category)
