"""Fixtures of the API tests: clients that send a personal token."""

import pytest

from seed.factories import make_api_token


class TokenClient:
    """The Flask test client with `Authorization: Bearer <secret>` on every call."""

    def __init__(self, client, secret):
        self.client, self.secret = client, secret

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.secret}", **(headers or {})}

    def get(self, url, headers=None, **kwargs):
        return self.client.get(url, headers=self._headers(headers), **kwargs)

    def post(self, url, headers=None, **kwargs):
        return self.client.post(url, headers=self._headers(headers), **kwargs)

    def patch(self, url, headers=None, **kwargs):
        return self.client.patch(url, headers=self._headers(headers), **kwargs)


@pytest.fixture
def api_client(app):
    """api_client(user, scopes=('read', 'write')): a client acting through a fresh token."""

    def make(user, scopes=("read", "write")):
        _token, secret = make_api_token(user, scopes)
        return TokenClient(app.test_client(), secret)

    return make
