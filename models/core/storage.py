"""Where uploaded files live: one interface (`Store`), two places: a local directory outside
the static folder (`FileStore`) or an S3-compatible bucket (`models.core.s3_storage.S3Store`),
always under generated names."""

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


@dataclass(frozen=True)
class StoredFile:
    """One file found in a store: its name, whether it is a temporary (incoming) file, and
    whether it is older than the age asked for."""

    name: str
    temporary: bool
    old: bool


def check_name(name: str) -> str:
    """`name` if it is a generated name; refuses anything else (a path, a user's file name)."""
    if not STORED_NAME.match(name or ""):
        raise ValueError(f"not a stored name: {name!r}")
    return name


def _directory(path: Path) -> Path:
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    return path


class Store:
    """What documents need of a store. Uploads are first received into a local temporary
    directory (measured, hashed, typed) and only then kept under a generated name."""

    def __init__(self, scratch):
        self.scratch = Path(scratch)

    # -- the temporary area, local in both stores ------------------------------------------
    def receive(self, stream: BinaryIO, max_bytes: int, name: str = "") -> Received:
        """Copy `stream` into the temporary area; raise TooLarge past `max_bytes` bytes."""
        temporary = _directory(self.scratch) / secrets.token_hex(16)
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

    def discard(self, received: Received) -> None:
        """Forget a received file that is not kept (a kept one is gone already)."""
        received.temporary.unlink(missing_ok=True)

    def _temporary_files(self, limit: float) -> Iterator[StoredFile]:
        if not self.scratch.is_dir():
            return
        for path in sorted(self.scratch.iterdir()):
            if path.is_file():
                yield StoredFile(path.name, True, path.stat().st_mtime <= limit)

    def stored(self, older_than_seconds: float = 0) -> Iterator[StoredFile]:
        """Every kept and temporary file; `old` when untouched for `older_than_seconds`."""
        limit = time.time() - older_than_seconds
        yield from self._kept_files(limit)
        yield from self._temporary_files(limit)

    def drop(self, entry: StoredFile) -> None:
        """Delete a file that `stored` found."""
        if entry.temporary:
            (self.scratch / check_name(entry.name)).unlink(missing_ok=True)
        else:
            self.remove(entry.name)

    def checksum(self, name: str) -> str:
        """The SHA-256 of a stored file, read in chunks."""
        digest = hashlib.sha256()
        with self.open(name) as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    # -- the kept files: each store its own ----------------------------------------------
    def keep(self, received: Received) -> str:
        """Move a received file to a new generated name; returns that name."""
        raise NotImplementedError

    def put(self, name: str, stream: BinaryIO) -> None:
        """Store `stream` under the generated name `name` (a restore)."""
        raise NotImplementedError

    def open(self, name: str) -> BinaryIO:
        """The content of a kept file to read; FileNotFoundError when it is missing."""
        return self.open_sized(name)[0]

    def open_sized(self, name: str) -> tuple[BinaryIO, int]:
        """(content to read, size in bytes) of a kept file; FileNotFoundError when missing."""
        raise NotImplementedError

    def exists(self, name: str) -> bool:
        """True when the kept file `name` is present."""
        raise NotImplementedError

    def remove(self, name: str) -> None:
        """Delete a kept file; a file that is gone already is fine (cleanup runs again)."""
        raise NotImplementedError

    def _kept_files(self, limit: float) -> Iterator[StoredFile]:
        raise NotImplementedError


class FileStore(Store):
    """Files under `root/<2 hex>/<32 hex>`, mode 0600; uploads arrive in `root/incoming`."""

    def __init__(self, root):
        self.root = Path(root)
        super().__init__(self.root / TEMPORARY)

    def path(self, name: str) -> Path:
        """The path of a stored file; refuses anything that is not a generated name."""
        return self.root / check_name(name)[:2] / name

    def exists(self, name: str) -> bool:
        """True when the stored file `name` is present."""
        return self.path(name).is_file()

    def keep(self, received: Received) -> str:
        """Move a received file to its generated name; returns that name."""
        name = secrets.token_hex(16)
        target = _directory(self.root / name[:2]) / name
        os.replace(received.temporary, target)
        return name

    def put(self, name: str, stream: BinaryIO) -> None:
        """Write `stream` to the stored file `name` (mode 0600, complete or not at all)."""
        target = self.path(name)
        partial = _directory(target.parent) / (name + ".part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            while chunk := stream.read(CHUNK):
                handle.write(chunk)
        os.replace(partial, target)

    def open_sized(self, name: str) -> tuple[BinaryIO, int]:
        """The stored file `name`, opened for reading, and its size."""
        handle = self.path(name).open("rb")
        return handle, os.fstat(handle.fileno()).st_size

    def remove(self, name: str) -> None:
        """Delete a stored file; a file that is gone already is fine (cleanup runs again)."""
        self.path(name).unlink(missing_ok=True)

    def _kept_files(self, limit: float) -> Iterator[StoredFile]:
        if not self.root.is_dir():
            return
        for shard in sorted(self.root.iterdir()):
            if not shard.is_dir() or shard.name == TEMPORARY:
                continue
            for path in sorted(shard.iterdir()):
                if path.is_file():
                    yield StoredFile(path.name, False, path.stat().st_mtime <= limit)


class StoreProxy:
    """The store of the running app, set once at start like the database."""

    def __init__(self):
        self.store: Store | None = None

    def initialize(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name):
        if self.store is None:
            raise RuntimeError("The document store is not initialised.")
        return getattr(self.store, name)


files = StoreProxy()
