"""System announcements (001 §7.3): shown at login until dismissed, readable later."""

import datetime as dt

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from models.accounts.models import User
from models.core import clock
from models.core.base import BaseModel, VersionedModel
from models.core.errors import ValidationError
from models.core.fields import ChoiceListField
from models.core.roles import Role
from models.core.text import N_


class Announcement(VersionedModel):
    """A notice for all users or some roles, shown from one date to another."""

    title = CharField(max_length=200, verbose_name=N_("Title"))
    text = TextField(verbose_name=N_("Text"))
    # Roles that see it; empty means everybody.
    audience = ChoiceListField(default="", verbose_name=N_("Audience"))
    valid_from = DateField(default=clock.today, verbose_name=N_("Shown from"))
    valid_to = DateField(null=True, verbose_name=N_("Shown until"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))

    history_relation = "announcement"
    field_labels = {"audience": tuple(Role.choices())}
    verbose_name, verbose_name_plural = N_("Announcement"), N_("announcements")

    def __str__(self):
        return self.title

    def before_save(self, actor, old, today) -> None:
        """Title and text are needed; the end lies after the start."""
        self.title = (self.title or "").strip()
        errors = {}
        if not self.title:
            errors["title"] = N_("Please enter a title.")
        if not (self.text or "").strip():
            errors["text"] = N_("Please enter a text.")
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = N_("The end lies before the start.")
        if errors:
            raise ValidationError(errors)

    def audience_labels(self) -> list[str]:
        """Msgids of the roles in the audience (empty: everybody)."""
        return [role.label for role in Role if role in self.audience]

    def addressed_to(self, user: User) -> bool:
        """True when `user`'s role is in the audience (or the audience is everybody)."""
        return not self.audience or user.role in self.audience

    def shown_on(self, day: dt.date) -> bool:
        """True when the announcement is current on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class AnnouncementDismissal(BaseModel):
    """A user closed an announcement; it is no longer shown at login but stays readable."""

    user = ForeignKeyField(User, on_delete="CASCADE", verbose_name=N_("User"))
    announcement = ForeignKeyField(Announcement, backref="dismissals", on_delete="CASCADE",
                                   verbose_name=N_("Announcement"))
    dismissed_at = DateTimeField(verbose_name=N_("Closed"))

    verbose_name, verbose_name_plural = N_("Closed announcement"), N_("closed announcements")
    # Dismissals go with their announcement, in the transaction of its deletion; the history
    # keeps that the announcement existed.
    deleted_with_owner = True

    def delete_with_owner(self, actor, now) -> list:
        """A user's note to self: no history entry of its own."""
        self.delete_instance()
        return []

    class Meta:
        indexes = ((("user", "announcement"), True),)


def announcements_for(user: User, today: dt.date) -> list[Announcement]:
    """Every announcement addressed to `user` that has started, newest first."""
    rows = (Announcement.select().where(Announcement.valid_from <= today)
            .order_by(Announcement.valid_from.desc(), Announcement.id.desc()))
    return [row for row in rows if row.addressed_to(user)]


def pending_announcements(user: User, today: dt.date) -> list[Announcement]:
    """Current announcements addressed to `user` that they have not closed yet."""
    closed = AnnouncementDismissal.select(AnnouncementDismissal.announcement).where(
        AnnouncementDismissal.user == user.id)
    rows = (Announcement.select()
            .where((Announcement.valid_from <= today)
                   & (Announcement.valid_to.is_null() | (Announcement.valid_to >= today))
                   & Announcement.id.not_in(closed))
            .order_by(Announcement.valid_from.desc(), Announcement.id.desc()))
    return [row for row in rows if row.addressed_to(user)]


def dismiss_announcement(user: User, announcement: Announcement, now: dt.datetime) -> None:
    """Close `announcement` for `user` (closing twice changes nothing)."""
    (AnnouncementDismissal
     .insert(user=user.id, announcement=announcement.id, dismissed_at=now)
     .on_conflict_ignore().execute())
