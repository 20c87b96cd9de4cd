"""Database handle and base model shared by every domain module."""

from peewee import BooleanField, CharField, DatabaseProxy, IntegerField, Model

import models.core.sql_building  # noqa: F401 (builds each IN subquery once)
from models.core.errors import ValidationError
from models.core.text import N_

db = DatabaseProxy()


class BaseModel(Model):
    """Base of every Fallakte table."""

    # Field names that hold personal data (pb); everything else is non-personal (npb).
    personal_fields: tuple[str, ...] = ()
    # The relation name used in the history ("person", "participation", ...).
    history_relation: str | None = None
    # True where a deletion takes the record's own history with it (WABA: a deleted
    # participation's entries "gehen unwiderruflich verloren"); one "deleted" entry stays.
    history_goes_with_record: bool = False
    # {field: ((code, msgid), ...) or a function returning them} for fields whose stored codes
    # have labels but no peewee `choices` (lists of codes, long catalogues): histories and
    # exports show the labels.
    field_labels: dict = {}
    # {field: model} for text fields holding a JSON object of another model's fields (a frozen
    # snapshot): shown as that model's fields with their labels.
    snapshot_fields: dict = {}
    # True for records that grow with the cases (one or more per person): a list filter on a
    # relation to them asks for the record's number instead of offering every record as an
    # option (20 000 options in every list page's filter menu).
    filter_by_number: bool = False
    # Msgids of the German names, shown in messages about this kind of record.
    verbose_name: str = "record"
    verbose_name_plural: str = "records"

    class Meta:
        database = db
        legacy_table_names = False

    def history_label(self) -> str:
        """A label for the history that carries no personal data."""
        return f"#{self._pk}"

    def history_participation(self) -> int | None:
        """The id of the participation whose history this record's entries belong to (they go
        with it when it is deleted, DOMAIN B), or None; a record pointing at a participation
        (request, document, delivered hours, care case) belongs to it."""
        return self.__data__.get("participation")

    def history_condition(self):
        """The history entries that belong to this record (models.documents adds its own)."""
        from models.core.history import HistoryEntry

        return ((HistoryEntry.relation == self.history_relation)
                & (HistoryEntry.record_id == self._pk))

    def history_with_record(self):
        """The entries a deletion takes along where `history_goes_with_record`."""
        return self.history_condition()


class VersionedModel(BaseModel):
    """A record users edit: its version rises with every change, and an edit based on an
    older version is refused (optimistic locking, models.records.update_record)."""

    version = IntegerField(default=0, verbose_name=N_("Version"))

    # Fields only the record's own transitions write (status, frozen data): an edit never
    # does, whatever the edited copy holds.
    workflow_fields: tuple[str, ...] = ()


def refuse_move(instance, old: dict | None, parent: str, message: str) -> None:
    """Raise when an edit moves `instance` to another `parent` record (a field name): rows stay
    with the record they were created for, so that the rules of the old one cannot be
    bypassed by picking a new one, and its history keeps them."""
    if old is not None and old.get(parent) != instance.__data__.get(parent):
        raise ValidationError({parent: message})


class CatalogueModel(VersionedModel):
    """An entry of a catalogue that administrators keep (tasks, results, life areas): a unique
    name, switched off instead of deleted once in use. Subclasses name their own table."""

    name = CharField(max_length=200, unique=True, verbose_name=N_("Name"))
    active = BooleanField(default=True, verbose_name=N_("Active"))

    def __str__(self):
        return self.name
