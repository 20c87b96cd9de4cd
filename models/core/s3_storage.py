"""The document store in an S3-compatible bucket (AWS S3, MinIO, Ceph, …) through boto3, for
several app machines sharing one store. Uploads are received on the local disk first (measured,
hashed, typed), then put into the bucket under `<prefix><2 hex>/<32 hex>`."""

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from models.core.storage import Received, Store, StoredFile, check_name

MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Store(Store):
    """Kept files as objects of `bucket` under `prefix`; temporary files in `scratch`."""

    def __init__(self, bucket: str, scratch, prefix: str = "", endpoint_url: str | None = None,
                 client=None):
        super().__init__(Path(scratch))
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.endpoint_url = endpoint_url or None
        self._client = client

    @property
    def client(self):
        """The boto3 client, made at first use: after gunicorn forked its workers, so that no
        two processes share its connections. Credentials and region come from the usual AWS
        settings (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, ~/.aws)."""
        if self._client is None:
            import boto3

            self._client = boto3.client("s3", endpoint_url=self.endpoint_url)
        return self._client

    def key(self, name: str) -> str:
        """The object key of the stored file `name`."""
        return f"{self.prefix}{check_name(name)[:2]}/{name}"

    def keep(self, received: Received) -> str:
        """Upload a received file under a new generated name and forget the local copy."""
        name = secrets.token_hex(16)
        self.client.upload_file(str(received.temporary), self.bucket, self.key(name),
                                ExtraArgs={"ContentType": "application/octet-stream"})
        received.temporary.unlink(missing_ok=True)
        return name

    def put(self, name: str, stream: BinaryIO) -> None:
        """Upload `stream` as the stored file `name` (a restore)."""
        self.client.upload_fileobj(stream, self.bucket, self.key(name),
                                   ExtraArgs={"ContentType": "application/octet-stream"})

    def open_sized(self, name: str) -> tuple[BinaryIO, int]:
        """The object's content as a stream (read in chunks, never all in memory), its size."""
        from botocore.exceptions import ClientError

        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self.key(name))
            return found["Body"], found["ContentLength"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                raise FileNotFoundError(name) from None
            raise

    def exists(self, name: str) -> bool:
        """True when the object of `name` is in the bucket."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(name))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                return False
            raise
        return True

    def remove(self, name: str) -> None:
        """Delete the object of `name`; deleting a missing object is fine in S3."""
        self.client.delete_object(Bucket=self.bucket, Key=self.key(name))

    def _kept_files(self, limit: float) -> Iterator[StoredFile]:
        # One listing request per 1 000 objects instead of one request per file.
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix, PaginationConfig={"PageSize": 1000})
        for page in pages:
            for entry in page.get("Contents", ()):
                name = entry["Key"].rsplit("/", 1)[-1]
                yield StoredFile(name, False, entry["LastModified"].timestamp() <= limit)

