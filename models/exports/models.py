"""The data-export record and the codebook versions (DOMAIN J, 001 §8)."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from models.accounts.models import User
from models.core import clock
from models.core.base import BaseModel
from models.core.labels import LabelledEnum
from models.core.text import N_


class ExportKind(LabelledEnum):
    """Which export: one row per valid request (§8.1) or the delivered hours (§8.2)."""

    REQUESTS = "requests", N_("Data export requests")
    HOURS = "hours", N_("Delivered hours")
    # A list's Excel export of more than LIST_QUEUE_ROWS rows (views/core/export_view.py).
    LIST = "list", N_("List export")


class DataScope(LabelledEnum):
    """Personal (pb) or non-personal (npb) data, never both in one file."""

    PERSONAL = "pb", N_("personal (pb)")
    NON_PERSONAL = "npb", N_("non-personal (npb)")


class ExportStatus(LabelledEnum):
    """Where an export stands."""

    SCHEDULED = "scheduled", N_("scheduled")
    QUEUED = "queued", N_("queued")
    RUNNING = "running", N_("running")
    DONE = "done", N_("done")
    FAILED = "failed", N_("failed")


class CodebookVersion(BaseModel):
    """One version of the code definitions; a change of any code list makes a new one."""

    number = IntegerField(unique=True, verbose_name=N_("Version"))
    fingerprint = CharField(max_length=64, verbose_name=N_("Fingerprint"))
    # The column definitions as JSON, so that an old codebook can be written again.
    definition = TextField(verbose_name=N_("Definition"))
    valid_from = DateTimeField(verbose_name=N_("Valid from"))
    valid_to = DateTimeField(null=True, verbose_name=N_("Valid to"))

    verbose_name, verbose_name_plural = N_("Codebook"), N_("codebooks")


class DataExport(BaseModel):
    """A data export a user requested: produced now or on its scheduled date."""

    kind = CharField(max_length=20, choices=ExportKind.choices(), verbose_name=N_("Type"))
    scope = CharField(max_length=3, choices=DataScope.choices(), verbose_name=N_("Data"))
    period_from = DateField(null=True, verbose_name=N_("From"))
    period_to = DateField(null=True, verbose_name=N_("To"))
    # The "Abzugszeitpunkt": empty = now; a date = produced at 06:00 local time that day.
    scheduled_on = DateField(null=True, verbose_name=N_("Scheduled for"))
    status = CharField(max_length=10, default=ExportStatus.QUEUED, index=True,
                       choices=ExportStatus.choices(), verbose_name=N_("Status"))
    progress = IntegerField(default=0, verbose_name=N_("Progress"))
    row_count = IntegerField(null=True, verbose_name=N_("Rows"))
    creator = ForeignKeyField(User, on_delete="RESTRICT", verbose_name=N_("Created by"))
    stored_name = CharField(max_length=32, null=True, verbose_name=N_("File"))
    # When the data were taken (the reference "now" of the period); set by the production.
    taken_at = DateTimeField(null=True, verbose_name=N_("Taken at"))
    codebook = ForeignKeyField(CodebookVersion, null=True, on_delete="RESTRICT",
                               verbose_name=N_("Codebook"))
    # A msgid shown on the page when the production failed (the trace goes to the log only).
    error = CharField(max_length=200, null=True, verbose_name=N_("Error"))
    created_at = DateTimeField(default=clock.now, index=True, verbose_name=N_("Created"))
    # A list export: the list (its endpoint), its filter, search and sort (the query string
    # of the list page) and its name for the file (step 17).
    list_endpoint = CharField(max_length=60, null=True, verbose_name=N_("List"))
    list_args = TextField(null=True, verbose_name=N_("Filter"))
    title = CharField(max_length=120, null=True, verbose_name=N_("Title"))

    history_relation = "data_export"
    verbose_name, verbose_name_plural = N_("Data export"), N_("data exports")

    def history_participation(self) -> int | None:
        return None
