"""Test the link with Open Klant: can Reisgenoot reach the Klantinteracties API with its token?

One read request (``GET klantcontacten?pageSize=1``) — nothing is written. The answer is one
Dutch sentence a beheerder can act on: the address is wrong, the token is refused, the server
does not answer, or all is well.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from reisgenoot.contacts.sending import is_configured
from reisgenoot.settings import Settings

PROBE = "klantcontacten"
TEST_TIMEOUT = 5.0  # seconds; the beheerder is waiting for the page

__all__ = ["ConnectionCheck", "check_connection"]


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str


def check_connection(
    settings: Settings, *, transport: httpx.BaseTransport | None = None
) -> ConnectionCheck:
    """Ask Open Klant for one klantcontact and say what the answer means."""
    if not is_configured(settings):
        return ConnectionCheck(False, "Er is geen koppeling ingesteld (REISGENOOT_OPENKLANT_URL).")
    headers = {"Accept": "application/json"}
    if settings.openklant_token is not None:
        headers["Authorization"] = f"Token {settings.openklant_token.get_secret_value()}"
    base = str(settings.openklant_url).rstrip("/") + "/"
    timeout = min(TEST_TIMEOUT, settings.openklant_timeout_seconds)
    try:
        with httpx.Client(
            base_url=base, headers=headers, timeout=timeout, transport=transport
        ) as client:
            response = client.get(PROBE, params={"pageSize": 1})
    except httpx.TimeoutException:
        return ConnectionCheck(False, f"Open Klant antwoordt niet binnen {timeout:g} seconden.")
    except httpx.TransportError:
        return ConnectionCheck(
            False,
            "Reisgenoot kan Open Klant niet bereiken. Klopt het adres, en staat de server aan?",
        )
    status = response.status_code
    if status == 200:
        return ConnectionCheck(
            True, "De koppeling werkt: Open Klant antwoordt en accepteert de sleutel."
        )
    if status in (401, 403):
        return ConnectionCheck(
            False,
            "Open Klant weigert de sleutel (token). Vraag een nieuwe sleutel aan de beheerder van Open Klant.",
        )
    if status == 404:
        return ConnectionCheck(
            False,
            "Op dit adres staat geen Klantinteracties-API. Controleer REISGENOOT_OPENKLANT_URL (eindigt meestal op /klantinteracties/api/v1).",
        )
    return ConnectionCheck(
        False, f"Open Klant geeft een fout (HTTP {status}). Probeer het later opnieuw."
    )
