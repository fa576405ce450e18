"""The public self-service chat (``/hulp/chat``) and the public article page (``/hulp/artikel``).

No login: every route is ``@public`` and rate limited per client address like ``/hulp``. Forms
carry the pre-session CSRF token (see :mod:`reisgenoot.web.security`). Without JavaScript each
form is a plain POST followed by a redirect back to the conversation; with htmx the chat form
appends only the new exchange, and a rating replaces only its own block. The chat is found by
a random token in the ``reisgenoot_chat`` cookie (only its hash is stored).

- ``GET/POST /hulp/chat``: the conversation and the question form.
- ``POST /hulp/chat/beoordeling/{id}``: "Had u hier iets aan?" for one answer.
- ``GET/POST /hulp/chat/mens``: the contactverzoek form ("Liever een mens?").
- ``GET /hulp/chat/verzonden``: the confirmation. ``POST /hulp/chat/nieuw``: start over.
- ``GET /hulp/artikel/{id}``: an active article's public sections (never the deskMemo).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.contacts.requests import Callback
from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge import replies, selfservice
from reisgenoot.knowledge.app_embedder import app_embedder
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.routes import RATE_LIMITED, SOURCE_LABELS
from reisgenoot.knowledge.selfservice_models import Chat, Exchange
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import client_address, get_database, get_settings, is_htmx, public
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.params import RecordId
from reisgenoot.web.ratelimit import RateLimiter, public_key
from reisgenoot.web.templating import Pages, get_pages

CHAT_COOKIE = "reisgenoot_chat"
CHAT_PATH = "/hulp/chat"
NAME_MAX = 200
EMAIL_MAX = 254
_PHONE = re.compile(r"^\+?[\d\s()-]{8,20}$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
FORM_ERRORS = {
    "bereikbaar": "Vul een telefoonnummer of een e-mailadres in. Anders kunnen wij u niet bereiken.",
    "telefoon": "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678.",
    "email": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
    "bellen": "U wilt teruggebeld worden. Vul dan ook uw telefoonnummer in.",
    "mailen": "U wilt antwoord per e-mail. Vul dan ook uw e-mailadres in.",
    "naam": f"Uw naam is te lang. Gebruik hoogstens {NAME_MAX} tekens.",
    "toelichting": f"Uw toelichting is te lang. Gebruik hoogstens {selfservice.NOTE_MAX} tekens.",
}
RATING_ERROR = "Kies Ja of Nee."
RATED_BEFORE = "U heeft dit antwoord al beoordeeld. Bedankt!"
CHAT_LIMITED = (
    "U heeft veel vragen kort na elkaar gesteld. Wacht een minuut en stel dan uw vraag opnieuw. "
    "Of bel 14 0999."
)
GENERIC_ERROR = "Er ging iets mis. Laad de pagina opnieuw en probeer het nog eens."

public_router = APIRouter()

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
FormText = Annotated[str, Form()]


# --- plumbing -----------------------------------------------------------------------------


def _allowed(request: Request, route: str) -> bool:
    """Within the route's limit for this address."""
    limiter: RateLimiter = request.app.state.public_limiter
    return limiter.allow(public_key(route, client_address(request)))


def _chat_allowed(request: Request) -> bool:
    """Within the chat's own limit of questions per minute (a new chat has none yet)."""
    limiter: RateLimiter = request.app.state.public_limiter
    token = request.cookies.get(CHAT_COOKIE)
    if not token:
        return True
    most = get_settings(request).chat_questions_per_minute
    return limiter.allow(public_key("vraag", selfservice.token_hash(token)), most)


def _limited(request: Request, pages: Pages, message: str = RATE_LIMITED) -> Response:
    if is_htmx(request):
        return _fragment_error(request, pages, message)
    return error_page(request, 429, message)


def _fragment_error(request: Request, pages: Pages, message: str) -> Response:
    """An error for htmx: swapped into the chat's error box (htmx swaps only 2xx)."""
    headers = {"HX-Retarget": "#chat-fout", "HX-Reswap": "innerHTML"}
    return pages.render(request, "selfservice/_fout.html", {"message": message}, headers=headers)


