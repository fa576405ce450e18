"""Whether a phrase the trainee said is claimed, or negated or corrected in its own clause.

A scenario's known wrong answer ("bij ons", "gratis", "notaris") is a pattern; the trainee who
says it the other way round is right: "die horen niet bij ons", "gratis is het niet", "u hoeft
niet naar de notaris". The rule is general and works on the clause, not on the scenario:

- the clause that holds the match runs from the previous to the next clause boundary
  (sentence end, comma, colon, semicolon, dash, "maar", "want", "dus", and "en"/"of" before a
  new subject); so in "niet X maar Y" the X is negated and the Y is claimed, also when a
  pattern spans both ("toeslagen … bij ons" in "toeslagen niet bij de Belastingdienst maar
  bij ons"; "niet X, wel Y" alike);
- a negation word ("niet", "geen", "nooit", "niets", "niks", "nergens") anywhere in that
  clause negates the match — except "niet alleen" (= also), and a negation the pattern itself
  spells ("kost niets", "geen vergunning nodig" are the wrong answer, not its denial);
- a correction right after the clause, in the same sentence or at the start of the next one
  ("nee", "dat klopt niet", "dat is niet zo", "helaas niet", "dat is een misverstand")
  takes back what the clause said ("u denkt dat het gratis is, maar dat klopt niet").
"""

from __future__ import annotations

import re

__all__ = ["claimed", "negated"]

_NEGATION = re.compile(r"\b(niet|geen|nooit|niets|niks|nergens)\b(?! alleen\b)", re.IGNORECASE)
_SUBJECT = r"(u|je|jij|ik|we|wij|ze|zij|hij|het|dat|die|dit|er|dan|daar|de gemeente)"
_BOUNDARY = re.compile(
    r"[!?;]+|[.,:]+(?!\d)|\s[-–—]\s|\b(maar|want|dus)\b|\b(en|of)\b(?=\s+" + _SUBJECT + r"\b)",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(maar|wel)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[!?]|\.(?!\d)")
_CORRECTION = re.compile(
    r"^\W*(maar\s+)?(nee\b|neen\b|dat klopt (helaas )?niet|dat is (helaas )?niet (zo|juist|waar|"
    r"correct|het geval)|helaas niet\b|dat is een misverstand|dat is onjuist)",
    re.IGNORECASE,
)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from the last boundary before the match to the
    first boundary after it (a match may itself span a boundary)."""
    left, right = 0, len(text)
    for boundary in _BOUNDARY.finditer(text):
        if boundary.end() <= start:
            left = boundary.end()
        elif boundary.start() >= end:
            right = boundary.start()
            break
    return left, right


def _corrected(text: str, right: int) -> bool:
    """Whether the clause ending at ``right`` is taken back by a correction that follows it,
    in the same sentence or as the start of the next sentence."""
    rest = text[right:]
    ends = _SENTENCE_END.match(rest.lstrip())
    following = rest.lstrip()[1:] if ends else rest
    return bool(_CORRECTION.match(following.lstrip(" ,;:-–—")))


def negated(pattern: str, text: str, match: re.Match[str]) -> bool:
    """Whether ``match`` of ``pattern`` in ``text`` is negated or corrected in its clause."""
    left, right = _clause(text, match.start(), match.end())
    spelled = {w.lower() for w in _NEGATION.findall(pattern)}
    contrasts = [m.start() for m in _CONTRAST.finditer(text, match.start(), match.end())]
    for negation in _NEGATION.finditer(text, left, right):
        inside = match.start() <= negation.start() < match.end()
        if inside and negation.group(1).lower() in spelled:
            continue  # the wrong answer itself is a negation ("kost niets")
        if any(negation.start() < at for at in contrasts):
            continue  # "niet X maar/wel Y" inside the match: it ends in the claimed Y
        return True
    return _corrected(text, right)


def claimed(pattern: str, text: str) -> re.Match[str] | None:
    """The first match of ``pattern`` (case-insensitive) the trainee claims: not negated and
    not corrected in its clause; None when every match is."""
    for match in re.finditer(pattern, text, re.IGNORECASE):
        if not negated(pattern, text, match):
            return match
    return None
