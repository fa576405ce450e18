"""What a configured language model adds to a registration draft (see ``docs/llm.md``).

:func:`apply` is the one call :func:`~reisgenoot.assist.registration.draft_registration`
makes. Without a model it only adds ``"model": null``. With one it asks for an abstractive
``inhoud`` (at most three sentences plus the agreed actions), and a second opinion on the
main question's UPL product and on escalation when the offline models are unsure. Every model
text has passed the guards of :mod:`reisgenoot.llm.guards`; ``model`` names the model when
any of its output is in the draft, ``modelNote`` says why a configured model's text is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.topics import classify
from reisgenoot.llm import opinion, summary
from reisgenoot.llm.generate import GuardedModel

SPEAKERS = {True: "Inwoner", False: "Medewerker"}


def _resident_text(turns: Sequence[AnalysedTurn]) -> str:
    return " ".join(t.text for t in turns if t.is_resident)


def _explain(draft: dict[str, Any], path: str, why: str, model: str) -> None:
    old = draft["explanations"].get(path, {})
    draft["explanations"][path] = {
        "why": f"{why} (tweede mening van taalmodel {model})",
        "turns": old.get("turns", []),
        "confidence": 0.5,
    }


def _second_opinions(
    model: GuardedModel, draft: dict[str, Any], turns: Sequence[AnalysedTurn]
) -> str | None:
    text = _resident_text(turns)
    used: str | None = None
    if draft["vragen"] and len(draft["vragen"]) == 1:
        candidates = [(s.upl, s.confidence) for s in classify(text)]
        if candidates and candidates[0][0] == draft["vragen"][0]["upl"]:
            chosen = opinion.second_upl(model, text, candidates)
            if chosen.model:
                draft["vragen"][0]["upl"] = chosen.label
                _explain(draft, "vragen[0].upl", "offline model twijfelde", chosen.model)
                used = chosen.model
    tone = draft["tone"]
    escalation = opinion.second_escalation(
        model, text, bool(tone["escalate"]), float(tone["intensity"] or 0.0)
    )
    if escalation.model:
        tone["escalate"] = True
        tone["escalate_reasons"] = [*tone["escalate_reasons"], "tweede_mening"]
        draft["complex"] = True
        _explain(draft, "tone", "toon mogelijk reden voor escalatie", escalation.model)
        used = escalation.model
    return used


def apply(
    model: GuardedModel | None, draft: dict[str, Any], turns: Sequence[AnalysedTurn]
) -> dict[str, Any]:
    """``draft`` with the model's summary and second opinions, and its ``model`` field."""
    draft["model"] = None
    if model is None:
        return draft
    task = draft.get("interneTaak") or {}
    actions = task.get("gevraagdeHandeling") if isinstance(task, dict) else None
    said = [(SPEAKERS[t.is_resident], t.text) for t in turns]
    rewritten = summary.maybe_rewrite(model, draft["inhoud"], said, actions)
    used = _second_opinions(model, draft, turns)
    if rewritten.model:
        draft["inhoud"] = rewritten.text
        draft["explanations"]["inhoud"]["why"] = (
            f"samenvatting door taalmodel {rewritten.model}, gecontroleerd op het gesprek"
        )
        used = rewritten.model
    elif rewritten.note:
        draft["modelNote"] = rewritten.note
    draft["model"] = used
    return draft
