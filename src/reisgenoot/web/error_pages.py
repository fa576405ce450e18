"""Dutch error pages: login redirects, 403, CSRF, 404 and other HTTP errors."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, RedirectResponse

from reisgenoot.web.deps import LoginRequiredError, NotAllowedError, resolve_user, safe_next
from reisgenoot.web.security import CsrfError
from reisgenoot.web.templating import Pages

TITLES = {
    400: "De vraag kan niet worden verwerkt",
    401: "Log eerst in",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    405: "Dit kan hier niet",
    429: "Even geduld",
}
MESSAGES = {
    400: "Controleer wat u heeft ingevuld en probeer het opnieuw.",
    401: "Je bent niet (meer) ingelogd. Log opnieuw in om verder te gaan.",
    403: "Je hebt geen toegang tot deze pagina. Denk je dat dit niet klopt? Vraag het je beheerder.",
    404: "Deze pagina bestaat niet (meer). Controleer het adres of ga terug naar de startpagina.",
    405: "Deze actie kan niet op deze pagina.",
    429: "Er komen te veel verzoeken binnen. Wacht een minuut en probeer het opnieuw.",
}
CSRF_MESSAGE = "Het formulier is verlopen of niet compleet. Laad de pagina opnieuw en probeer het nog een keer."


def error_page(request: Request, status: int, message: str | None = None) -> Response:
    pages: Pages = request.app.state.pages
    context = {
        "status": status,
        "title": TITLES.get(status, "Er ging iets mis"),
        "message": message or MESSAGES.get(status, "Probeer het later opnieuw."),
    }
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
    resolve_user(request)  # the layout shows the right menu for a logged-in user
    response = error_page(request, status)
    if isinstance(exc, StarletteHTTPException) and exc.headers:
        response.headers.update(exc.headers)
    return response


def install(app: FastAPI) -> None:
    """Register the handlers (sync: they may read the database in the thread pool)."""
    app.add_exception_handler(LoginRequiredError, _login_required)
    app.add_exception_handler(NotAllowedError, _not_allowed)
    app.add_exception_handler(CsrfError, _csrf_failed)
    app.add_exception_handler(StarletteHTTPException, _http_error)
