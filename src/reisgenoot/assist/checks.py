"""How a follow-up question reads: an article's condition as a short check for the employee.

A Voorwaarden, Bewijs or other section bullet becomes one line the employee can act on, made
from the bullet's own first sentence — never a word picked out of it, never a list per article:

- a question in the article is asked as it stands: "Vraag: gaat u bij iemand inwonen?";
- an instruction to the resident is told: "Vertel: neem een geldig ID-bewijs mee";
- a document of the Bewijs section is asked for: "Vraag naar: een geldig ID-bewijs";
- a continued clause of a list ("Een melding is genoeg als:" … "er maximaal 250 bezoekers
  zijn") is checked with "Controleer of …";
- any other condition is checked as the article says it, "u" kept:
  "Controleer: u woont in Voorbeeldstad op een vast adres";
- the statements of the sections for another intent (Termijn, Bezwaar en beroep) are told.

Asides in brackets are left out. A sentence longer than :data:`MAX_WORDS` (with its opening
word) is cut at a clause boundary of its tokens (:func:`reisgenoot.language.text.tokens`): a
comma, semicolon, colon or dash, or before "zoals", "omdat" and the like — only where what is
left is a whole clause (not opened by "als", not ending on "en" or "van"). A bullet that only
leads into a list ("Neem mee naar het eerste gesprek:") gives no question. The opening words
and word lists: ``assist/data/suggestions.yaml`` (``check_wording``).
"""

from __future__ import annotations

import re

from reisgenoot.assist import tables
from reisgenoot.language.text import Token, lemma, lower_first, sentences, tokens

MAX_WORDS = 12
MIN_WORDS = 3  # a cut keeps at least this many words
_DATA = tables.load("suggestions.yaml")["check_wording"]
OPENING: dict[str, str] = _DATA["opening"]
CUT_BEFORE = frozenset(_DATA["cut_before"])
SUBORDINATORS = frozenset(_DATA["subordinators"])
DANGLING = frozenset(_DATA["dangling"])
SUBJECTS = frozenset(_DATA["subjects"])
PARTICLES = frozenset(_DATA["particles"])
CLAUSE_OPENERS = ("of", "dat")  # "of de boom …": the clause brings its own "of"
_ASIDE = re.compile(r"\s*\([^()]*\)")
_HEAD = re.compile(r"^([^\W\d_][\w-]*(?: [\w-]+){0,3}): (?=\S)")
_PUNCT_CUT = frozenset({",", ";", "–", "—"})  # not ":", which opens what matters
LINKING = frozenset({"of", "en", "maar"})
PERSONS = frozenset({"u", "wij", "we", "ik", "hij", "zij"})
OURS = frozenset({"wij", "we"})
# words ending in -en that are no verb (a plural noun has its singular as lemma)
NOT_VERBS = frozenset(
    {
        "binnen",
        "buiten",
        "boven",
        "tegen",
        "alleen",
        "samen",
        "open",
        "even",
        "geen",
        "zeven",
        "negen",
        "tien",
        "beneden",
        "tussen",
        "sinds",
    }
)
KEEP_AFTER = frozenset({"of", "maar", "behalve", "tenzij", "niet", "ook", "alleen"})
AUXILIARIES = frozenset({"zijn", "hebben", "kunnen", "mogen", "moeten", "worden", "zullen"})
_WORDISH = re.compile(r"\w")


def check_label(item: str, heading: str, *, checklist: bool) -> str | None:
    """The line shown for one bullet ``item`` of section ``heading``; None for a bullet that
    only leads into a list. ``checklist``: a Voorwaarden/Bewijs item (conditions to check);
    otherwise an item of the section for the resident's intent (something to tell)."""
    found = sentences(item)
    if not found:
        return None
    text = " ".join(_ASIDE.sub("", found[0].text).split()).rstrip(" .;,")
    if not text or text.endswith(":"):
        return None
    head = ""
    match = _HEAD.match(text)
    if match and match.end() < len(text) and not _has_subject(match.group(1)):
        head, text = match.group(1), text[match.end() :]
    if text.endswith("?") and _first_word(text) in LINKING:
        text = text.split(" ", 1)[1]  # "Of heeft u …?": the question without its link
    kind = _kind(text[:1].upper() + text[1:] if head else text, heading, checklist=checklist)
    opening = OPENING[kind]
    if kind == "continued" and _first_word(text) in CLAUSE_OPENERS:
        opening = OPENING["continued_bare"]
    if head:
        opening = f"{opening} ({lower_first(head)})"
    budget = MAX_WORDS - len(opening.split())
    body = _cut(text, budget)
    if kind == "question" and not body.endswith("?"):
        body += "?"
    separator = " " if kind == "continued" and not head else ": "
    return f"{opening}{separator}{lower_first(body)}"


def _kind(text: str, heading: str, *, checklist: bool) -> str:
    if text.endswith("?"):
        return "question"
    if _imperative(text):
        return "instruction"
    if not checklist or _first_word(text) in OURS:
        return "statement"  # what the municipality does is told, not checked
    if heading == OPENING["documents_heading"] and not _has_subject(text):
        return "document"  # "een geldig ID-bewijs", "ID-bewijzen van u beiden"
    if text[:1].islower():
        return "continued"
    return "condition"


