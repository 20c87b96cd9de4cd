"""The task queue: exports produced by Huey tasks (immediate mode), the periodic work at
05:00 UTC (06:00 CET / 07:00 CEST), failures, retries, and a real consumer against Redis."""

import datetime as dt
import io
import os
import signal
import time
import uuid

import pytest
from openpyxl import load_workbook

from admin_app import create_app
from admin_app.tasks import QueueUnavailable, enqueue_export, run_retention, run_scheduled
from models import DataExport
from models.exports.models import ExportStatus
from models.exports.operations import mark_queued, request_export
from seed.factories import make_participation, make_person, make_user
from tests.models.exports.helpers import approved

NOW = dt.datetime(2025, 6, 15, 9, 0)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def tasks(app):
    return app.extensions["fallakte_tasks"]


@pytest.fixture
def staff(app, project):
    user = make_user(role="staff_write", projects=[project])
    approved(make_participation(make_person(project)))
    return user


def rows_of(tasks, export):
    book = load_workbook(io.BytesIO(tasks.store.path(export.stored_name).read_bytes()))
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_enqueued_export_is_produced_by_the_task(app, tasks, staff):
    export = request_export(staff, "requests", "pb", None, None, None, NOW)
    with app.test_request_context():
        enqueue_export(export)
    export = DataExport.get_by_id(export.id)
    assert (export.status, export.row_count) == (ExportStatus.DONE, 1)
    assert len(rows_of(tasks, export)) == 2


def test_a_failed_task_shows_a_message_and_can_be_retried(app, tasks, staff, monkeypatch,
                                                          caplog):
    import admin_app.tasks as module

    def broken(*_args):
        raise RuntimeError("disk full")

    export = request_export(staff, "requests", "pb", None, None, None, NOW)
    monkeypatch.setattr(module, "produce_export", broken)
    with app.test_request_context():
        enqueue_export(export)
    failed = DataExport.get_by_id(export.id)
    assert failed.status == ExportStatus.FAILED
    assert failed.error.startswith("The export could not be produced")
    assert "disk full" not in failed.error
    assert "disk full" in caplog.text
    monkeypatch.undo()
    mark_queued(failed)
    with app.test_request_context():
        enqueue_export(failed)
    assert DataExport.get_by_id(export.id).status == ExportStatus.DONE


def test_the_periodic_task_produces_the_exports_due_that_morning(app, tasks, staff):
    due = request_export(staff, "requests", "npb", None, None, "16.06.2025", NOW)
    later = request_export(staff, "requests", "npb", None, None, "17.06.2025", NOW)
    produced = run_scheduled(app, tasks.store, dt.datetime(2025, 6, 16, 6, 0))
    assert produced == [due.id]
    assert DataExport.get_by_id(due.id).status == ExportStatus.DONE
    assert DataExport.get_by_id(later.id).status == ExportStatus.SCHEDULED


@pytest.mark.parametrize(("utc", "runs"), [
    (dt.datetime(2025, 1, 15, 5, 0), True),    # 06:00 in Vienna (CET)
    (dt.datetime(2025, 7, 15, 5, 0), True),    # 07:00 in Vienna (CEST), as 001 §8 says
    (dt.datetime(2025, 1, 15, 6, 0), False),
    (dt.datetime(2025, 1, 15, 5, 1), False),
])
def test_periodic_tasks_run_at_five_utc(tasks, utc, runs):
    assert tasks.scheduled.s().validate_datetime(utc) is runs
    assert tasks.retention.s().validate_datetime(utc) is runs


def test_the_daily_retention_deletes_exports_older_than_30_days(app, tasks, staff):
    old = request_export(staff, "requests", "pb", None, None, None, NOW - dt.timedelta(days=31))
    with app.test_request_context():
        enqueue_export(old)
    path = tasks.store.path(DataExport.get_by_id(old.id).stored_name)
    assert run_retention(app, tasks.store, NOW) == 1
    assert not path.exists()
    assert DataExport.select().count() == 0


def _queue_app(app, url):
    return create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "q",
                       "TESTING": True, "HUEY_IMMEDIATE": False, "REDIS_URL": url,
                       "HUEY_NAME": f"fallakte-test-{uuid.uuid4().hex[:8]}",
                       "EXPORT_FOLDER": app.config["EXPORT_FOLDER"]})


def test_an_unreachable_queue_keeps_the_export_with_a_message(app, staff):
    queue_app = _queue_app(app, "redis://127.0.0.1:1/0")
    export = request_export(staff, "requests", "pb", None, None, None, NOW)
    with queue_app.test_request_context(), pytest.raises(QueueUnavailable):
        enqueue_export(export)
    kept = DataExport.get_by_id(export.id)
    assert kept.status == ExportStatus.FAILED
    assert kept.error.startswith("The task queue cannot be reached")


def test_a_real_consumer_produces_the_export_through_redis(app, staff):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("Redis is not running")
    from huey.consumer import Consumer

    queue_app = _queue_app(app, REDIS_URL)
    tasks = queue_app.extensions["fallakte_tasks"]
    export = request_export(staff, "requests", "pb", None, None, None, NOW)
    with queue_app.test_request_context():
        enqueue_export(export)
    assert DataExport.get_by_id(export.id).status == ExportStatus.QUEUED
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM,
                                                       signal.SIGHUP)}
    consumer = Consumer(tasks.huey, workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if DataExport.get_by_id(export.id).status == ExportStatus.DONE:
                break
            time.sleep(0.1)
    finally:
        consumer.stop(graceful=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        tasks.huey.flush()
    done = DataExport.get_by_id(export.id)
    assert (done.status, done.row_count) == (ExportStatus.DONE, 1)
    assert len(rows_of(tasks, done)) == 2
