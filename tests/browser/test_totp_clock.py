"""The TOTP clock of the browser tests: logins one after the other get codes the server accepts
without waiting for the next 30-second step, and the server still refuses a code used before.
(No browser needed: the codes go to the same check the login page runs.)"""

import datetime as dt
import time

from models.accounts.second_factor import check_totp, confirm_enrolment, start_enrolment
from seed.factories import make_user
from tests.browser.test_person_flow import current_code


def _enrolled(username):
    user = make_user(role="admin", username=username)
    start_enrolment(user)
    confirm_enrolment(user, current_code(username), dt.datetime.now())
    return user


def _server_accepts(user, code) -> bool:
    """What the login page does with a code: check it at the server's time (not the test's)."""
    return check_totp(type(user).get_by_id(user.id), code, dt.datetime.now())


def test_five_logins_in_a_row_pass_without_waiting(app, controlled_totp_time):
    user = _enrolled("fuenfmal")
    started = time.monotonic()
    for _ in range(5):
        assert _server_accepts(user, current_code(user.username))
    assert time.monotonic() - started < 5  # one step is 30 s: no login waited for one
    assert controlled_totp_time.offset > dt.timedelta()


def test_a_code_used_once_is_refused_the_second_time(app, controlled_totp_time):
    user = _enrolled("keinreplay")
    code = current_code(user.username)
    assert _server_accepts(user, code)
    assert not _server_accepts(user, code)


def test_the_clock_starts_at_the_real_time_in_every_test(controlled_totp_time):
    assert controlled_totp_time.offset == dt.timedelta()
