"""The occupation matcher's index kept on disk, so a command loads it in milliseconds instead of building it.

The file is marshal data (plain lists, dicts, strings, numbers and bytes: nothing that runs code when read, unlike
pickle), holding the key it was built for, a checksum and the index. It is only ever a copy: one that is missing,
unreadable, damaged or built for another dataset, matcher version or Python is ignored and the index rebuilt.
"""

from __future__ import annotations

import contextlib
import marshal
import sys
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from headway.adapters.occupations.matcher import Index


def key(dataset: Path, version: int) -> str:
    """What the index depends on: the dataset file (path, size and modification time), the matcher and Python."""
    try:
        status = dataset.stat()
    except OSError:
        return ""  # no file to vouch for the index: never read one
    python = ".".join(map(str, sys.version_info[:2]))
    return f"{version}|{python}|{marshal.version}|{dataset.resolve()}|{status.st_size}|{status.st_mtime_ns}"


def read(path: Path, expected: str) -> Index | None:
    """The index stored at `path` for the key `expected`, or None when there is none to trust."""
    if not expected:
        return None
    try:
        # The file is the user's own, in their data folder, and holds data only: marshal builds no objects but
        # plain values, and the checksum keeps a damaged file from being read as an index.
        stored_key, checksum, payload = marshal.loads(path.read_bytes())  # noqa: S302
        if stored_key != expected or zlib.crc32(payload) != checksum:
            return None
        index = marshal.loads(payload)  # noqa: S302 as above
    except (OSError, EOFError, ValueError, TypeError):  # missing, unreadable, truncated or not marshal data
        return None
    return cast("Index", index) if isinstance(index, dict) else None


def write(path: Path, key: str, index: Index) -> None:
    """Store the index for the next process, atomically; where the folder cannot be written, do without."""
    if not key:
        return
    payload = marshal.dumps(dict(index))
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as file:
            temporary = Path(file.name)
            file.write(marshal.dumps((key, zlib.crc32(payload), payload)))
        temporary.replace(path)  # a reader sees the old file or the new one, never half of one
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
