"""The project access log: method, route template, status and time, nothing else.

uvicorn's access log writes the client address and the path with its query string, which
hold personal data as soon as someone searches for a BSN or opens ``/x/<e-mail>``.
``reisgenoot serve`` turns it off and wraps the app in :class:`AccessLogMiddleware`, which
logs the *template* of the route that answered (``/kennisbank/{source_id}``), never the
path itself, no query string and no address. A request no route answered is logged as
``(geen route)``.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reisgenoot.log import ACCESS_LOGGER, get_logger

NO_ROUTE = "(geen route)"

_log = get_logger(ACCESS_LOGGER)


def route_template(scope: Scope) -> str:
    """The path template of the route that handled ``scope`` (set by the router)."""
    route: Any = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else NO_ROUTE


class AccessLogMiddleware:
    """Log one line per HTTP request and WebSocket connection (outermost middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: list[int] = []

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            elif message["type"] == "websocket.accept":
                status.append(101)
            elif message["type"] == "websocket.close" and not status:
                status.append(403)
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            method = scope.get("method", "WEBSOCKET")
            elapsed = time.perf_counter() - started
            code = status[0] if status else 500
            # Seconds, not "1292 ms": the redactor would read "1292 ms" as a postcode.
            _log.info("%s %s %d %.3f s", method, route_template(scope), code, elapsed)
