"""Dutch error pages: login redirects, 403, CSRF, 404, 422, 500 and other HTTP errors.

A request whose parameters do not validate (FastAPI's ``RequestValidationError``) gets a
Dutch page, never FastAPI's English JSON: a bad path parameter (an id that is no id,
:mod:`reisgenoot.web.params`) is a 404, anything else a 422. A client that asks for JSON only
(``Accept: application/json``) gets ``{"detail": "<Dutch message>"}`` instead of the page. An
unexpected error is a Dutch 500 page without a traceback; the traceback goes to the redacting
project log.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, RedirectResponse

from reisgenoot.log import get_logger
from reisgenoot.web.deps import LoginRequiredError, NotAllowedError, resolve_user, safe_next
from reisgenoot.web.security import CsrfError
from reisgenoot.web.templating import Pages

TITLES = {
    400: "De vraag kan niet worden verwerkt",
    401: "Log eerst in",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    405: "Dit kan hier niet",
    422: "Dit klopt niet helemaal",
    429: "Even geduld",
    500: "Er ging iets mis",
}
MESSAGES = {
    400: "Controleer wat u heeft ingevuld en probeer het opnieuw.",
    401: "Je bent niet (meer) ingelogd. Log opnieuw in om verder te gaan.",
    403: "Je hebt geen toegang tot deze pagina. Denk je dat dit niet klopt? Vraag het je beheerder.",
    404: "Deze pagina bestaat niet (meer). Controleer het adres of ga terug naar de startpagina.",
    405: "Deze actie kan niet op deze pagina.",
    422: "Een van de gegevens in het adres of het formulier klopt niet. Ga terug en probeer het opnieuw.",
    429: "Er komen te veel verzoeken binnen. Wacht een minuut en probeer het opnieuw.",
    500: "Er ging bij ons iets mis. Probeer het later opnieuw. Blijft het misgaan? Meld het bij je beheerder.",
}
CSRF_MESSAGE = "Het formulier is verlopen of niet compleet. Laad de pagina opnieuw en probeer het nog een keer."


LOG = get_logger(__name__)


def wants_json(request: Request) -> bool:
    """The client asked for JSON and not for a page (``fetch`` with ``Accept: application/json``)."""
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_page(request: Request, status: int, message: str | None = None) -> Response:
    text = message or MESSAGES.get(status, "Probeer het later opnieuw.")
    if wants_json(request):
        return JSONResponse({"detail": text}, status_code=status)
    pages: Pages = request.app.state.pages
    context = {"status": status, "title": TITLES.get(status, "Er ging iets mis"), "message": text}
    return pages.render(request, "error.html", context, status_code=status)


def _login_required(request: Request, _exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    location = f"/login?next={quote(safe_next(target), safe='/')}"
    if request.method not in {"GET", "HEAD"}:
        return error_page(request, 401)
    if request.headers.get("HX-Request") == "true":
        return PlainTextResponse(
            "Log eerst in.", status_code=401, headers={"HX-Redirect": location}
        )
    return RedirectResponse(location, status_code=303)


def _not_allowed(request: Request, _exc: Exception) -> Response:
    return error_page(request, 403)


def _csrf_failed(request: Request, _exc: Exception) -> Response:
    return error_page(request, 403, CSRF_MESSAGE)


def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    _resolve_quietly(request)  # the layout shows the right menu for a logged-in user
    response = error_page(request, status)
    if isinstance(exc, StarletteHTTPException) and exc.headers:
        response.headers.update(exc.headers)
    return response


def _invalid_request(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    in_path = any(error.get("loc", ("",))[0] == "path" for error in errors)
    _resolve_quietly(request)
    return error_page(request, 404 if in_path else 422)


def _server_error(request: Request, exc: Exception) -> Response:
    LOG.error("Onverwachte fout bij %s: %s", request.method, type(exc).__name__, exc_info=exc)
    return error_page(request, 500)


def _resolve_quietly(request: Request) -> None:
    try:
        resolve_user(request)
    except Exception:  # the error page must render even when the session lookup fails
        request.state.user = None


def install(app: FastAPI) -> None:
    """Register the handlers (sync: they may read the database in the thread pool)."""
    app.add_exception_handler(LoginRequiredError, _login_required)
    app.add_exception_handler(NotAllowedError, _not_allowed)
    app.add_exception_handler(CsrfError, _csrf_failed)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _server_error)
