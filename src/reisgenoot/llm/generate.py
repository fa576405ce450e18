"""The one way a capability uses a model: prompt, call, guard, fall back.

:class:`GuardedModel` wraps a :class:`~reisgenoot.llm.protocol.ChatModel`. Its
:meth:`~GuardedModel.run` sends a task's messages (redacted by the client, resident text
wrapped as data), checks the output with :mod:`reisgenoot.llm.guards` and returns a
:class:`Outcome`: the guarded text with the model's id, or no text and the reason why the
offline result stands (``te_laat``, ``fout``, ``ongegrond``, ``besluit``, ``instructie``,
``persoonsgegevens``, ``b1``, ``te_lang``, ``leeg``, ``geen_antwoord``; ``geen_keuze`` for a
second opinion that is not one valid option number).

Every call is reported to ``on_use`` (composed by the app or the CLI, which writes it to the
audit trail) with the model id, the task, a SHA-256 of the prompt that was sent and the
result — never the text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import yaml

from reisgenoot.language.pii import redact
from reisgenoot.llm import guards
from reisgenoot.llm.openai_compatible import ModelBackendError, ModelTimeoutError
from reisgenoot.llm.protocol import ChatModel, Message
from reisgenoot.log import get_logger

log = get_logger(__name__)
_DATA_MARKERS = re.compile(r"</?\s*gegevens\s*>", re.IGNORECASE)

# Dutch markers shown beside an offline result when a configured model was not used.
FALLBACK_NOTES = {
    "te_laat": "Het taalmodel gaf niet op tijd antwoord. U ziet het resultaat zonder model.",
    "fout": "Het taalmodel gaf geen bruikbaar antwoord. U ziet het resultaat zonder model.",
}
DEFAULT_NOTE = (
    "De tekst van het taalmodel kwam niet door de controle. U ziet het resultaat zonder model."
)


@cache
def prompts() -> dict[str, str]:
    data: dict[str, str] = yaml.safe_load(
        files("reisgenoot.llm").joinpath("data/prompts.yaml").read_text(encoding="utf-8")
    )
    return data


def as_data(text: str) -> str:
    """``text`` between data markers, with any markers inside it removed."""
    return "<gegevens>\n" + _DATA_MARKERS.sub(" ", text) + "\n</gegevens>"


@dataclass(frozen=True, slots=True)
class Task:
    """One request: its kind (for the audit), the instruction, the data and the guards."""

    kind: str
    instruction: str
    data: str
    sources: Sequence[str]
    limits: guards.Limits = field(default_factory=guards.Limits)
    max_tokens: int = 300

    def messages(self) -> list[Message]:
        system = prompts()["common"] + "\n" + self.instruction
        return [Message("system", system), Message("user", self.data)]


@dataclass(frozen=True, slots=True)
class Use:
    """What the audit trail records of one model call (never text)."""

    kind: str
    model: str
    prompt_sha256: str
    result: str  # "getoond" or a fallback reason

    def details(self) -> dict[str, str]:
        return {"taak": self.kind, "model": self.model, "prompt_sha256": self.prompt_sha256,
                "resultaat": self.result}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Outcome:
    text: str | None
    model: str | None
    fallback: str | None = None
    prompt_sha256: str | None = None
    cited: tuple[int, ...] = ()
    raw: str = ""  # the unguarded reply, for the bench only; never shown or stored
    traced: tuple[tuple[str, int], ...] = ()  # each sentence and the source it rests on

    @property
    def note(self) -> str | None:
        """The Dutch marker for a fallback, or None."""
        if self.fallback is None:
            return None
        return FALLBACK_NOTES.get(self.fallback, DEFAULT_NOTE)


def prompt_hash(messages: Sequence[Message]) -> str:
    sent = [{"role": m.role, "content": redact(m.content).text} for m in messages]
    return hashlib.sha256(json.dumps(sent, ensure_ascii=False).encode()).hexdigest()


class GuardedModel:
    """A chat model whose every output passes the guards (see the module docstring)."""

    def __init__(self, chat: ChatModel, *, on_use: Callable[[Use], None] | None = None) -> None:
        self.chat = chat
        self.model_id = chat.model_id
        self.on_use = on_use

    def _report(self, use: Use) -> None:
        log.info("model used", extra=use.details())
        if self.on_use is not None:
            try:
                self.on_use(use)
            except Exception:  # the audit sink must not break an answer; it logs itself
                log.exception("model use not recorded", extra={"taak": use.kind})

    def ask(self, task: Task) -> tuple[str | None, str, str]:
        """The raw reply (or None), the fallback reason if any, and the prompt hash."""
        messages = task.messages()
        digest = prompt_hash(messages)
        try:
            reply = self.chat.complete(messages, max_tokens=task.max_tokens).text
        except ModelTimeoutError:
            return None, "te_laat", digest
        except ModelBackendError:
            return None, "fout", digest
        return reply, "", digest

    def run(self, task: Task) -> Outcome:
        reply, failure, digest = self.ask(task)
        if reply is None:
            self._report(Use(task.kind, self.model_id, digest, failure))
            return Outcome(None, None, failure, digest)
        if "GEEN ANTWOORD" in reply.upper():
            self._report(Use(task.kind, self.model_id, digest, "geen_antwoord"))
            return Outcome(None, None, "geen_antwoord", digest, raw=reply)
        verdict = guards.check(reply, task.sources, task.limits)
        if not verdict.ok:
            assert verdict.reason is not None
            log.info("model output refused", extra={"reden": verdict.reason, "taak": task.kind})
            self._report(Use(task.kind, self.model_id, digest, verdict.reason))
            return Outcome(None, None, verdict.reason, digest, raw=reply)
        self._report(Use(task.kind, self.model_id, digest, "getoond"))
        return Outcome(
            verdict.text, self.model_id, None, digest, tuple(verdict.cited), raw=reply,
            traced=tuple(verdict.traced),
        )  # fmt: skip

    def choose(self, kind: str, text: str, options: Sequence[str]) -> Outcome:
        """The number of one of ``options`` the model picks for ``text`` (a second opinion).

        Only a reply that is exactly one valid number counts; anything else is ``geen_keuze``
        (or ``te_laat`` / ``fout`` when no reply came).
        """
        listed = "\n".join(f"{i + 1}. {o}" for i, o in enumerate(options))
        task = Task(kind, prompts()["opinion"], f"{as_data(text)}\n\nMogelijkheden:\n{listed}", (),
                    max_tokens=8)  # fmt: skip
        reply, failure, digest = self.ask(task)
        match = re.fullmatch(r"\s*(\d{1,2})\s*\.?\s*", reply or "")
        if reply is None or match is None or not 1 <= int(match.group(1)) <= len(options):
            reason = failure or "geen_keuze"
            self._report(Use(kind, self.model_id, digest, reason))
            return Outcome(None, None, reason, digest, raw=reply or "")
        self._report(Use(kind, self.model_id, digest, "getoond"))
        return Outcome(options[int(match.group(1)) - 1], self.model_id, None, digest)
