"""Background work on Huey: data exports now or on their day, and the daily retention.

`SqliteHuey` in the instance folder is the embedded default; with `REDIS_URL` set several app
machines share one `RedisHuey`. Tests run the tasks in Huey's immediate mode (`HUEY_IMMEDIATE`,
default under TESTING). `flask --app admin_app worker` runs the consumer.

Periodic work runs at 05:00 UTC: 06:00 in Vienna in winter (CET) and 07:00 in summer (CEST),
as 001 §8 says ("um 07:00 Uhr (Sommerzeit) beziehungsweise 06:00 Uhr (Winterzeit)").
"""

import logging
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab

from models import db
from models.core import clock
from models.core.storage import FileStore
from models.exports.models import DataExport, ExportKind, ExportStatus
from models.exports.operations import (
    QueueUnavailable,
    due_exports,
    expire_exports,
    fail_export,
    mark_queued,
    produce_export,
)

log = logging.getLogger(__name__)
# 05:00 UTC = 06:00 CET (winter) = 07:00 CEST (summer), Huey evaluates crontabs in UTC.
DAILY = {"hour": "5", "minute": "0"}


@dataclass
class Tasks:
    """The app's queue and the tasks the views and commands enqueue."""

    huey: object
    store: FileStore
    produce: object
    scheduled: object
    retention: object
    enqueue: object = None


def make_huey(app):
    """RedisHuey when REDIS_URL is set, else SqliteHuey in the instance folder."""
    immediate = app.config.get("HUEY_IMMEDIATE", app.config.get("TESTING", False))
    url = app.config.get("REDIS_URL")
    name = app.config.get("HUEY_NAME", "fallakte")
    if immediate and not url:
        return MemoryHuey(name, immediate=True)
    if url:
        return RedisHuey(name, url=url, immediate=immediate)
    filename = app.config.get("HUEY_SQLITE")
    if not filename:
        folder = Path(app.instance_path)
        folder.mkdir(parents=True, exist_ok=True)
        filename = folder / "huey.sqlite3"
    return SqliteHuey(name, filename=str(filename), immediate=immediate)


def export_store(app) -> FileStore:
    """Export files live apart from the documents (their cleanup would remove them)."""
    folder = Path(app.config.get("EXPORT_FOLDER") or Path(app.instance_path) / "exports")
    return FileStore(folder.resolve())


def run_produce(app, store, export_id: int) -> None:
    """Produce one export; a failure leaves a German message on the page, the trace in the log."""
    with app.app_context(), db.connection_context():
        export = DataExport.get_or_none(DataExport.id == export_id)
        if export is None:
            return
        writer = None
        if export.kind == ExportKind.LIST:
            from views.core.export_view import write_list_export

            def writer(export, _now, path, _progress):
                return write_list_export(app, export, path)
        try:
            produce_export(export, clock.now(), store, writer)
        except Exception:
            log.exception("Data export %s failed", export_id)
            fail_export(export_id)


def run_scheduled(app, store, now) -> list[int]:
    """Produce every scheduled export whose day has come (the periodic task, `now` given)."""
    with app.app_context(), db.connection_context():
        due = [export.id for export in due_exports(now)]
        for export_id in due:
            mark_queued(DataExport.get_by_id(export_id))
    for export_id in due:
        run_produce(app, store, export_id)
    return due


def run_retention(app, store, now) -> int:
    """Delete exports older than 30 days with their files."""
    with app.app_context(), db.connection_context():
        return expire_exports(now, store)


def init_tasks(app) -> Tasks:
    """Create the queue and its tasks for `app`; kept in app.extensions["fallakte_tasks"]."""
    huey = make_huey(app)
    store = export_store(app)

    @huey.task(name="produce_export")
    def produce(export_id):
        run_produce(app, store, export_id)

    @huey.periodic_task(crontab(**DAILY), name="scheduled_exports")
    def scheduled():
        run_scheduled(app, store, clock.now())

    @huey.periodic_task(crontab(**DAILY), name="export_retention")
    def retention():
        run_retention(app, store, clock.now())

    tasks = Tasks(huey, store, produce, scheduled, retention, enqueue_export)
    app.extensions["fallakte_tasks"] = tasks
    app.cli.add_command(worker)
    return tasks


def enqueue_export(export) -> None:
    """Hand an export to the queue; QueueUnavailable when it cannot be reached (the export
    is then marked failed with a message and can be retried)."""
    tasks = current_app.extensions["fallakte_tasks"]
    try:
        tasks.produce(export.id)
    except Exception as error:  # redis.ConnectionError and the like: the queue is down
        if tasks.huey.immediate:
            raise
        log.exception("Task queue unreachable for export %s", export.id)
        unavailable = QueueUnavailable()
        fail_export(export.id, unavailable.message)
        raise unavailable from error


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@click.option("--quiet", is_flag=True, help="Warnings and errors only (make run).")
def worker(workers, quiet):
    """Run the task consumer (exports, scheduled exports, retention)."""
    from huey.consumer import Consumer

    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(name)s %(message)s")
    tasks = current_app.extensions["fallakte_tasks"]
    tasks.huey.immediate = False
    Consumer(tasks.huey, workers=workers, worker_type="thread").run()


__all__ = ["ExportStatus", "QueueUnavailable", "Tasks", "enqueue_export", "init_tasks"]