def _has_subject(text: str) -> bool:
    """Whether a pronoun in ``text`` is a subject ("stuurt u"), not after "van", "als" ("van u")."""
    found = [t.text.lower() for t in _words(text)]
    return any(
        word in PERSONS and (number == 0 or found[number - 1] not in DANGLING)
        for number, word in enumerate(found)
    )


def _words(text: str) -> list[Token]:
    return [t for t in tokens(text) if _WORDISH.match(t.text)]


def _first_word(text: str) -> str:
    found = _words(text)
    return found[0].text.lower() if found else ""


def _imperative(text: str) -> bool:
    """An instruction: a verb stem first ("Neem", "Maak"; its lemma is the infinitive it starts
    with), not followed by its subject ("Gaat u" asks)."""
    found = _words(text)
    if len(found) < 2 or not found[0].text[:1].isupper():
        return False
    word = found[0].text.lower()
    if found[1].text.lower() in SUBJECTS or (len(word) > 4 and word.endswith(("de", "te"))):
        return False  # "Gaat u …" asks; "Voldoende …" is an adjective
    infinitive = lemma(word)
    if infinitive != word and infinitive.endswith("en") and infinitive.startswith(word[:2]):
        return True  # "Neem", "Maak", "Kom"
    # a stem that is also a noun ("Vraag … aan"): a verb when its particle closes the sentence
    conjugated = lemma(word + "t")
    return (
        found[-1].text.lower() in PARTICLES
        and conjugated.endswith("en")
        and conjugated.startswith(word[:2])
    )


def _cut(text: str, budget: int) -> str:
    """``text`` within ``budget`` words, cut at the last clause boundary that leaves a whole
    clause; the whole text when it has no such boundary."""
    found = _words(text)
    if len(found) <= budget:
        return text
    best = ""
    count = 0
    for token in tokens(text):
        if _WORDISH.match(token.text):
            count += 1
        boundary = token.text in _PUNCT_CUT or token.text.lower() in CUT_BEFORE
        if token.text.lower() == "en":
            boundary = _clause_follows(text[token.end :])
        if not boundary:
            continue
        words_before = count - (0 if token.text in _PUNCT_CUT else 1)
        if words_before > budget:
            break
        candidate = text[: token.start].rstrip(" ,;:–—")
        after = text[token.end :]
        if token.text == "," and (_in_list(after) or _inserted(candidate) or _adds(after)):
            continue
        if words_before >= MIN_WORDS and _whole(candidate):
            best = candidate
    return best or text


def _in_list(after: str) -> bool:
    """Whether a comma separates items of a list: "en" or "of" follows within four words
    ("geluid, geur of parkeren"), not right after it (", of iemand die …" adds a clause)."""
    following = [t.text.lower() for t in _words(after)][:5]
    return any(word in LINKING for word in following[1:])


def _clause_follows(after: str) -> bool:
    """Whether "en" joins a new clause ("… en u kunt …", "… en heeft een diploma"), not two
    parts of a phrase ("2 weken en maximaal 1 jaar")."""
    following = _words(after)
    if not following:
        return False
    word = following[0].text.lower()
    infinitive = lemma(word)
    return (
        word in PERSONS
        or infinitive == "zijn"
        or (infinitive != word and infinitive.endswith("en") and infinitive.startswith(word[:2]))
    )


def _adds(after: str) -> bool:
    """Whether what follows a comma is an alternative or a restriction ("…, of bij medisch afval",
    "…, maar nog niet AOW-gerechtigd"): cutting it off would make the check say something else."""
    following = _words(after)
    return bool(following) and following[0].text.lower() in KEEP_AFTER


def _inserted(before: str) -> bool:
    """Whether a comma would close a short inserted phrase ("u kunt, ook met een hulpmiddel,"):
    the part after the comma before it is at most five words and no list."""
    if "," not in before:
        return False
    last = before.rsplit(",", 1)[1]
    return len(_words(last)) <= 5 and not _in_list(last)


def _whole(clause: str) -> bool:
    """Whether ``clause`` can stand alone: not opened by "als", not ending on "van", and with a
    verb ("u en andere belanghebbenden" has none)."""
    found = [t.text.lower() for t in _words(clause)]
    return (
        bool(found)
        and found[0] not in SUBORDINATORS
        and found[-1] not in DANGLING
        and any(_is_verb(word) for word in found)
    )


def _is_verb(word: str) -> bool:
    """A finite or infinitive verb form, by its lemma: "heeft" (hebben), "is" (zijn), "halen"."""
    infinitive = lemma(word)
    if word in PERSONS or word in NOT_VERBS or len(word) < 4 or not word.isalpha():
        return infinitive in AUXILIARIES
    if infinitive in AUXILIARIES:
        return True
    return infinitive.endswith("en") and infinitive.startswith(word[:2])
