"""The keys of an installation: the audit chain's HMAC key with its anchor file, and reading
or creating a key file once (mode 0600). Used by :class:`reisgenoot.settings.Settings`."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr

__all__ = ["AuditKey", "key_from"]


class AuditKey(bytes):
    """The HMAC key of the audit chain, with the file that anchors the chain's end.

    It is the key itself (``bytes``), so it goes wherever a key goes; :mod:`reisgenoot.store.audit`
    reads ``anchor`` to keep that file up to date and to check it (ADR 11). A plain ``bytes``
    key works too, without an anchor.
    """

    anchor: Path | None

    def __new__(cls, key: bytes, anchor: Path | None = None) -> AuditKey:
        instance = super().__new__(cls, key)
        instance.anchor = anchor
        return instance


def key_from(explicit: SecretStr | None, path: Path) -> str:
    """Use the explicit key, or read (creating once, mode 0600) a key file."""
    if explicit is not None and explicit.get_secret_value():
        return explicit.get_secret_value()
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process was first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
