"""How the simulated resident words a reply: authored lines per emotional band.

:class:`Wording` is the part of :class:`~reisgenoot.training.simulator.Session` that picks a
line: the lines of the current band (or of the nearest band that has any), not repeating a
line while another is left, drawn with the session's seeded RNG so a session replays exactly;
a scenario's own lines come before the defaults of ``scenarios/_standaard.yaml``. Every reply
passes one phrasing function (:meth:`Wording._phrase`).
"""

from __future__ import annotations

import random

from reisgenoot.training.listening import Memory, Phraser
from reisgenoot.training.scenario import Band, Lines, Scenario
from reisgenoot.training.scenario_files import default_lines
from reisgenoot.training.turns import band_for

__all__ = ["Wording"]

# Lines of the nearest band are used when a band has none.
_BAND_ORDER: dict[str, tuple[Band, ...]] = {
    "rustig": ("rustig", "onrustig", "overstuur"),
    "onrustig": ("onrustig", "rustig", "overstuur"),
    "overstuur": ("overstuur", "onrustig", "rustig"),
}


class _SafeValues(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Wording:
    """Line picking for the resident; the session sets these attributes."""

    scenario: Scenario
    phraser: Phraser | None
    memory: Memory
    emotion: float
    _rng: random.Random
    _said: list[str]

    @property
    def band(self) -> str:
        return band_for(self.emotion)

    def _variants(self, lines: Lines) -> list[str]:
        order = _BAND_ORDER[self.band]
        for band in order:
            found = list(lines.get(band) or [])
            if found:
                return found
        return []

    def _line(self, lines: Lines | None, **values: str) -> str:
        variants = self._variants(lines or {})
        if not variants:
            return ""
        fresh = [line for line in variants if line not in self._said] or variants
        chosen = self._rng.choice(fresh)
        self._said.append(chosen)
        return chosen.strip().format_map(_SafeValues(values))

    def _say(self, key: str, **values: str) -> str:
        lines = self.scenario.zinnen.get(key) or default_lines().get(key)
        return self._line(lines, **values)

    def _phrase(self, reply: str, trainee: str) -> str:
        """The one place a resident turn gets its words: the authored reply, or its rephrasing
        by the optional phraser (a language model), which sees the memory and may only reword.
        """
        reply = reply[:1].upper() + reply[1:]
        if self.phraser is None or not reply:
            return reply
        return self.phraser(reply, trainee, self.memory, self.band) or reply
