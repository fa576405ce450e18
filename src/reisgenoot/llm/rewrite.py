"""What a hook in a capability gets back: the text to show, and whether a model wrote it.

Every ``maybe_*`` function returns :class:`Rewrite` with the offline text unchanged (and
``model`` None, no note) when no model is configured, so a hook is one call that needs no
``if``.
"""

from __future__ import annotations

from dataclasses import dataclass

from reisgenoot.llm.generate import Outcome


@dataclass(frozen=True, slots=True)
class Rewrite:
    text: str
    model: str | None = None  # the model's id when its text is shown
    note: str | None = None  # Dutch marker when a configured model was not used
    cited: tuple[int, ...] = ()  # indices of the sources the text rests on

    @classmethod
    def of(cls, outcome: Outcome, offline: str) -> Rewrite:
        if outcome.text is None:
            return cls(offline, None, outcome.note)
        return cls(outcome.text, outcome.model, None, outcome.cited)
