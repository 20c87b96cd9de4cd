"""Where uploaded files live: a directory outside the static folder, under generated names."""

import hashlib
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from models.core.filetypes import HEAD_BYTES, detect_content_type

CHUNK = 1024 * 1024
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700
# Stored names: 32 hex digits, never anything a user typed.
STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
TEMPORARY = "incoming"


class TooLarge(Exception):
    """The file is larger than the limit; nothing was kept."""


@dataclass
class Received:
    """A file written to the temporary area, measured and hashed, not yet kept."""

    temporary: Path
    size: int
    sha256: str
    content_type: str


class FileStore:
    """Files under `root/<2 hex>/<32 hex>`, mode 0600; uploads arrive in `root/incoming`."""

    def __init__(self, root):
        self.root = Path(root)

    def path(self, name: str) -> Path:
        """The path of a stored file; refuses anything that is not a generated name."""
        if not STORED_NAME.match(name or ""):
            raise ValueError(f"not a stored name: {name!r}")
        return self.root / name[:2] / name

    def exists(self, name: str) -> bool:
        """True when the stored file `name` is present."""
        return self.path(name).is_file()

    def _directory(self, path: Path) -> Path:
        path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        return path

    def receive(self, stream: BinaryIO, max_bytes: int, name: str = "") -> Received:
        """Copy `stream` into the temporary area; raise TooLarge past `max_bytes` bytes."""
        incoming = self._directory(self.root / TEMPORARY)
        temporary = incoming / secrets.token_hex(16)
        digest, size, head = hashlib.sha256(), 0, b""
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            with os.fdopen(descriptor, "wb") as target:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge()
                    if len(head) < HEAD_BYTES:
                        head += chunk[:HEAD_BYTES - len(head)]
                    digest.update(chunk)
                    target.write(chunk)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        kind = detect_content_type(head, temporary, name)
        return Received(temporary, size, digest.hexdigest(), kind)

    def keep(self, received: Received) -> str:
        """Move a received file to its generated name; returns that name."""
        name = secrets.token_hex(16)
        target = self._directory(self.root / name[:2]) / name
        os.replace(received.temporary, target)
        return name

    def discard(self, received: Received) -> None:
        """Forget a received file that is not kept."""
        received.temporary.unlink(missing_ok=True)

    def remove(self, name: str) -> None:
        """Delete a stored file; a file that is gone already is fine (cleanup runs again)."""
        self.path(name).unlink(missing_ok=True)

    def stored(self, older_than_seconds: float = 0) -> Iterator[tuple[str, Path]]:
        """(name, path) of stored and temporary files untouched for `older_than_seconds`."""
        if not self.root.is_dir():
            return
        limit = time.time() - older_than_seconds
        for shard in sorted(self.root.iterdir()):
            if not shard.is_dir():
                continue
            for path in sorted(shard.iterdir()):
                if path.is_file() and path.stat().st_mtime <= limit:
                    yield path.name, path

    def checksum(self, name: str) -> str:
        """The SHA-256 of a stored file, read in chunks."""
        digest = hashlib.sha256()
        with self.path(name).open("rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()


class StoreProxy:
    """The store of the running app, set once at start like the database."""

    def __init__(self):
        self.store: FileStore | None = None

    def initialize(self, store: FileStore) -> None:
        self.store = store

    def __getattr__(self, name):
        if self.store is None:
            raise RuntimeError("The document store is not initialised.")
        return getattr(self.store, name)


files = StoreProxy()
