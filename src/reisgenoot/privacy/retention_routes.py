"""The beheerder's retention page: the period per kind of data, change it, purge now.

- ``GET /beheer/bewaartermijnen``: per kind the period in force, where it comes from (the
  setting or a beheerder's change) and how much a purge now would delete.
- ``POST /beheer/bewaartermijnen``: set the periods (empty: back to the setting); audited.
- ``POST /beheer/bewaartermijnen/opschonen``: without ``bevestigd=ja`` a confirmation page;
  with it the purge runs (the same as ``reisgenoot retention purge``).

Only beheerders; CSRF like every form.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reisgenoot.accounts.models import Role
from reisgenoot.errors import PrivacyInputError
from reisgenoot.privacy import purge, retention
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.templating import Pages, get_pages

PREFIX = "/beheer/bewaartermijnen"
router = APIRouter(prefix=PREFIX)

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Beheerder = Annotated[CurrentUser, Depends(require_roles(Role.BEHEERDER))]
DONE = {"opgeslagen": "De bewaartermijnen zijn opgeslagen."}


def field_id(kind: retention.Kind) -> str:
    return f"dagen-{kind.key}"


def _page(
    request: Request, pages: Pages, database: Database, settings: Settings, **extra: Any
) -> HTMLResponse:
    with database.session() as session:
        terms = retention.terms(session, settings)
        counts = {result.kind.key: result for result in purge.preview(session, settings)}
        context = {
            "terms": terms,
            "counts": counts,
            "field_id": field_id,
            "minimum": retention.MIN_DAYS,
            "maximum": retention.MAX_DAYS,
            "nightly_hour": settings.learn_nightly_hour,
            "done": DONE.get(request.query_params.get("klaar", ""), ""),
            "errors": [],
            "form": {},
            "report": None,
            "confirm": False,
            **extra,
        }
        status = 400 if context["errors"] else 200
        return pages.render(request, "privacy/bewaartermijnen.html", context, status_code=status)


@router.get("", response_class=HTMLResponse)
def retention_page(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, user: Beheerder
) -> Response:
    """Bewaartermijnen per soort gegevens."""
    return _page(request, pages, database, settings)


def _parse(
    form: dict[str, str],
) -> tuple[list[tuple[retention.Kind, int | None]], list[tuple[str, str]]]:
    changes: list[tuple[retention.Kind, int | None]] = []
    problems: list[tuple[str, str]] = []
    for kind in retention.KINDS:
        raw = form.get(field_id(kind), "").strip()
        if not raw:
            changes.append((kind, None))
            continue
        try:
            changes.append((kind, retention.check_days(kind, int(raw))))
        except (ValueError, PrivacyInputError):
            error = PrivacyInputError(
                "bad days",
                code="bewaartermijn_ongeldig",
                label=kind.label.lower(),
                minimum=retention.MIN_DAYS,
                maximum=retention.MAX_LABEL,
            )
            problems.append((field_id(kind), error.dutch()))
    return changes, problems


@router.post("")
async def save_retention(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, user: Beheerder
) -> Response:
    """Sla de bewaartermijnen op (leeg: de standaard uit de instellingen)."""
    submitted = await request.form()
    form = {key: str(value)[:20] for key, value in submitted.items() if isinstance(value, str)}
    changes, problems = _parse(form)
    if problems:
        return _page(request, pages, database, settings, errors=problems, form=form)
    with database.session() as session:
        retention.set_days(
            session, settings, changes, audit_key=settings.audit_secret(), actor=user.username
        )
    return RedirectResponse(f"{PREFIX}?klaar=opgeslagen", status_code=303)


@router.post("/opschonen", response_class=HTMLResponse)
def purge_now(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Beheerder,
    bevestigd: Annotated[str, Form()] = "",
) -> Response:
    """Ruim nu op wat over de bewaartermijn is (eerst bevestigen)."""
    if bevestigd != "ja":
        return _page(request, pages, database, settings, confirm=True)
    report = purge.purge(database, settings, actor=user.username)
    return _page(request, pages, database, settings, report=report)
