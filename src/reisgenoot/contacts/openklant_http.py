"""The Klantinteracties API of Open Klant over HTTP, behind the :class:`OpenKlantClient` Protocol.

A failed request raises :class:`SendError` with a short reason without personal data (never a
value from the body or the answer, only status and rejected field names) and whether it is
worth retrying (time-outs, connection errors, 408/425/429, 5xx): the sender
(:mod:`reisgenoot.contacts.sending`) retries those, and its circuit breaker counts them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

import httpx

from reisgenoot.errors import ContactsError
from reisgenoot.settings import Settings

RETRY_STATUSES = frozenset({408, 425, 429})
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_.\[\]]{1,80}$")


class SendError(ContactsError):
    """One request to Open Klant failed; ``reason`` is short and holds no personal data."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason, detail=reason)
        self.reason = reason
        self.retryable = retryable


class OpenKlantClient(Protocol):
    """What the sender needs from Open Klant (the real client, or a test double)."""

    def post(self, path: str, body: Mapping[str, Any]) -> Mapping[str, Any]:
        """POST ``body`` to ``path``; the decoded answer, or :class:`SendError`."""
        ...

    def patch(self, path: str, body: Mapping[str, Any]) -> Mapping[str, Any]:
        """PATCH ``body`` to ``path`` (e.g. an interne taak's status)."""
        ...

    def get(self, path: str) -> Mapping[str, Any]:
        """GET ``path`` (e.g. one interne taak)."""
        ...

    def close(self) -> None: ...


def _invalid_fields(response: httpx.Response) -> list[str]:
    """Names of rejected fields from a 400 answer (never values: they may be personal)."""
    try:
        answer = response.json()
    except ValueError:
        return []
    params = answer.get("invalidParams") if isinstance(answer, dict) else None
    names = [str(p.get("name", "")) for p in params or [] if isinstance(p, dict)]
    return [name for name in names if _FIELD_NAME.match(name)][:5]


def describe(response: httpx.Response) -> str:
    reason = f"HTTP {response.status_code}"
    names = _invalid_fields(response) if response.status_code == 400 else []
    return f"{reason}; afgekeurde velden: {', '.join(names)}" if names else reason


class HttpOpenKlant:
    """The Klantinteracties API over HTTP (httpx), token in the ``Authorization`` header."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        self._client = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            headers=headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def post(self, path: str, body: Mapping[str, Any]) -> Mapping[str, Any]:
        return self._request("POST", path, body)

    def patch(self, path: str, body: Mapping[str, Any]) -> Mapping[str, Any]:
        return self._request("PATCH", path, body)

    def get(self, path: str) -> Mapping[str, Any]:
        return self._request("GET", path, None)

    def _request(self, method: str, path: str, body: Mapping[str, Any] | None) -> Mapping[str, Any]:
        payload = dict(body) if body is not None else None
        try:
            response = self._client.request(method, path.lstrip("/"), json=payload)
        except httpx.TimeoutException as exc:
            raise SendError("time-out", retryable=True) from exc
        except httpx.TransportError as exc:
            raise SendError(f"verbinding mislukt ({type(exc).__name__})", retryable=True) from exc
        if response.status_code in (200, 201):
            try:
                answer = response.json()
            except ValueError:
                return {}
            return answer if isinstance(answer, dict) else {}
        retryable = response.status_code >= 500 or response.status_code in RETRY_STATUSES
        raise SendError(describe(response), retryable=retryable)

    def close(self) -> None:
        self._client.close()


def make_client(settings: Settings) -> HttpOpenKlant:
    token = settings.openklant_token.get_secret_value() if settings.openklant_token else None
    return HttpOpenKlant(
        str(settings.openklant_url), token, timeout=settings.openklant_timeout_seconds
    )
