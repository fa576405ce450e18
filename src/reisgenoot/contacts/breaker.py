"""A circuit breaker for Open Klant: stop knocking on a door that does not open.

After ``openklant_breaker_failures`` contacts in a row could not be sent because Open Klant did
not answer (time-outs, connection errors, 408/429/5xx: an outage, not a refusal), the breaker
*opens* for ``openklant_breaker_cooldown_seconds``: no contact is tried until then, so a cron
run or a confirmation costs no time-outs, and every contact simply stays queued
(``niet_verzonden``): nothing is lost. After the cool-down one contact is tried (*half open*):
if it is sent the breaker closes, if not it opens again for another cool-down.

The state lives in ``app_meta`` (key :data:`KEY`), so the web app's background sends and a
``reisgenoot contacts send`` from cron share it. Updates are best effort: two processes may
count one failure each for the same outage, which only opens the breaker sooner.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from reisgenoot.contacts.linking import AMSTERDAM
from reisgenoot.settings import Settings
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

KEY = "openklant_breaker"


@dataclass(frozen=True, slots=True)
class BreakerState:
    failures: int = 0
    open_until: datetime | None = None


class OpenKlantBreaker:
    """Counts outages in a row and says whether Open Klant may be tried now."""

    def __init__(
        self,
        database: Database,
        *,
        threshold: int,
        cooldown: timedelta,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.threshold = threshold
        self.cooldown = cooldown
        self.now = now

    @classmethod
    def of(cls, database: Database, settings: Settings) -> OpenKlantBreaker:
        return cls(
            database,
            threshold=settings.openklant_breaker_failures,
            cooldown=timedelta(seconds=settings.openklant_breaker_cooldown_seconds),
        )

    def state(self) -> BreakerState:
        raw = self.database.get_meta(KEY)
        if not raw:
            return BreakerState()
        try:
            data = json.loads(raw)
            until = data.get("open_until")
            return BreakerState(
                int(data.get("failures", 0)), datetime.fromisoformat(until) if until else None
            )
        except (ValueError, TypeError, AttributeError):  # unreadable: start closed
            return BreakerState()

    def _save(self, state: BreakerState) -> None:
        until = state.open_until.isoformat() if state.open_until else None
        value = json.dumps({"failures": state.failures, "open_until": until})
        with self.database.session() as session:
            self.database.set_meta(session, KEY, value)

    def open_until(self) -> datetime | None:
        """When the breaker is open: the moment it lets a contact through again; else None."""
        until = self.state().open_until
        return until if until is not None and until > self.now() else None

    def succeeded(self) -> None:
        if self.state() != BreakerState():
            self._save(BreakerState())

    def failed(self) -> None:
        """One more contact not sent because Open Klant did not answer."""
        failures = self.state().failures + 1
        opens = failures >= self.threshold
        self._save(BreakerState(failures, self.now() + self.cooldown if opens else None))


def open_message(until: datetime, postponed: int) -> str:
    """The Dutch explanation when the breaker held contacts back."""
    moment = until.astimezone(AMSTERDAM).strftime("%H:%M")
    return (
        f"Open Klant gaf meerdere keren achter elkaar geen antwoord. Reisgenoot probeert het "
        f"vanaf {moment} opnieuw. {postponed} contacten zijn nu niet geprobeerd; ze blijven "
        "bewaard en worden later verstuurd."
    )
