"""Accounts: creating users from the CLI, Argon2 hashes, roles and throttling."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.accounts.models import Role, User, UserSession
from reisgenoot.accounts.service import (
    LoginPolicy,
    LoginThrottled,
    NewUser,
    authenticate,
    create_user,
    resume_session,
    start_session,
)
from reisgenoot.cli import app
from reisgenoot.errors import AccountError
from reisgenoot.settings import Settings
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

runner = CliRunner()
KEY = b"test-audit-key"


def test_users_add_and_list(cli_env: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "users",
            "add",
            "jdevries",
            "--role",
            "teamleider",
            "--role",
            "redacteur",
            "--team",
            "KCC Noord",
            "--password-stdin",
        ],
        input="een-lang-wachtwoord\n",
    )
    assert result.exit_code == 0, result.stderr
    listed = [
        json.loads(line) for line in runner.invoke(app, ["users", "list"]).stdout.splitlines()
    ]
    assert listed == [
        {
            "username": "jdevries",
            "name": "jdevries",
            "roles": ["redacteur", "teamleider"],
            "team": "KCC Noord",
            "active": True,
        }
    ]


def test_unknown_role_is_a_clear_error(cli_env: Settings) -> None:
    result = runner.invoke(
        app,
        ["users", "add", "x", "--role", "koning", "--password-stdin"],
        input="een-lang-wachtwoord\n",
    )
    assert result.exit_code != 0


def test_password_is_hashed_with_argon2(db: Database) -> None:
    with db.session() as session:
        user = create_user(
            session,
            NewUser("a", "A", "een-lang-wachtwoord", (Role.MEDEWERKER,)),
            audit_key=KEY,
            actor="t",
        )
        assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
        assert "een-lang-wachtwoord" not in user.password_hash


def test_short_password_and_duplicates_are_refused(db: Database) -> None:
    with db.session() as session:
        with pytest.raises(AccountError):
            create_user(
                session, NewUser("a", "A", "kort", (Role.TRAINEE,)), audit_key=KEY, actor="t"
            )
        create_user(
            session,
            NewUser("a", "A", "een-lang-wachtwoord", (Role.TRAINEE,)),
            audit_key=KEY,
            actor="t",
        )
        with pytest.raises(AccountError):
            create_user(
                session,
                NewUser("a", "B", "een-lang-wachtwoord", (Role.TRAINEE,)),
                audit_key=KEY,
                actor="t",
            )


def test_login_is_throttled_after_repeated_failures(db: Database) -> None:
    policy = LoginPolicy(max_attempts=3, lockout=timedelta(minutes=5))
    with db.session() as session:
        create_user(
            session,
            NewUser("b", "B", "een-lang-wachtwoord", (Role.MEDEWERKER,)),
            audit_key=KEY,
            actor="t",
        )
    for _ in range(3):
        with db.session() as session:
            assert authenticate(session, "b", "fout", "127.0.0.1", policy) is None
    with pytest.raises(LoginThrottled), db.session() as session:
        authenticate(session, "b", "een-lang-wachtwoord", "127.0.0.1", policy)
    with db.session() as session:  # another address is not paused
        user = authenticate(session, "b", "een-lang-wachtwoord", "10.0.0.9", policy)
        assert user is not None and user.roles == {Role.MEDEWERKER}
        assert session.scalar(select(User.username)) == "b"


def test_production_passwords_use_argon2id_with_its_recommended_cost() -> None:
    """The suite hashes with the cheapest parameters (tests/conftest.py); production does not."""
    from argon2 import PasswordHasher

    from tests.conftest import PRODUCTION_HASHER

    default = PasswordHasher()
    assert (PRODUCTION_HASHER.time_cost, PRODUCTION_HASHER.memory_cost) == (
        default.time_cost,
        default.memory_cost,
    )
    assert PRODUCTION_HASHER.memory_cost >= 64 * 1024  # KiB: RFC 9106's second choice
    stored = PRODUCTION_HASHER.hash("een-lang-wachtwoord")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,")
    assert PRODUCTION_HASHER.verify(stored, "een-lang-wachtwoord")


def test_a_session_is_touched_at_most_once_a_minute(db: Database) -> None:
    """Issue 21: a live conversation checks its login on every turn; writing the session row
    every time made the turns of one login wait for each other's row lock."""
    timeout = timedelta(minutes=30)
    with db.session() as session:
        user = create_user(
            session,
            NewUser("s", "S", "een-lang-wachtwoord", (Role.MEDEWERKER,)),
            audit_key=KEY,
            actor="t",
        )
        token, row = start_session(session, user)
        session.flush()
        key = row.token_hash
    with db.session() as session:
        assert resume_session(session, token, timeout) is not None
        first = session.get(UserSession, key)
        assert first is not None
        seen = first.last_seen_at
        assert not session.dirty  # just checked: nothing to write
    with db.session() as session:
        stored = session.get(UserSession, key)
        assert stored is not None
        stored.last_seen_at = seen - timedelta(seconds=61)
    with db.session() as session:
        found = resume_session(session, token, timeout)
        assert found is not None and found[1].last_seen_at > seen - timedelta(seconds=61)
        assert session.dirty  # a minute later: touched
    with db.session() as session:
        stored = session.get(UserSession, key)
        assert stored is not None
        stored.last_seen_at = utcnow() - timedelta(seconds=20)
    with db.session() as session:
        assert resume_session(session, token, timeout) is not None
        assert not session.dirty  # 20 s ago: not yet, with a 30-minute timeout
        assert resume_session(session, token, timedelta(minutes=1)) is not None
        assert session.dirty  # a quarter of a one-minute timeout has passed: touched
