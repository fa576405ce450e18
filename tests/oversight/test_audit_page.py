"""The audit trail in the browser: latest events, verify (intact and tampered), export."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.web.fixtures import Account, csrf_from, login

PAGE = "/beheer/audit"


def _check(client: TestClient) -> str:
    token = csrf_from(client.get(PAGE).text)
    response = client.post(f"{PAGE}/controleren", data={"csrf_token": token})
    assert response.status_code == 200
    return str(response.text)


def test_only_the_beheerder_sees_the_audit_trail(
    client: TestClient, users: dict[str, Account]
) -> None:
    login(client, "teamleider")
    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}/export.jsonl").status_code == 403


def test_verify_says_intact_and_then_names_a_changed_event(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    login(client, "beheerder")
    page = client.get(PAGE).text
    assert "gebruiker aangemaakt" in page  # the accounts of the test are audited events
    assert "Het auditlogboek is intact" in _check(client)
    with db.session() as session:
        session.execute(text("UPDATE audit_events SET actor = 'iemand' WHERE seq = 2"))
    tampered = _check(client)
    assert "Het auditlogboek is NIET intact: gebeurtenis 2 is gewijzigd." in tampered
    assert 'role="alert"' in tampered


def test_export_gives_every_event_as_json_lines_and_filters_by_date(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    login(client, "beheerder")
    response = client.get(f"{PAGE}/export.jsonl")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = [json.loads(line) for line in response.text.splitlines()]
    with db.session() as session:
        assert len(rows) == session.scalar(select(func.count(AuditEvent.seq)))
    assert [row["seq"] for row in rows] == sorted(row["seq"] for row in rows)
    assert {"actor", "action", "hash", "prev_hash", "details"} <= set(rows[0])
    assert client.get(f"{PAGE}/export.jsonl?tot=2000-01-01").text == ""
    bad = client.get(f"{PAGE}/export.jsonl?van=gisteren")
    assert bad.status_code == 400 and "JJJJ-MM-DD" in bad.text
