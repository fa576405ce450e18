"""Redactie pages: write and edit kennisartikelen, crisis notices, and insight.

- ``/redactie``: the articles (search, filter by status), ``nieuw artikel``, the editor per SDG
  section with the B1 check (a button that works without JavaScript; with htmx it checks in
  place), optimistic concurrency and an audit event per save. Redacteur and beheerder.
- ``/redactie/crisis``: publish and withdraw crisis notices. Redacteur, beheerder and
  teamleider (teamleiders act on signals; the signals page links to
  ``/redactie/crisis/nieuw?onderwerp=<UPL>&bron=signaal``).
- ``/redactie/inzicht``: weak articles and unanswered questions from the insight provider.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role
from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge import notices as crisis
from reisgenoot.knowledge.app_embedder import app_embedder
from reisgenoot.knowledge.editing import (
    EDIT_STATUSES,
    HEADINGS,
    ArticleForm,
    EditConflictError,
    b1_feedback,
    conflicting_fields,
    save_article,
    upl_names,
    validate,
)
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.insight import MIN_GROUP, EmptyProvider, InsightProvider, insight
from reisgenoot.knowledge.models import SECTIONS, Article
from reisgenoot.settings import Settings
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.params import RecordId
from reisgenoot.web.templating import Pages, get_pages

PREFIX = "/redactie"
EDITOR_ROLES = (Role.REDACTEUR, Role.BEHEERDER)
CRISIS_ROLES = (Role.REDACTEUR, Role.BEHEERDER, Role.TEAMLEIDER)
MAX_QUERY = 200
MAX_LISTED = 200
STATUS_LABELS = {
    "concept": "Concept",
    "actief": "Actief",
    "non-actief": "Niet actief",
    "te-verwijderen": "Te verwijderen",
}
CONFLICT = (
    "Iemand anders heeft dit artikel opgeslagen nadat jij het opende. Jouw tekst is niet "
    "opgeslagen en staat hieronder nog. Bekijk de nieuwe versie en neem je wijzigingen over. "
    "Klik daarna opnieuw op Opslaan."
)

router = APIRouter(prefix=PREFIX)

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Editor = Annotated[CurrentUser, Depends(require_roles(*EDITOR_ROLES))]
Publisher = Annotated[CurrentUser, Depends(require_roles(*CRISIS_ROLES))]


def _embedder(request: Request) -> Embedder | None:
    """The app's embedder (settings ``KB_EMBEDDER``, created on first use)."""
    return app_embedder(request.app.state)