def embedder_of(request: Request) -> Embedder | None:
    """The app's embedder (settings ``KB_EMBEDDER``, created on first use; None: words only).

    The bundled e5 model is shared by the request threads behind a lock
    (:class:`~reisgenoot.knowledge.selfservice.SerialEmbedder`).
    """
    return app_embedder(request.app.state)


def readiness_of(request: Request, database: Database) -> selfservice.Readiness:
    state = request.app.state
    found: selfservice.Readiness | None = getattr(state, "selfservice_readiness", None)
    if found is None:
        found = selfservice.Readiness(database, embedder_of(request))
        state.selfservice_readiness = found
    return found


def _set_chat_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        CHAT_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/hulp",
    )


def _chat_view(request: Request, session: Session, chat: Chat | None) -> dict[str, Any]:
    """The conversation and, once handed over, the reference number and the response time."""
    handed_off = bool(chat and chat.klantcontact_id)
    return {
        "exchanges": list(chat.exchanges) if chat else [],
        "handed_off": handed_off,
        "reference": selfservice.reference_of(session, chat),
        "response_time": response_time(get_settings(request).callback_due_hours),
    }


def _exchange_context() -> dict[str, Any]:
    """What ``selfservice/_exchange.html`` needs besides the exchange itself."""
    return {
        "texts": selfservice.HANDOFF_TEXTS,
        "source_labels": SOURCE_LABELS,
        "linked": replies.linked,
        "acknowledgement": replies.acknowledgement,
        "person_offer": replies.PERSON_OFFER,
        "notice_hold": replies.notice_hold,
        "article_url": replies.article_url,
        "national_source": replies.NATIONAL,
    }


