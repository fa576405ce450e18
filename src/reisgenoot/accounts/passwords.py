"""Password hashing with Argon2id (argon2-cffi), with transparent re-hashing."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored``.

    Without a stored hash (unknown username) the password is hashed anyway: that costs the
    same Argon2 work as a verification, so timing does not reveal which accounts exist. No
    dummy hash is computed at import, which keeps the command line quick to start.
    """
    if not stored:
        _HASHER.hash(password)
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
