"""Load test on this machine: gunicorn with several workers, simulated users browsing, editing,
sending, approving and exporting at once; afterwards no server error and no lost or doubled
write (issue 16).

Usage: python -m bench.load [--users 16] [--seconds 60] [--workers 4] [--persons 2000]
       [--database-url postgresql://…]   (default: a new SQLite file)

Staff users list persons, edit one of a few shared persons (so that saves collide and the
version check must refuse the stale ones), send draft requests and export the person list;
funding-body clerks (second factor by TOTP) list new requests and approve them. Checked after
the run: no answer 5xx or broken connection; each person holds the value of its last accepted
save and has one history entry per accepted save; no request was sent or approved twice; every
sent or approved request has its history entry.
"""

import argparse
import collections
import json
import os
import random
import re
import socket
import subprocess  # noqa: S404  # nosec B404 (our own server)
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from .load_forms import form_fields

HOT_PERSONS = 6  # persons every staff user edits: saves collide


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answers 302 as they are: a save that redirects was accepted."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One simulated user: cookies, CSRF tokens, and a tally of what the server answered."""

    def __init__(self, base: str, tally: collections.Counter):
        self.base, self.tally = base, tally
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def open(self, path: str, data: dict | list | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError:
            status, text = 0, ""
        self.tally[f"{status // 100}xx" if status else "connection error"] += 1
        return status, text

    def csrf(self, page: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def login(self, username: str, password: str, secret: str | None = None) -> None:
        import pyotp

        _status, page = self.open("/login")
        self.open("/login", {"csrf_token": self.csrf(page), "username": username,
                             "password": password})
        if secret:
            _status, page = self.open("/login/code")
            self.open("/login/code", {"csrf_token": self.csrf(page),
                                      "code": pyotp.TOTP(secret).now()})
        status, _page = self.open("/admin/")
        if status != 200:
            raise RuntimeError(f"{username} could not log in ({status})")


def staff_loop(browser, deadline, hot, drafts, accepted, lock):
    """Browse, edit a shared person, send a draft request, export, until `deadline[0]` (at
    least once)."""
    while True:
        browser.open(f"/admin/person/?page={random.randrange(10)}")
        person = random.choice(hot)
        _status, page = browser.open(f"/admin/person/edit/?id={person}")
        fields = form_fields(page, "street")
        if fields:
            value = f"Lastgasse {random.randrange(10**6)}"
            fields["street"] = value
            status, _page = browser.open(f"/admin/person/edit/?id={person}", fields)
            if status == 302:
                with lock:
                    accepted[person].append((int(fields.get("version", 0)), value, status))
        if drafts:
            request_id = drafts.pop()
            _status, page = browser.open("/admin/request/?list=all")
            browser.open("/admin/request/action/", {"csrf_token": browser.csrf(page),
                                                    "action": "submit", "rowid": request_id})
        _status, page = browser.open("/admin/person/")
        browser.open("/admin/person/export.xlsx", {"csrf_token": browser.csrf(page)})
        if time.monotonic() >= deadline[0]:
            break


def clerk_loop(browser, deadline):
    """List the new requests of the body and approve the first of them (through its
    confirmation page), until `deadline[0]` (at least once)."""
    while True:
        _status, page = browser.open("/admin/request/?list=new")
        rows = re.findall(r'name="rowid" class="action-checkbox" value="(\d+)"', page)
        if rows:
            # The list action opens the confirmation page; its form approves.
            _status, page = browser.open("/admin/request/action/", {
                "csrf_token": browser.csrf(page), "action": "approve", "rowid": rows[0]})
            confirm = dict(re.findall(r'name="(ids|versions)" type="hidden" value="([^"]*)"',
                                      page))
            if confirm.get("ids"):
                browser.open("/admin/request/decide/approve/",
                             {"csrf_token": browser.csrf(page), **confirm})
        else:
            time.sleep(0.2)
        if time.monotonic() >= deadline[0]:
            break


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, workers: int, folder: Path):
    """gunicorn on a free port against `url`; returns (process, base URL)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-test",
           "SESSION_COOKIE_SECURE": "false", "UPLOAD_FOLDER": str(folder / "uploads"),
           "EXPORT_FOLDER": str(folder / "exports"), "HUEY_SQLITE": str(folder / "huey.db")}
    server = subprocess.Popen(  # noqa: S603  # nosec B603 (our own server, fixed arguments)
        [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--timeout", "120", "admin_app:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "w"))  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/login", timeout=5).close()  # noqa: S310  # nosec B310
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def run(url: str, users: int, seconds: float, workers: int, persons: int) -> dict:
    """Prepare the data, run the simulated users against gunicorn, check; returns figures."""
    from .load_data import check, prepare, transitions

    folder = Path(tempfile.mkdtemp(prefix="fallakte-load-"))
    setup = prepare(url, users, persons, HOT_PERSONS, folder / "uploads")
    server, base = start_server(url, workers, folder)
    tally, accepted, lock = collections.Counter(), collections.defaultdict(list), threading.Lock()
    deadline = [0.0]
    threads = []
    try:
        for username, secret in setup["clerks"]:
            browser = Browser(base, tally)
            browser.login(username, setup["password"], secret)
            threads.append(threading.Thread(target=clerk_loop, args=(browser, deadline)))
        for username in setup["staff"]:
            browser = Browser(base, tally)
            browser.login(username, setup["password"])
            threads.append(threading.Thread(target=staff_loop, args=(
                browser, deadline, setup["hot"], setup["drafts"], accepted, lock)))
        # The time counts from when every user is logged in (the logins' password hashes
        # would eat a short run on a busy machine), and every user does at least one round.
        deadline[0] = time.monotonic() + seconds
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    problems = check(url, setup, accepted)
    return {"requests": sum(tally.values()), "answers": dict(tally),
            "per_second": round(sum(tally.values()) / seconds, 1),
            "accepted_saves": sum(len(v) for v in accepted.values()),
            "requests_moved": transitions(url, setup),
            "problems": problems}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/load.sqlite3"
    figures = run(url, args.users, args.seconds, args.workers, args.persons)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    bad = {k: v for k, v in figures["answers"].items() if k in ("5xx", "connection error")}
    sys.exit(1 if bad or figures["problems"] else 0)


if __name__ == "__main__":
    main()
