"""Schema migrations: numbered steps that upgrade any older database without losing data."""

import datetime as dt

from peewee import DateTimeField, IntegerField, Model

from . import (
    m0001_initial,
    m0002_districts,
    m0003_participations_requests,
    m0004_documents,
    m0005_hours,
    m0006_accounts,
    m0007_history_participation,
    m0008_umlaut_spellings,
    m0009_versions,
    m0010_commissions,
    m0011_procedures,
    m0012_exports,
    m0013_indexes,
    m0014_commission_moves,
    m0015_commission_reports,
    m0016_assessments,
    m0017_list_exports,
    m0018_project_holiday_region,
    m0019_contact_indexes,
    m0020_api_tokens,
    m0021_login_times,
)

# Each step: (version, module with an `upgrade(database)` function). Append, never edit.
STEPS = [(1, m0001_initial), (2, m0002_districts), (3, m0003_participations_requests),
         (4, m0004_documents), (5, m0005_hours), (6, m0006_accounts),
         (7, m0007_history_participation), (8, m0008_umlaut_spellings),
         (9, m0009_versions), (10, m0010_commissions), (11, m0011_procedures),
         (12, m0012_exports), (13, m0013_indexes),
         (14, m0014_commission_moves), (15, m0015_commission_reports),
         (16, m0016_assessments), (17, m0017_list_exports),
         (18, m0018_project_holiday_region), (19, m0019_contact_indexes),
         (20, m0020_api_tokens), (21, m0021_login_times)]
LATEST = max(version for version, _step in STEPS)


class SchemaVersion(Model):
    """One row per applied step."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        table_name = "schema_version"


def current_version(database) -> int:
    """The highest applied step, 0 for an empty database."""
    with SchemaVersion.bind_ctx(database):
        if not SchemaVersion.table_exists():
            return 0
        row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
        return row.version if row else 0


def applied_versions(database) -> set[int]:
    """The steps recorded as applied."""
    with SchemaVersion.bind_ctx(database):
        if not SchemaVersion.table_exists():
            return set()
        return {row.version for row in SchemaVersion.select(SchemaVersion.version)}


def upgrade(database, target: int = LATEST) -> list[int]:
    """Apply every step up to `target` not applied yet, in order; returns the applied ones.

    Every missing step runs, not only those above the highest applied one: a database that
    ran a later step first (branches merged in another order) still gets the earlier one."""
    applied = []
    with SchemaVersion.bind_ctx(database):
        database.create_tables([SchemaVersion], safe=True)
        done = applied_versions(database)
        for version, step in STEPS:
            if version not in done and version <= target:
                with database.atomic():
                    step.upgrade(database)
                    SchemaVersion.create(version=version)
                applied.append(version)
    return applied
