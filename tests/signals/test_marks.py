"""Marks: herkend / actie / ruis per team and signal key, with CSRF, audit and redaction; the
detectors never read them."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from reisgenoot.settings import Settings
from reisgenoot.signals.marks import SignalKey, set_mark
from reisgenoot.signals.models import SignalMark
from reisgenoot.signals.service import compute_signals
from reisgenoot.store import audit
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.signals.conftest import SURGE_TOPIC, TeamHistory
from tests.web.fixtures import Account, csrf_from, login

KEY_FIELD = re.compile(r'name="signaal" value="([^"]+)"')
MONDAY, SUNDAY = date(2026, 11, 23), date(2026, 11, 29)


def _surge_key(html: str) -> str:
    keys: list[str] = [k.replace("&amp;", "&") for k in KEY_FIELD.findall(html)]
    surge = [k for k in keys if k.startswith(f"volume|{SURGE_TOPIC}||")]
    assert surge, keys
    return surge[0]


def _post_mark(client: TestClient, key: str, mark: str, note: str = "", **extra: str):  # type: ignore[no-untyped-def]
    page = client.get("/signalen")
    data = {
        "csrf_token": csrf_from(page.text),
        "signaal": key,
        "markering": mark,
        "notitie": note,
        "terug": "van=2026-11-01&tot=2026-11-27&evil=1",
    }
    data.update(extra)
    return client.post("/signalen/markeringen", data=data)


def test_mark_is_stored_audited_redacted_and_shown(
    client: TestClient,
    users: dict[str, Account],
    team_history: TeamHistory,
    db: Database,
    settings: Settings,
) -> None:
    login(client, "teamleider")
    key = _surge_key(client.get("/signalen").text)
    response = _post_mark(client, key, "actie", "Bel Jan de Vries op 06-12345678 over de route")
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/signalen?van=2026-11-01&tot=2026-11-27&opgeslagen=1#w-2026-W48")
    assert "evil" not in location
    with db.session() as session:
        rows = list(session.scalars(select(SignalMark)))
        assert len(rows) == 1
        row = rows[0]
        assert (row.scope, row.team_id, row.kind, row.topic, row.kanaal) == (
            f"team:{team_history.team_id}",
            team_history.team_id,
            "volume",
            SURGE_TOPIC,
            "",
        )
        assert (row.week_start, row.week_end, row.mark) == (MONDAY, SUNDAY, "actie")
        assert "06-12345678" not in row.note and "route" in row.note
        events = list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "signaal_gemarkeerd"))
        )
        assert len(events) == 1 and events[0].actor == "teamleider"
        assert events[0].details["markering"] == "actie"
        assert audit.verify(session, settings.audit_secret()).intact
    page = client.get(location).text
    assert "De markering is opgeslagen." in page
    assert "Markering: Actie" in page
    # Marked "actie": the crisis button is the primary one.
    assert re.search(r'<a class="button" href="/redactie/crisis/nieuw\?', page)

    again = _post_mark(client, key, "ruis")
    assert again.status_code == 303
    with db.session() as session:
        rows = list(session.scalars(select(SignalMark)))
        assert len(rows) == 1 and rows[0].mark == "ruis" and rows[0].note == ""
        count = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "signaal_gemarkeerd")
        ).all()
        assert len(count) == 2


def test_mark_needs_csrf(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory, db: Database
) -> None:
    login(client, "teamleider")
    key = _surge_key(client.get("/signalen").text)
    response = client.post("/signalen/markeringen", data={"signaal": key, "markering": "actie"})
    assert response.status_code == 403
    wrong = client.post(
        "/signalen/markeringen",
        data={"signaal": key, "markering": "actie", "csrf_token": "nep"},
    )
    assert wrong.status_code == 403
    with db.session() as session:
        assert session.scalars(select(SignalMark)).all() == []


def test_only_teamleider_and_beheerder_mark(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    login(client, "redacteur")
    page = client.get("/signalen")
    response = client.post(
        "/signalen/markeringen",
        data={
            "csrf_token": csrf_from(page.text),
            "signaal": f"volume|{SURGE_TOPIC}||2026-11-23|2026-11-29",
            "markering": "actie",
        },
    )
    assert response.status_code == 403


def test_unknown_signals_and_marks_are_refused(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory, db: Database
) -> None:
    login(client, "teamleider")
    key = _surge_key(client.get("/signalen").text)
    assert _post_mark(client, key, "misschien").status_code == 400
    for bad in (
        "volume|bestaat niet||2026-11-23|2026-11-29",
        f"volume|{SURGE_TOPIC}||2026-11-24|2026-11-30",
        "onzin",
        f"volume|{SURGE_TOPIC}||2026-11-23|gisteren",
    ):
        response = _post_mark(client, bad, "actie")
        assert response.status_code == 400, bad
        assert "Dit signaal bestaat niet" in response.text
    assert _post_mark(client, key, "actie", "x" * 501).status_code == 400
    with db.session() as session:
        assert session.scalars(select(SignalMark)).all() == []


def test_detection_is_identical_with_and_without_marks(
    db: Database, settings: Settings, team_history: TeamHistory
) -> None:
    with db.session() as session:
        before = compute_signals(session, MONDAY, date(2026, 11, 27), "KCC Noord").to_dict()
        whole_before = compute_signals(session).to_dict()
    assert before["signals"]
    with db.session() as session:
        for signal in before["signals"]:
            key = SignalKey(signal["kind"], signal["topic"], signal["kanaal"] or "", MONDAY, SUNDAY)
            for team_id in (team_history.team_id, None):
                set_mark(
                    session,
                    team_id,
                    key,
                    "ruis",
                    "niet belangrijk",
                    audit_key=settings.audit_secret(),
                    actor="test",
                )
    with db.session() as session:
        assert len(session.scalars(select(SignalMark)).all()) == 2 * len(before["signals"])
        after = compute_signals(session, MONDAY, date(2026, 11, 27), "KCC Noord").to_dict()
        whole_after = compute_signals(session).to_dict()
    assert after == before
    assert whole_after == whole_before


def test_detectors_do_not_read_marks() -> None:
    """No detection module mentions the marks: they cannot feed back into detection."""
    package = resources.files("reisgenoot.signals")
    for name in ("service.py", "detectors.py", "aggregate.py", "baseline.py", "kanon.py"):
        source = (package / name).read_text("utf-8")
        for word in ("marks", "SignalMark", "signal_marks", "signals.models"):
            assert word not in source, (name, word)


def test_mark_table_holds_no_person(db: Database) -> None:
    columns = {c["name"] for c in inspect(db.engine).get_columns("signal_marks")}
    assert columns == {
        "id",
        "scope",
        "team_id",
        "kind",
        "topic",
        "kanaal",
        "week_start",
        "week_end",
        "mark",
        "note",
        "updated_at",
    }
