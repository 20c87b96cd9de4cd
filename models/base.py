"""Database handle, base model and domain errors shared by every domain module."""

from peewee import DatabaseProxy, Model

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
    # Msgids of the German names, shown in messages about this kind of record.
    verbose_name: str = "record"
    verbose_name_plural: str = "records"

    class Meta:
        database = db
        legacy_table_names = False

    def history_label(self) -> str:
        """A label for the history that carries no personal data."""
        return f"#{self._pk}"

    def history_condition(self):
        """The history entries that belong to this record (models.documents adds its own)."""
        from .history import HistoryEntry

        return ((HistoryEntry.relation == self.history_relation)
                & (HistoryEntry.record_id == self._pk))


class DomainError(Exception):
    """A rule of the domain refused an operation; the message is a translatable msgid."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params


class ValidationError(DomainError):
    """Input broke one or more field rules: maps field name to message."""

    def __init__(self, errors: dict):
        super().__init__("Please correct the marked fields.")
        self.errors = errors


class NotPermitted(DomainError):
    """The acting user may not do this."""
