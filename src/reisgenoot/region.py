"""One installation, several municipalities: the web app that routes each request by host name.

:func:`create_region_app` builds, for every municipality of ``REISGENOOT_MUNICIPALITIES_FILE``
(:mod:`reisgenoot.municipalities`), the ordinary app (:func:`reisgenoot.app.create_app`) with
that municipality's own settings and database, and puts :class:`Region` in front of them. A
request goes to the app whose host names include the request's ``Host`` (or, only from a
proxy in ``REISGENOOT_TRUSTED_PROXIES``, its ``X-Forwarded-Host``); an unknown host gets a
Dutch page (404), never another municipality. ``/gezond`` answers on every host (a load
balancer's health check names no municipality). Nothing but the bundled embedding model (no
data, only weights) is shared between the apps (ADR 29).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping, Sequence
from contextlib import AsyncExitStack

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from reisgenoot.app import create_app
from reisgenoot.knowledge.app_embedder import create_embedder
from reisgenoot.log import get_logger
from reisgenoot.municipalities import Municipalities, configured, normal_host
from reisgenoot.settings import Settings

log = get_logger(__name__)
HEALTH_PATH = "/gezond"
UNKNOWN_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Onbekend adres - Reisgenoot</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}h1{font-size:1.6rem}</style></head>
<body><main><h1>Dit adres kennen we niet</h1>
<p>Op dit adres werkt Reisgenoot niet voor een gemeente. Controleer het adres in de
adresbalk. Gebruik het adres dat u van uw gemeente kreeg.</p>
<p>Werkt het adres wel en ziet u toch deze pagina? Meld het dan bij de beheerder.</p>
</main></body></html>
"""
PAGE_HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (b"content-security-policy", b"default-src 'none'; style-src 'unsafe-inline'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def _networks(values: Sequence[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


class Region:
    """ASGI app: each request to the app of the municipality its host name belongs to."""

    def __init__(self, apps: Mapping[str, ASGIApp], trusted_proxies: Sequence[str] = ()) -> None:
        self.by_host = {normal_host(host): app for host, app in apps.items()}
        self.apps = tuple(dict.fromkeys(apps.values()))  # each app once, in order
        self.proxies = _networks(trusted_proxies)

    def _from_proxy(self, scope: Scope) -> bool:
        client = scope.get("client")
        if not self.proxies or not client:
            return False
        try:
            peer = ipaddress.ip_address(str(client[0]))
        except ValueError:
            return False
        return any(peer in network for network in self.proxies)

    def host(self, scope: Scope) -> str:
        """The host name the request was sent to (lower case, without port)."""
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        forwarded = headers.get(b"x-forwarded-host")
        if forwarded and self._from_proxy(scope):
            return normal_host(forwarded.decode("latin-1").split(",")[-1])
        return normal_host(headers.get(b"host", b"").decode("latin-1"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        app = self.by_host.get(self.host(scope))
        if app is not None:
            await app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        elif scope["type"] == "http":
            await self._unknown(scope, send)

    async def _unknown(self, scope: Scope, send: Send) -> None:
        if scope.get("path") == HEALTH_PATH:
            status, headers = 200, [(b"content-type", b"application/json")]
            body = json.dumps({"status": "ok"}).encode()
        else:
            status, headers, body = 404, PAGE_HEADERS, UNKNOWN_PAGE.encode()
        if scope.get("method") == "HEAD":
            body = b""
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Start every municipality's app (its nightly run), and stop them all at the end."""
        await receive()  # lifespan.startup
        async with AsyncExitStack() as stack:
            try:
                for app in self.apps:
                    if isinstance(app, FastAPI):
                        await stack.enter_async_context(app.router.lifespan_context(app))
            except Exception as exc:
                log.exception("starting a municipality's app failed")
                await send({"type": "lifespan.startup.failed", "message": type(exc).__name__})
                return
            await send({"type": "lifespan.startup.complete"})
            await receive()  # lifespan.shutdown
        await send({"type": "lifespan.shutdown.complete"})


def _embedder_key(settings: Settings) -> tuple[object, ...]:
    return (
        settings.kb_embedder,
        settings.kb_embedder_url,
        settings.kb_embedder_model,
        settings.kb_embedder_key.get_secret_value() if settings.kb_embedder_key else None,
        settings.kb_embedder_query_prefix,
        settings.kb_embedder_passage_prefix,
    )


def municipality_apps(municipalities: Municipalities) -> dict[str, FastAPI]:
    """The app of every municipality, by key; one embedding model for those that use the same
    (it holds weights, no data: one copy in memory instead of one per municipality)."""
    apps: dict[str, FastAPI] = {}
    embedders: dict[tuple[object, ...], object] = {}
    for municipality in municipalities.items:
        app = create_app(municipality.settings)
        key = _embedder_key(municipality.settings)
        if key not in embedders:
            embedders[key] = create_embedder(municipality.settings)
        app.state.embedder = embedders[key]
        app.state.municipality_key = municipality.key
        apps[municipality.key] = app
    return apps


def create_region_app(base: Settings) -> Region:
    """The web app of an installation with a municipalities file (``base``: the environment)."""
    municipalities = configured(base)
    if municipalities is None:
        raise ValueError("REISGENOOT_MUNICIPALITIES_FILE is not set")
    apps = municipality_apps(municipalities)
    by_host = {host: apps[m.key] for m in municipalities.items for host in m.hosts}
    return Region(by_host, base.trusted_proxies)
