"""Logging in against someone who tries: a pause per account whatever the address, and the
same Argon2 work and the same pauses for unknown usernames (the code path is tested here;
timings belong in benches)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from reisgenoot.accounts import passwords, service
from reisgenoot.accounts.models import LoginFailure, Role, User
from reisgenoot.accounts.service import (
    LoginPolicy,
    LoginThrottled,
    NewUser,
    authenticate,
    create_user,
)
from reisgenoot.store.engine import Database

KEY = b"test-audit-key"
PASSWORD = "een-lang-wachtwoord"
POLICY = LoginPolicy(
    max_attempts=3,
    lockout=timedelta(minutes=5),
    account_max_attempts=4,
    max_lockout=timedelta(hours=1),
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip the Argon2 work where only the counting is tested (≈ 0.2 s per attempt)."""

    def verify(stored: str | None, password: str) -> bool:
        return stored is not None and password == PASSWORD

    monkeypatch.setattr(service, "verify_password", verify)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, quick: None) -> Clock:
    clock = Clock()
    monkeypatch.setattr(service, "utcnow", clock)
    return clock


@pytest.fixture
def account(db: Database) -> str:
    with db.session() as session:
        create_user(
            session, NewUser("c", "C", PASSWORD, (Role.MEDEWERKER,)), audit_key=KEY, actor="t"
        )
    return "c"


def _attempt(
    db: Database, username: str, password: str, address: str, policy: LoginPolicy = POLICY
) -> User | None:
    with db.session() as session:
        return authenticate(session, username, password, address, policy)


def _fail(db: Database, username: str, count: int, first_address: int = 1) -> None:
    for number in range(first_address, first_address + count):
        assert _attempt(db, username, "fout", f"203.0.113.{number}") is None


def test_rotating_addresses_do_not_escape_the_account_pause(
    db: Database, account: str, clock: Clock
) -> None:
    _fail(db, account, POLICY.account_max_attempts)  # each from a new address
    with pytest.raises(LoginThrottled):
        _attempt(db, account, PASSWORD, "198.51.100.77")  # even the right password waits
    clock.advance(POLICY.lockout + timedelta(seconds=1))
    assert _attempt(db, account, PASSWORD, "198.51.100.77") is not None


def test_each_further_series_doubles_the_pause(db: Database, account: str, clock: Clock) -> None:
    pauses = []
    for series in range(4):
        _fail(db, account, POLICY.account_max_attempts, first_address=10 * series + 1)
        with db.session() as session:
            rows = session.scalars(select(LoginFailure)).all()
            until = max(row.locked_until for row in rows if row.locked_until)
        pauses.append(until - clock.now)
        clock.advance(pauses[-1] + timedelta(seconds=1))
    assert pauses == [
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=20),
        timedelta(minutes=40),
    ]
    _fail(db, account, POLICY.account_max_attempts, first_address=100)
    with pytest.raises(LoginThrottled):  # capped at max_lockout, still paused after 59 minutes
        clock.advance(timedelta(minutes=59))
        _attempt(db, account, PASSWORD, "198.51.100.77")
    clock.advance(timedelta(minutes=2))
    assert _attempt(db, account, PASSWORD, "198.51.100.77") is not None


def test_a_successful_login_ends_the_series(db: Database, account: str, clock: Clock) -> None:
    _fail(db, account, POLICY.account_max_attempts - 1)
    assert _attempt(db, account, PASSWORD, "198.51.100.77") is not None
    _fail(db, account, POLICY.account_max_attempts - 1, first_address=50)
    assert _attempt(db, account, PASSWORD, "198.51.100.77") is not None
    with db.session() as session:
        assert session.get(LoginFailure, service._account_key(account)) is None


def test_the_series_is_forgotten_after_a_quiet_day(
    db: Database, account: str, clock: Clock
) -> None:
    _fail(db, account, POLICY.account_max_attempts - 1)
    clock.advance(POLICY.account_memory + timedelta(minutes=1))
    _fail(db, account, POLICY.account_max_attempts - 1, first_address=50)
    assert _attempt(db, account, PASSWORD, "198.51.100.77") is not None


def test_the_address_pause_still_comes_first(db: Database, account: str, clock: Clock) -> None:
    for _ in range(POLICY.max_attempts):
        assert _attempt(db, account, "fout", "203.0.113.1") is None
    with pytest.raises(LoginThrottled):
        _attempt(db, account, PASSWORD, "203.0.113.1")
    assert _attempt(db, account, PASSWORD, "203.0.113.2") is not None


def test_unknown_usernames_are_paused_alike(db: Database, account: str, clock: Clock) -> None:
    for username in (account, "bestaat-niet"):
        _fail(db, username, POLICY.account_max_attempts)
        with pytest.raises(LoginThrottled):
            _attempt(db, username, "fout", "198.51.100.77")


class SpyHasher:
    """Wraps the real Argon2 hasher and notes which stored hashes were verified."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.verified: list[str] = []

    def verify(self, stored: str, password: str) -> bool:
        self.verified.append(stored)
        return bool(self.real.verify(stored, password))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[SpyHasher]:
    spy = SpyHasher(passwords._HASHER)
    monkeypatch.setattr(passwords, "_HASHER", spy)
    yield spy


def test_an_unknown_user_costs_one_argon2_verification(
    db: Database, account: str, spy: SpyHasher
) -> None:
    with db.session() as session:
        known_hash = session.scalars(select(User.password_hash)).one()
        session.add(User(username="oidc", display_name="O", password_hash=None))
        session.add(User(username="weg", display_name="W", password_hash=known_hash, active=False))
    for username in ("bestaat-niet", "oidc", "weg"):
        spy.verified.clear()
        assert _attempt(db, username, PASSWORD, "203.0.113.1") is None
        assert spy.verified == [passwords._dummy_hash()], username
    spy.verified.clear()
    assert _attempt(db, account, "fout", "203.0.113.2") is None
    assert spy.verified == [known_hash]


def test_no_argon2_hash_is_computed_at_import() -> None:
    code = (
        "from unittest import mock\n"
        "import argon2\n"
        "with mock.patch.object(argon2.PasswordHasher, 'hash', side_effect=AssertionError):\n"
        "    import reisgenoot.accounts.passwords\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_parallel_failures_are_all_counted(db: Database, quick: None) -> None:
    attempts = 16
    patient = LoginPolicy(max_attempts=100, account_max_attempts=100)

    def fail(number: int) -> None:
        _attempt(db, "bestaat-niet", "fout", f"203.0.113.{number % 2}", patient)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fail, range(attempts)))
    with db.session() as session:
        rows = {row.key: row.failures for row in session.scalars(select(LoginFailure))}
    assert rows[service._account_key("bestaat-niet")] == attempts
    assert sorted(rows.values()) == [attempts // 2, attempts // 2, attempts]
