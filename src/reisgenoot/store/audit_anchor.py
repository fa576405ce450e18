"""The file that anchors the end of the audit chain outside the database (ADR 11).

Keyed with the audit key (HMAC-SHA256), replaced atomically, and written under a file lock
by :mod:`reisgenoot.store.audit`, which also decides when it may move forward.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from reisgenoot.store.base import utcnow

__all__ = [
    "ANCHOR_FORMAT",
    "ANCHOR_LOCK_TIMEOUT",
    "Anchor",
    "AnchorUnreadable",
    "anchor_mac",
    "file_lock",
    "read_anchor",
    "write_anchor",
]

ANCHOR_FORMAT = "reisgenoot-audit-anchor/1"
ANCHOR_LOCK_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Anchor:
    """The end of the chain as last written to the anchor file."""

    seq: int
    hash: str
    at: str


class AnchorUnreadable(Exception):  # noqa: N818  (a state of the file, not an error of ours)
    """The anchor file exists but is damaged, changed, or keyed with another key."""


def anchor_mac(key: bytes, seq: int, hash_: str, at: str) -> str:
    payload = f"anchor:{ANCHOR_FORMAT}:{seq}:{hash_}:{at}".encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def read_anchor(path: Path, key: bytes) -> Anchor | None:
    """The anchor in ``path``; None when there is no file; :class:`AnchorUnreadable` if bad."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
        anchor = Anchor(int(data["seq"]), str(data["hash"]), str(data["at"]))
        valid = data.get("format") == ANCHOR_FORMAT and hmac.compare_digest(
            str(data["mac"]), anchor_mac(key, anchor.seq, anchor.hash, anchor.at)
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorUnreadable(str(path)) from exc
    if not valid:
        raise AnchorUnreadable(str(path))
    return anchor


def write_anchor(path: Path, key: bytes, seq: int, hash_: str) -> Anchor:
    """Replace the anchor atomically (write a new file, fsync, rename, fsync the folder)."""
    at = utcnow().isoformat(timespec="seconds")
    body = {
        "format": ANCHOR_FORMAT,
        "seq": seq,
        "hash": hash_,
        "at": at,
        "mac": anchor_mac(key, seq, hash_, at),
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(json.dumps(body) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return Anchor(seq, hash_, at)


def file_lock(path: Path) -> FileLock:
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path.with_name(path.name + ".lock")), timeout=ANCHOR_LOCK_TIMEOUT)
