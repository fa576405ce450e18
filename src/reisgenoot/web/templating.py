"""Templates: one Jinja2 environment (autoescaped) with the page context every layout needs.

Each page gets ``municipality``, ``is_demo`` (read once per request), ``current_user``,
``csrf_token`` and the role labels. :meth:`Pages.render` sets the pre-session CSRF cookie
when a form for an anonymous visitor needed a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from reisgenoot import __version__
from reisgenoot.accounts.models import Role
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser
from reisgenoot.web.formatting import FILTERS
from reisgenoot.web.markup import clean_html, render_text
from reisgenoot.web.security import CsrfGuard

ROLE_LABELS: Mapping[Role, str] = {
    Role.MEDEWERKER: "KCC-medewerker",
    Role.TEAMLEIDER: "Teamleider",
    Role.OPLEIDER: "Opleider",
    Role.TRAINEE: "Trainee",
    Role.REDACTEUR: "Redacteur",
    Role.BEHEERDER: "Beheerder",
}


def template_folder() -> str:
    return str(resources.files("reisgenoot.web") / "templates")


def is_demo(request: Request) -> bool:
    """Whether the database is a demo (cached for the rest of the request)."""
    cached = getattr(request.state, "is_demo", None)
    if cached is None:
        database: Database = request.app.state.database
        cached = database.is_demo()
        request.state.is_demo = cached
    return bool(cached)


class Pages:
    """Renders the package's templates with the shared page context."""

    def __init__(self, settings: Settings, csrf: CsrfGuard) -> None:
        self.settings = settings
        self.csrf = csrf
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(template_folder()),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        environment.filters["article_text"] = render_text
        environment.filters["clean_html"] = clean_html
        environment.filters.update(FILTERS)
        environment.globals.update(
            municipality=settings.municipality,
            role_labels=ROLE_LABELS,
            asset_version=__version__,
        )
        self.templates = Jinja2Templates(env=environment, context_processors=[self._context])

    def _context(self, request: Request) -> dict[str, Any]:
        user = getattr(request.state, "user", None)
        current = user if isinstance(user, CurrentUser) else None
        return {
            "current_user": current,
            "csrf_token": self.csrf.token_for(request, current),
            "is_demo": is_demo(request),
        }

    def render(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        response = self.templates.TemplateResponse(
            request, name, dict(context or {}), status_code=status_code, headers=headers
        )
        self.csrf.attach_cookie(request, response)
        return response


def get_pages(request: Request) -> Pages:
    """The app's pages, with the demo flag already read for this request.

    The flag is read here, as a dependency, before the route runs: a route that renders
    inside ``with database.session()`` (the chat's answer, a rating) would otherwise check
    out a second pool connection for it while holding the first. Under load every pooled
    connection can then be held by a request waiting for its second one, and the process
    stands still until the pool's timeout (issue 21: the public chat with 2 processes).
    """
    pages: Pages = request.app.state.pages
    is_demo(request)
    return pages
