"""The audit trail in the browser, for the beheerder: the latest events, verify, export.

- ``GET /beheer/audit``: the latest events (newest first) and a button to verify the chain.
- ``POST /beheer/audit/controleren``: verify, with the same Dutch verdict as
  ``reisgenoot audit verify``; the check itself is audited.
- ``GET /beheer/audit/export.jsonl``: every event as JSON Lines (optionally from/to a date), for
  an auditor. Events hold no personal data beyond usernames (contracts §11).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy import select

from reisgenoot.accounts.models import Role
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.audit_verdict import verdict
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.formatting import LOCAL
from reisgenoot.web.templating import Pages, get_pages

PREFIX = "/beheer/audit"
LATEST = 50
router = APIRouter(prefix=PREFIX)

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Beheerder = Annotated[CurrentUser, Depends(require_roles(Role.BEHEERDER))]
BAD_DATE = "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-12-01."


def _page(
    request: Request, pages: Pages, database: Database, result: str | None = None, ok: bool = True
) -> HTMLResponse:
    with database.session() as session:
        events = list(
            session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(LATEST))
        )
        context = {"events": events, "result": result, "ok": ok}
        return pages.render(request, "oversight/audit.html", context)


@router.get("", response_class=HTMLResponse)
def audit_page(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Beheerder
) -> Response:
    """De laatste gebeurtenissen in het auditlogboek."""
    return _page(request, pages, database)


@router.post("/controleren", response_class=HTMLResponse)
def audit_check(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Beheerder,
) -> Response:
    """Controleer of er niets is gewijzigd of weggehaald."""
    key = settings.audit_secret()
    with database.session() as session:
        result = audit.verify(session, key)
    message = verdict(result, audit.anchor_path(key))
    if result.intact:  # record the check only on an intact chain: never extend a broken one
        with database.session() as session:
            audit.record(
                session, key, actor=user.username, action="auditlogboek_gecontroleerd",
                details={"gebeurtenissen": result.events},
            )  # fmt: skip
    return _page(request, pages, database, message, ok=result.intact)


def _bound(value: str, *, end: bool) -> datetime | None:
    if not value:
        return None
    day = date.fromisoformat(value)
    moment = datetime.combine(day + timedelta(days=1) if end else day, time(), tzinfo=LOCAL)
    return moment.astimezone(UTC)


@router.get("/export.jsonl")
def audit_export(
    request: Request, database: DatabaseDep, user: Beheerder, van: str = "", tot: str = ""
) -> Response:
    """Alle gebeurtenissen als JSON Lines (van/tot: datums, tot en met)."""
    try:
        since, until = _bound(van.strip(), end=False), _bound(tot.strip(), end=True)
    except (ValueError, OverflowError):  # not a date, or the day after 9999-12-31
        return error_page(request, 400, BAD_DATE)
    statement = select(AuditEvent).order_by(AuditEvent.seq)
    if since is not None:
        statement = statement.where(AuditEvent.at >= since)
    if until is not None:
        statement = statement.where(AuditEvent.at < until)

    def lines() -> Iterator[str]:
        with database.session() as session:
            for event in session.scalars(statement.execution_options(yield_per=500)):
                row = {
                    "seq": event.seq,
                    "at": event.at.isoformat(),
                    "actor": event.actor,
                    "action": event.action,
                    "object_type": event.object_type,
                    "object_id": event.object_id,
                    "details": event.details,
                    "hash": event.hash,
                    "prev_hash": event.prev_hash,
                }
                yield json.dumps(row, ensure_ascii=False) + "\n"

    headers = {"Content-Disposition": 'attachment; filename="auditlogboek.jsonl"'}
    return StreamingResponse(lines(), media_type="application/x-ndjson", headers=headers)
