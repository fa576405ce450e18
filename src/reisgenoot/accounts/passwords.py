"""Password hashing with Argon2id (argon2-cffi), with transparent re-hashing."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when a username does not exist, so timing does not reveal accounts.

    Computed once, on first use: not at import, where it would slow every command.
    """
    return _HASHER.hash("reisgenoot-dummy-password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored``.

    Without a stored hash (unknown username) the password is verified against a dummy hash
    made on first use: the same Argon2 work, so timing does not reveal which accounts exist,
    and nothing is computed at import, which keeps the command line quick to start.
    """
    try:
        return _HASHER.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
