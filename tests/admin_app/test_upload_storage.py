"""UPLOAD_STORAGE chooses the document store: the local folder or an S3-compatible bucket."""

import pytest

from admin_app.uploads import document_store
from models.core.s3_storage import S3Store
from models.core.storage import FileStore


@pytest.fixture
def settings(app):
    """The app's settings, put back after the test."""
    saved = dict(app.config)
    yield app.config
    app.config.clear()
    app.config.update(saved)


def test_the_local_folder_is_the_default(app, settings):
    settings.pop("UPLOAD_STORAGE", None)
    assert isinstance(document_store(app), FileStore)


def test_s3_uses_the_bucket_prefix_and_endpoint(app, settings):
    settings.update(UPLOAD_STORAGE="s3", S3_BUCKET="akten", S3_PREFIX="/fallakte/",
                    S3_ENDPOINT_URL="http://127.0.0.1:9000")
    store = document_store(app)
    assert isinstance(store, S3Store)
    assert (store.bucket, store.endpoint_url) == ("akten", "http://127.0.0.1:9000")
    assert store.key("ab" + "0" * 30) == "fallakte/ab/ab" + "0" * 30


@pytest.mark.parametrize(("overrides", "message"), [
    ({"UPLOAD_STORAGE": "s3", "S3_BUCKET": ""}, "S3_BUCKET"),
    ({"UPLOAD_STORAGE": "ftp"}, "UPLOAD_STORAGE"),
])
def test_a_wrong_setting_stops_the_start_with_its_name(app, settings, overrides, message):
    settings.update(overrides)
    with pytest.raises(RuntimeError, match=message):
        document_store(app)


@pytest.mark.parametrize("key", ["UPLOAD_STORAGE", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_PREFIX"])
def test_the_settings_come_from_the_environment(monkeypatch, tmp_path, key):
    from flask import Flask

    from admin_app.config import load_config

    monkeypatch.setenv(key, "aus-der-umgebung")
    bare = Flask("settings", instance_path=str(tmp_path))
    load_config(bare, {})
    assert bare.config[key] == "aus-der-umgebung"
