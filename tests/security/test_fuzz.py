"""Fuzzing with real tools: schemathesis on the OpenAPI, Hypothesis on routes, forms, frames
and parsers. No 500, no traceback, nothing lost.

The default suite sends a small share (a few hundred requests); the big run is opt-in:
``REISGENOOT_FUZZ_REQUESTS=5000 pytest tests/security/test_fuzz.py -k big`` or ``scripts/fuzz``,
which prints how many requests were sent and the status codes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from reisgenoot.assist.transcript import parse
from reisgenoot.bounded import BoundedInputError, load_json, load_yaml
from reisgenoot.contacts.models import Klantcontact, Turn
from reisgenoot.errors import InputError
from reisgenoot.knowledge.formats import read_data
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.engine import Database
from reisgenoot.web import frames
from tests.assist.test_live import ORIGIN, start_conversation
from tests.security.fuzzing import Fuzzer, case_request, requests, route_table, schema_cases
from tests.web.fixtures import login

BIG = int(os.environ.get("REISGENOOT_FUZZ_REQUESTS", "0"))
QUICK = hsettings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture
def fuzzer(app: FastAPI, users: dict[str, Any], articles: list[Any]) -> Iterator[Fuzzer]:
    found = Fuzzer(app)
    yield found
    found.close()


def _intact(db: Database, settings_: Settings) -> None:
    """Nothing lost: the audit chain still verifies after the fuzzing."""
    with db.session() as session:
        result = audit.verify(session, settings_.audit_secret())
    assert result.intact, result.problem


def test_generated_requests_over_the_route_table(
    fuzzer: Fuzzer, app: FastAPI, db: Database, settings: Settings
) -> None:
    routes = route_table(app)
    assert len(routes) > 60

    @QUICK
    @given(requests(routes))
    def run(request: dict[str, Any]) -> None:
        fuzzer.send(request)
        assert fuzzer.failures == [], fuzzer.failures

    run()
    assert fuzzer.sent >= 40
    _intact(db, settings)


def test_schemathesis_cases_from_the_openapi(
    fuzzer: Fuzzer, app: FastAPI, db: Database, settings: Settings
) -> None:
    operations = schema_cases(app)
    assert len(operations) > 60
    strategy = st.one_of(*(strategy for _label, strategy in operations))

    @hsettings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(strategy, st.sampled_from(["beheerder", "medewerker", None]))
    def run(case: Any, role: str | None) -> None:
        fuzzer.send(case_request(case, role))
        assert fuzzer.failures == [], fuzzer.failures

    run()
    _intact(db, settings)


@pytest.mark.skipif(not BIG, reason="the big run: set REISGENOOT_FUZZ_REQUESTS (scripts/fuzz)")
def test_big_fuzzing_run(fuzzer: Fuzzer, app: FastAPI, db: Database, settings: Settings) -> None:
    routes = route_table(app)
    operations = schema_cases(app)
    schema_share = BIG // 4

    @hsettings(
        max_examples=schema_share,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        st.one_of(*(s for _l, s in operations)),
        st.sampled_from(["beheerder", "medewerker", "teamleider", None]),
    )
    def from_schema(case: Any, role: str | None) -> None:
        fuzzer.send(case_request(case, role))

    @hsettings(
        max_examples=BIG - schema_share,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(requests(routes))
    def from_routes(request: dict[str, Any]) -> None:
        fuzzer.send(request)

    from_schema()
    from_routes()
    _intact(db, settings)
    report = {
        "requests": fuzzer.sent,
        "routes": len(routes),
        "operations": len(operations),
        "statuses": dict(sorted(fuzzer.statuses.items())),
        "failures": fuzzer.failures[:20],
    }
    out = os.environ.get("REISGENOOT_FUZZ_REPORT")
    if out:
        Path(out).write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report), file=sys.stderr)
    assert fuzzer.failures == []
    assert fuzzer.sent >= BIG
    assert not any(status >= 500 for status in fuzzer.statuses)


# --- WebSocket frames ------------------------------------------------------------------------

frame = st.one_of(
    st.binary(max_size=64).map(lambda b: ("bytes", b)),
    st.text(max_size=200).map(lambda t: ("text", t)),
    st.fixed_dictionaries(
        {
            "speaker": st.one_of(st.sampled_from(["inwoner", "medewerker"]), st.text(max_size=10)),
            "text": st.text(max_size=300),
        },
        optional={"id": st.one_of(st.integers(), st.text(max_size=5), st.none())},
    ).map(lambda d: ("text", json.dumps(d, ensure_ascii=bool(d.get("id") == 0)))),
    st.integers(min_value=1, max_value=3000).map(lambda n: ("text", "[" * n + "]" * n)),
)
ALLOWED_CLOSES = {frames.CLOSE_UNSUPPORTED, frames.CLOSE_INVALID, frames.CLOSE_TOO_BIG}


def test_websocket_frames(client: TestClient, users: dict[str, Any], db: Database) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    answered = 0

    @hsettings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(frame)
    def run(sent: tuple[str, Any]) -> None:
        nonlocal answered
        kind, payload = sent
        with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
            if kind == "bytes":
                socket.send_bytes(payload)
            else:
                socket.send_text(payload)
            try:
                answer = socket.receive_json()
            except WebSocketDisconnect as closed:
                assert closed.code in ALLOWED_CLOSES, closed.code
                return
            assert answer["type"] in {"suggesties", "fout"}, answer
            answered += answer["type"] == "suggesties"

    run()
    with db.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        stored = len(session.scalars(select(Turn).where(Turn.klantcontact_id == contact.id)).all())
    assert stored == answered  # every answered turn was stored; nothing else was


# --- parsers of the CLI ---------------------------------------------------------------------------

PARSERS = hsettings(max_examples=150, deadline=None, database=None, derandomize=True)


@PARSERS
@given(st.text(max_size=400), st.sampled_from(["text", "vtt", "json", None]))
def test_transcript_parser_gives_a_transcript_or_a_dutch_input_error(
    text: str, kind: str | None
) -> None:
    try:
        parse(text, format=kind)
    except InputError as error:
        assert error.dutch()


@PARSERS
@given(
    st.one_of(
        st.text(max_size=300),
        st.recursive(
            st.none() | st.integers() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=3), inner, max_size=3)
            ),
            max_leaves=40,
        ).map(json.dumps),
    )
)
def test_bounded_json_raises_only_its_own_errors(text: str) -> None:
    with contextlib.suppress(BoundedInputError, json.JSONDecodeError):
        load_json(text, max_depth=4)


@PARSERS
@given(st.text(max_size=300))
def test_bounded_yaml_raises_only_its_own_errors(text: str) -> None:
    with contextlib.suppress(BoundedInputError, yaml.YAMLError):
        load_yaml(text)


@PARSERS
@given(st.binary(max_size=400), st.sampled_from(["a.md", "b.csv"]))
def test_import_formats_give_articles_or_a_dutch_import_error(data: bytes, name: str) -> None:
    try:
        read_data(Path(name), b"---\n" + data if name.endswith(".md") else data)
    except InputError as error:
        assert error.dutch()