def _render_chat(
    request: Request,
    pages: Pages,
    database: Database,
    *,
    question: str = "",
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    with database.session() as session:
        chat = selfservice.find_chat(session, request.cookies.get(CHAT_COOKIE))
        context = _chat_view(request, session, chat)
    context.update(question=question, message=message, **_exchange_context())
    context.update(max_question=selfservice.MAX_QUESTION_CHARS)
    return pages.render(request, "selfservice/chat.html", context, status_code=status_code)


# --- the chat -----------------------------------------------------------------------------


@public_router.get(CHAT_PATH, response_class=HTMLResponse)
@public
def chat_page(request: Request, pages: PagesDep, database: DatabaseDep) -> Response:
    """De chat met de digitale assistent."""
    if not _allowed(request, "chat"):
        return _limited(request, pages)
    return _render_chat(request, pages, database)


def _answer(
    request: Request, database: Database, settings: Settings, question: str
) -> tuple[int, str | None]:
    """Store the answer; (exchange id, new token or None). Raises KnowledgeError on problems."""
    selfservice.check_question(question)
    if not readiness_of(request, database).ready():
        raise KnowledgeError("index not ready", code="niet_klaar")
    token = request.cookies.get(CHAT_COOKIE)
    fresh: str | None = None
    with database.session() as session:
        chat = selfservice.find_chat(session, token)
        if chat is None:
            fresh = selfservice.new_token()
            chat = selfservice.start_chat(session, fresh)
        exchange = selfservice.answer_question(
            session,
            chat,
            question,
            embedder=embedder_of(request),
            zaak_patterns=settings.zaaknummer_patterns,
            priorities=settings.kb_source_priority,
            model=request.app.state.llm,
        )
        return exchange.id, fresh


@public_router.post(CHAT_PATH, response_class=HTMLResponse)
@public
def chat_ask(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    vraag: FormText = "",
) -> Response:
    """Een vraag stellen; zonder JavaScript terug naar het gesprek, met htmx alleen het antwoord."""
    if not _chat_allowed(request):
        return _limited(request, pages, CHAT_LIMITED)
    if not _allowed(request, "vraag"):
        return _limited(request, pages)
    try:
        exchange_id, fresh = _answer(request, database, settings, vraag)
    except KnowledgeError as error:
        message = selfservice.problem_text(error)
        if is_htmx(request):
            return _fragment_error(request, pages, message)
        return _render_chat(
            request, pages, database, question=vraag, message=message, status_code=400
        )
    response: Response
    if is_htmx(request):
        with database.session() as session:
            exchange = session.get(Exchange, exchange_id)
            context = {"exchange": exchange, **_exchange_context()}
            response = pages.render(request, "selfservice/_answer.html", context)
    else:
        response = RedirectResponse(f"{CHAT_PATH}#antwoord-{exchange_id}", status_code=303)
    if fresh:
        _set_chat_cookie(response, fresh, settings)
    return response


@public_router.post(CHAT_PATH + "/beoordeling/{exchange_id}", response_class=HTMLResponse)
@public
def chat_rate(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    exchange_id: RecordId,
    nuttig: FormText = "",
    toelichting: FormText = "",
) -> Response:
    """Een antwoord beoordelen: had u er iets aan (ja/nee), met een toelichting als u wilt."""
    if not _allowed(request, "beoordeling"):
        return _limited(request, pages)
    if nuttig not in {"ja", "nee"}:
        if is_htmx(request):
            return _fragment_error(request, pages, RATING_ERROR)
        return _render_chat(request, pages, database, message=RATING_ERROR, status_code=400)
    with database.session() as session:
        chat = selfservice.find_chat(session, request.cookies.get(CHAT_COOKIE))
        if chat is None:
            raise HTTPException(status_code=404)
        try:
            stored = selfservice.rate(
                session,
                chat,
                exchange_id,
                nuttig == "ja",
                toelichting,
                zaak_patterns=settings.zaaknummer_patterns,
            )
        except KnowledgeError as error:
            raise HTTPException(status_code=404) from error
        exchange = next(e for e in chat.exchanges if e.id == exchange_id)
        if is_htmx(request):
            context = {"exchange": exchange, "note": None if stored else RATED_BEFORE}
            return pages.render(request, "selfservice/_rating.html", context)
    return RedirectResponse(f"{CHAT_PATH}#antwoord-{exchange_id}", status_code=303)


@public_router.post(CHAT_PATH + "/nieuw")
@public
def chat_new(request: Request, pages: PagesDep) -> Response:
    """Een nieuw gesprek beginnen (het oude blijft bewaard zonder persoonsgegevens)."""
    if not _allowed(request, "nieuw"):
        return _limited(request, pages)
    response = RedirectResponse(CHAT_PATH, status_code=303)
    response.delete_cookie(CHAT_COOKIE, path="/hulp")
    return response


# --- hand-off to a person -------------------------------------------------------------------


def _form_errors(
    name: str, phone: str, email: str, preference: str, note: str
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if len(name) > NAME_MAX:
        errors.append(("naam", FORM_ERRORS["naam"]))
    if not phone and not email:
        errors.append(("telefoon", FORM_ERRORS["bereikbaar"]))
    if phone and not _PHONE.match(phone):
        errors.append(("telefoon", FORM_ERRORS["telefoon"]))
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        errors.append(("email", FORM_ERRORS["email"]))
    if (phone or email) and preference == "bellen" and not phone:
        errors.append(("telefoon", FORM_ERRORS["bellen"]))
    if (phone or email) and preference == "email" and not email:
        errors.append(("email", FORM_ERRORS["mailen"]))
    if len(note) > selfservice.NOTE_MAX:
        errors.append(("toelichting", FORM_ERRORS["toelichting"]))
    return errors


def _person_page(
    request: Request,
    pages: Pages,
    database: Database,
    values: dict[str, str],
    errors: list[tuple[str, str]],
    status_code: int = 200,
) -> Response:
    with database.session() as session:
        chat = selfservice.find_chat(session, request.cookies.get(CHAT_COOKIE))
        context = _chat_view(request, session, chat)
    context.update(values=values, errors=errors, error_fields={f for f, _t in errors})
    return pages.render(request, "selfservice/mens.html", context, status_code=status_code)


@public_router.get(CHAT_PATH + "/mens", response_class=HTMLResponse)
@public
def person_form(request: Request, pages: PagesDep, database: DatabaseDep) -> Response:
    """Het formulier om contact met een medewerker te vragen."""
    if not _allowed(request, "mens"):
        return _limited(request, pages)
    values = {"naam": "", "telefoon": "", "email": "", "voorkeur": "bellen", "toelichting": ""}
    return _person_page(request, pages, database, values, [])


@public_router.post(CHAT_PATH + "/mens", response_class=HTMLResponse)
@public
def person_request(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    naam: FormText = "",
    telefoon: FormText = "",
    email: FormText = "",
    voorkeur: FormText = "bellen",
    toelichting: FormText = "",
) -> Response:
    """Een contactverzoek versturen: een medewerker neemt contact op."""
    if not _allowed(request, "mens"):
        return _limited(request, pages)
    values = {
        "naam": naam.strip(),
        "telefoon": telefoon.strip(),
        "email": email.strip(),
        "voorkeur": voorkeur if voorkeur in {"bellen", "email"} else "bellen",
        "toelichting": toelichting.strip(),
    }
    errors = _form_errors(
        *(values[k] for k in ("naam", "telefoon", "email", "voorkeur", "toelichting"))
    )
    if errors:
        return _person_page(request, pages, database, values, errors, status_code=400)
    callback = Callback(values["naam"], values["telefoon"], values["email"], values["voorkeur"])
    fresh: str | None = None
    with database.session() as session:
        chat = selfservice.find_chat(session, request.cookies.get(CHAT_COOKIE))
        if chat is None:
            fresh = selfservice.new_token()
            chat = selfservice.start_chat(session, fresh)
        selfservice.hand_off(
            session,
            chat,
            callback,
            values["toelichting"],
            audit_key=settings.audit_secret(),
            zaak_patterns=settings.zaaknummer_patterns,
        )
    response = RedirectResponse(CHAT_PATH + "/verzonden", status_code=303)
    if fresh:
        _set_chat_cookie(response, fresh, settings)
    return response


@public_router.get(CHAT_PATH + "/verzonden", response_class=HTMLResponse)
@public
def person_sent(request: Request, pages: PagesDep, database: DatabaseDep) -> Response:
    """Bevestiging: het contactverzoek is ontvangen."""
    if not _allowed(request, "verzonden"):
        return _limited(request, pages)
    with database.session() as session:
        chat = selfservice.find_chat(session, request.cookies.get(CHAT_COOKIE))
        context = _chat_view(request, session, chat)
    return pages.render(request, "selfservice/verzonden.html", context)


def response_time(hours: int) -> str:
    """The due time of a contactverzoek as the resident reads it: "2 dagen", "4 uur"."""
    if hours % 24 == 0:
        days = hours // 24
        return f"{days} {'dag' if days == 1 else 'dagen'}"
    return f"{hours} uur"


# --- public article page --------------------------------------------------------------------


@public_router.get("/hulp/artikel/{source_id}", response_class=HTMLResponse)
@public
def public_article(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    source_id: str,
    bron: str | None = None,
) -> Response:
    """Een kennisartikel zoals inwoners het mogen zien (zonder het blok voor medewerkers)."""
    if not _allowed(request, "artikel"):
        return _limited(request, pages)
    with database.session() as session:
        statement = select(Article).where(
            Article.source_id == source_id,
            Article.status == "actief",
            Article.kind != "crisismelding",
        )
        if bron:
            statement = statement.where(Article.source == bron)
        article = session.scalars(statement.order_by(Article.source)).first()
        if article is None:
            raise HTTPException(status_code=404)
        sections = article.public_sections()
        links = replies.referrals(session, "\n".join(text for _f, _h, text in sections))
        context = {
            "article": article,
            "sections": sections,
            "imported_html": str(article.extra.get("html") or ""),
            "links": [link for link in links if link["id"] != article.source_id],
            "linked": replies.linked,
        }
    return pages.render(request, "selfservice/artikel.html", context)
