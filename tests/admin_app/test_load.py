"""The load test (bench/load.py) passes briefly in the suite: gunicorn with two workers, four
simulated users for a few seconds, no server error, no lost or doubled write."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _postgres_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def load_database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        fresh_url, drop = _postgres_database(url)
        yield fresh_url
        drop()
    else:
        yield f"sqlite:///{tmp_path / 'load.sqlite3'}"


def test_a_short_load_leaves_no_server_error_and_no_lost_write(load_database):
    result = subprocess.run(  # noqa: S603 (our own benchmark, fixed arguments)
        [sys.executable, "-m", "bench.load", "--users", "4", "--seconds", "6", "--workers", "2",
         "--persons", "100", "--database-url", load_database],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures["problems"] == []
    assert figures["accepted_saves"] > 0
    assert figures["requests_moved"].get("submitted", 0) > 0
    assert figures["requests_moved"].get("approved", 0) > 0
    assert set(figures["answers"]) <= {"2xx", "3xx"}
