"""Saved list layouts (001 §7.2): visible columns and their order, sort and filters per user
and list; a reset returns to the list's defaults."""

import datetime as dt
from urllib.parse import parse_qsl, urlencode

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from models.accounts.models import User
from models.core import clock
from models.core.base import BaseModel
from models.core.text import N_

# List arguments a layout keeps: sort (by column name), direction, filters, page size.
KEPT_ARGUMENTS = ("sort", "desc", "page_size")


class ListLayout(BaseModel):
    """One user's layout of one list."""

    user = ForeignKeyField(User, backref="list_layouts", on_delete="CASCADE",
                           verbose_name=N_("User"))
    view = CharField(max_length=80, verbose_name=N_("List"))
    # Visible column names in their order; empty = the list's defaults.
    columns = TextField(default="", verbose_name=N_("Columns"))
    # Sort and filters as URL arguments, the sort given by column name.
    arguments = TextField(default="", verbose_name=N_("Sort and filters"))
    updated_at = DateTimeField(default=clock.now, verbose_name=N_("Changed"))

    verbose_name, verbose_name_plural = N_("List layout"), N_("list layouts")

    class Meta:
        indexes = ((("user", "view"), True),)

    @property
    def column_names(self) -> list[str]:
        """The saved column names, in order."""
        return [name for name in self.columns.split(",") if name]

    @property
    def argument_pairs(self) -> list[tuple[str, str]]:
        """The saved sort and filter arguments."""
        return parse_qsl(self.arguments, keep_blank_values=True)


def layout_of(user: User, view: str) -> ListLayout | None:
    """The saved layout of `view` for `user`, or None."""
    return ListLayout.get_or_none((ListLayout.user == user.id) & (ListLayout.view == view))


def keep_arguments(pairs) -> list[tuple[str, str]]:
    """Only the arguments a layout keeps (no page number, no search)."""
    return [(k, v) for k, v in pairs if k in KEPT_ARGUMENTS or k.startswith("flt")]


def save_layout(user: User, view: str, now: dt.datetime, columns=None, arguments=None):
    """Store the columns and/or the sort and filters of `view` for `user`."""
    layout = layout_of(user, view) or ListLayout(user=user, view=view)
    if columns is not None:
        layout.columns = ",".join(columns)
    if arguments is not None:
        layout.arguments = urlencode(keep_arguments(arguments))
    layout.updated_at = now
    layout.save()
    return layout


def reset_layout(user: User, view: str | None = None) -> int:
    """Forget the layout of one list (or of every list); returns how many were removed."""
    query = ListLayout.delete().where(ListLayout.user == user.id)
    if view is not None:
        query = query.where(ListLayout.view == view)
    return query.execute()
