"""A name given in answer to a question for it, read by the name tagger for recall (ADR 80).

:func:`~reisgenoot.assist.scrub.said_names` takes the rare words that open a resident's answer
to "wat is uw voornaam" as the name. A first name is often a common word in Dutch text
("ricardo", "mitchell", "ricky" are commoner than the answer threshold), so an answer such as
"ricardo ricardo sabajo maar iedereen zegt ricky" gave only the surname, and the first name
went into the summary where the employee read it back. Here the learned name tagger reads the
answer at the recall-first threshold of :mod:`~reisgenoot.assist.scrub`; the name span it finds
at the answer's start is the name asked for.
"""

from __future__ import annotations

from reisgenoot.language.pii import rule_spans

__all__ = ["answered_names"]


def answered_names(answer: str, threshold: float) -> list[str]:
    """The name span the tagger reads at the start of ``answer`` (at most one)."""
    if not answer:
        return []
    from reisgenoot.language import pii_scoring

    spans = pii_scoring.find_naam(answer, rule_spans(answer), threshold)
    return [answer[start:end] for start, end, _ in spans if start == 0]