async def _form_values(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- articles ----------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def overview(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Editor,
    q: str = "",
    status: str = "",
) -> Response:
    """Alle kennisartikelen, te zoeken op titel en te filteren op status."""
    query = q.strip()[:MAX_QUERY]
    chosen = status if status in STATUS_LABELS else ""
    statement = select(Article).where(Article.kind != crisis.KIND)
    if query:
        statement = statement.where(Article.title.ilike(f"%{_escape_like(query)}%", escape="\\"))
    if chosen:
        statement = statement.where(Article.status == chosen)
    statement = statement.order_by(Article.updated_at.desc(), Article.id.desc())
    with database.session() as session:
        rows = list(session.scalars(statement.limit(MAX_LISTED + 1)))
    context = {
        "query": query,
        "status": chosen,
        "status_labels": STATUS_LABELS,
        "articles": rows[:MAX_LISTED],
        "more": len(rows) > MAX_LISTED,
    }
    return pages.render(request, "redactie/overzicht.html", context)


def _editor_context(
    session: Session, form: ArticleForm, article: Article | None, **extra: Any
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "form": form,
        "article": article,
        "sections": SECTIONS,
        "statuses": EDIT_STATUSES,
        "upl_names": sorted(upl_names(session)),
        "errors": [],
        "feedback": None,
        "conflict": None,
        "saved": False,
        "action": f"{PREFIX}/artikel/{article.id}" if article else f"{PREFIX}/nieuw",
    }
    context.update(extra)
    return context


@router.get("/nieuw", response_class=HTMLResponse)
def new_article(request: Request, pages: PagesDep, database: DatabaseDep, user: Editor) -> Response:
    """Een leeg formulier voor een nieuw kennisartikel."""
    with database.session() as session:
        context = _editor_context(session, ArticleForm(), None)
    return pages.render(request, "redactie/artikel.html", context)


def _load(session: Session, key: int) -> Article:
    article = session.get(Article, key)
    if article is None or article.kind == crisis.KIND:
        raise HTTPException(status_code=404)
    return article


@router.get("/artikel/{key}", response_class=HTMLResponse)
def edit_article(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Editor,
    key: RecordId,
    opgeslagen: str = "",
) -> Response:
    """Het bewerkformulier van een kennisartikel."""
    with database.session() as session:
        article = _load(session, key)
        form = ArticleForm.from_article(article)
        context = _editor_context(session, form, article, saved=opgeslagen == "1")
    return pages.render(request, "redactie/artikel.html", context)


async def _submit(
    request: Request,
    pages: Pages,
    database: Database,
    settings: Settings,
    user: CurrentUser,
    key: int | None,
) -> Response:
    values = await _form_values(request)
    form = ArticleForm.of(values)
    with database.session() as session:
        article = _load(session, key) if key is not None else None
        if values.get("actie") == "controleren":
            context = _editor_context(session, form, article, feedback=b1_feedback(form))
            return pages.render(request, "redactie/artikel.html", context)
        errors = validate(form, upl_names(session))
        if errors:
            context = _editor_context(
                session, form, article, errors=errors, feedback=b1_feedback(form)
            )
            return pages.render(request, "redactie/artikel.html", context, status_code=400)
    try:
        with database.session() as session:
            saved = save_article(
                session,
                form,
                key=key,
                audit_key=settings.audit_secret(),
                actor=user.username,
                embedder=_embedder(request),
            )
            target = f"{PREFIX}/artikel/{saved.id}?opgeslagen=1"
    except EditConflictError:
        return _conflict(request, pages, database, form, key)
    except KnowledgeError as error:
        raise HTTPException(status_code=404) from error
    return RedirectResponse(target, status_code=303)


def _conflict(
    request: Request, pages: Pages, database: Database, form: ArticleForm, key: int | None
) -> Response:
    assert key is not None
    with database.session() as session:
        article = _load(session, key)
        current = ArticleForm.from_article(article)
        changed = conflicting_fields(article, form)
        form.versie = article.content_hash  # saving again now is a deliberate overwrite
        context = _editor_context(
            session,
            form,
            article,
            conflict={"message": CONFLICT, "fields": changed, "current": current},
            headings=HEADINGS,
        )
    return pages.render(request, "redactie/artikel.html", context, status_code=409)


@router.post("/nieuw", response_class=HTMLResponse)
async def create_article(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, user: Editor
) -> Response:
    """Sla een nieuw artikel op (of controleer alleen het taalniveau)."""
    return await _submit(request, pages, database, settings, user, None)


@router.post("/artikel/{key}", response_class=HTMLResponse)
async def update_article(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Editor,
    key: RecordId,
) -> Response:
    """Sla de wijzigingen op; als iemand anders intussen opsloeg, wordt niets overschreven."""
    return await _submit(request, pages, database, settings, user, key)


@router.post("/b1", response_class=HTMLResponse)
async def b1_check(request: Request, pages: PagesDep, user: Editor) -> Response:
    """Controleer het taalniveau van de ingevulde secties (htmx: alleen het resultaat)."""
    form = ArticleForm.of(await _form_values(request))
    context = {"feedback": b1_feedback(form)}
    return pages.render(request, "redactie/_b1.html", context)


# --- crisis notices ----------------------------------------------------------------------


@router.get("/crisis", response_class=HTMLResponse)
def notices_page(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Publisher,
    geplaatst: str = "",
    ingetrokken: str = "",
) -> Response:
    """Lopende en afgelopen crisisberichten."""
    with database.session() as session:
        found = crisis.all_notices(session)
        reaches = crisis.reach(session, [n for n in found if n.active])
    context = {
        "reaches": reaches,
        "active": [n for n in found if n.active],
        "ended": [n for n in found if not n.active][:20],
        "published": geplaatst == "1",
        "withdrawn": ingetrokken == "1",
    }
    return pages.render(request, "redactie/crisis.html", context)


def _crisis_form_context(session: Session, form: crisis.NoticeForm, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "form": form,
        "upl_names": sorted(upl_names(session)),
        "errors": [],
        "max_text": crisis.MAX_TEXT,
        "max_days": crisis.MAX_DAYS,
    }
    context.update(extra)
    return context


@router.get("/crisis/nieuw", response_class=HTMLResponse)
def new_notice(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Publisher,
    onderwerp: str = "",
    bron: str = "",
) -> Response:
    """Formulier voor een crisisbericht; ``onderwerp`` en ``bron`` vullen het alvast in."""
    topic = onderwerp.strip()[:200]
    with database.session() as session:
        names = upl_names(session)
        form = crisis.NoticeForm(verloopt=crisis.default_expiry(), bron=bron.strip()[:30])
        if topic in names:
            form.onderwerp = topic
        elif topic:
            form.trefwoorden = topic
        context = _crisis_form_context(session, form)
    return pages.render(request, "redactie/crisis_form.html", context)


@router.post("/crisis/nieuw", response_class=HTMLResponse)
async def publish_notice(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Publisher,
) -> Response:
    """Plaats het crisisbericht; het staat meteen bovenaan bij zoeken en op de hulppagina."""
    form = crisis.NoticeForm.of(await _form_values(request))
    with database.session() as session:
        errors = crisis.validate(form, upl_names(session), utcnow())
        if errors:
            context = _crisis_form_context(session, form, errors=errors)
            return pages.render(request, "redactie/crisis_form.html", context, status_code=400)
        crisis.publish(session, form, audit_key=settings.audit_secret(), actor=user.username)
    return RedirectResponse(f"{PREFIX}/crisis?geplaatst=1", status_code=303)


@router.post("/crisis/{key}/intrekken")
def withdraw_notice(
    database: DatabaseDep, settings: SettingsDep, user: Publisher, key: RecordId
) -> Response:
    """Haal een crisisbericht meteen weg."""
    with database.session() as session:
        found = crisis.withdraw(
            session, key, audit_key=settings.audit_secret(), actor=user.username
        )
    if found is None:
        raise HTTPException(status_code=404)
    return RedirectResponse(f"{PREFIX}/crisis?ingetrokken=1", status_code=303)


# --- insight -----------------------------------------------------------------------------


def _provider(request: Request) -> InsightProvider:
    found = getattr(request.app.state, "insight_provider", None)
    return found if found is not None else EmptyProvider()


@router.get("/inzicht", response_class=HTMLResponse)
def insight_page(request: Request, pages: PagesDep, user: Editor) -> Response:
    """Artikelen met lage waardering of veel doorverwijzingen, en vragen zonder goed antwoord."""
    context = {"insight": insight(_provider(request)), "min_group": MIN_GROUP}
    return pages.render(request, "redactie/inzicht.html", context)
