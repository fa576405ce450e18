"""Accounts: creating users from the CLI, Argon2 hashes, roles and throttling."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.accounts.models import Role, User
from reisgenoot.accounts.service import (
    LoginPolicy,
    LoginThrottled,
    NewUser,
    authenticate,
    create_user,
)
from reisgenoot.cli import app
from reisgenoot.errors import AccountError
from reisgenoot.settings import Settings
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
