"""The production server: gunicorn with several worker processes serves the panel from the
same database (make serve)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float = 30.0):
    """(status, body) of `url`, waiting for the server to start."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (localhost)
                return response.status, response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_workers_serve_the_german_login_page(app, database_url, tmp_path):
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "DATABASE_URL": database_url,
           "SECRET_KEY": "serve-test", "SESSION_COOKIE_SECURE": "false",
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "EXPORT_FOLDER": str(tmp_path / "exports"),
           "HUEY_SQLITE": str(tmp_path / "huey.sqlite3")}
    server = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
        [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "admin_app:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        pages = [_get(f"http://127.0.0.1:{port}/login") for _ in range(4)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert {status for status, _body in pages} == {200}
    assert all("Anmelden" in body for _status, body in pages)
