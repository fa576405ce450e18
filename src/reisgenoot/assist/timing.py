"""Agreed times of a conversation: appointments, deadlines and callback windows.

"dinsdag 14 januari om 10.20 uur", "graag voor vijf uur", "na half drie, niet op vrijdag",
"binnen vijf werkdagen", "uiterlijk 18 juli": a phrase starts at a day, a date, a clock time
or a time preposition with a time after it, and runs on while the words are time words. The
phrases go into the draft's inhoud and task (so the employee does not have to retype them).
A phrase with personal data (a birth date) is never taken: each phrase is checked with the
language core's detector.

**Offered is not agreed.** The turn structure decides, not the wording of one sentence: an
employee turn that puts times to the resident — a question with a time in it ("Kunt u dinsdag
om tien?"), or alternatives ("dinsdag om tien of donderdag om twee") — is an *offer*. Only what
the resident's next turn takes from it counts: the option whose own day, date or hour the
resident names ("donderdag is goed"), the one they point at ("de eerste"), or a single offered
time they agree to ("ja, prima"). Offered times nobody took are left out. What the resident asks
for themselves ("graag vóór vijf uur") and what the employee states (a deadline, "binnen vijf
werkdagen") are kept as they are.

**A past day is context, not an agreement.** A time named as past — "vorige week dinsdag",
"gisteren om tien uur", "afgelopen maandag", "vorige maand op 3 maart", "maandag twee weken
geleden" — is what happened before the call, never an appointment or a deadline: a phrase with
a past marker in the few words before it (in its clause) or "geleden" right after it is left out,
and so is a time next to a verb's past form in its clause ("de container stond dinsdag buiten",
"vanochtend kreeg ik een brief") or in a perfect tense ("is vanochtend niet geleegd", "ik heb
maandag al gebeld": a form of "hebben" or "zijn" and a past participle, which the lemmatiser
tells from other words starting with "ge"). A deadline stays one: a phrase that starts with a
relation ("uiterlijk vrijdag", "binnen twee dagen") or a clause with a modal verb ("het moet
vrijdag gebeurd zijn") is never read as past by its tense.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reisgenoot.assist import tables
from reisgenoot.assist.outcome import Spoken
from reisgenoot.language.number_words import DIGITS, TEENS
from reisgenoot.language.pii import detect
from reisgenoot.language.text import lemma

__all__ = ["MAX_PHRASES", "agreed_times", "times_and_offers"]

MAX_PHRASES = 5
_DAY = (
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen|overmorgen|vanmiddag"
    r"|vanavond|vanochtend|werkdagen|werkdag"
)
_MONTH = r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_NUMBER = r"één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|\d{1,2}(?:[.:]\d{2})?"
_CLOCK = rf"(?:(?:kwart|tien|vijf) (?:over|voor) )?(?:half )?(?:{_NUMBER})(?: uur)?"
_START = re.compile(
    rf"\b(?:(?:{_DAY})\b(?: \d{{1,2}} (?:{_MONTH}))?"
    rf"|\d{{1,2}} (?:{_MONTH})(?: \d{{4}})?"
    rf"|(?:vóór|voor|na|om|rond|tussen|vanaf|tot|uiterlijk|binnen) (?:de |het )?"
    rf"(?:(?:{_DAY}|{_MONTH})\b|\d{{1,2}} (?:{_MONTH})|{_CLOCK} uur\b|half (?:{_NUMBER})\b"
    rf"|(?:{_NUMBER}) (?:werk)?(?:dagen|dag|weken|week|maanden|maand)\b|(?:\d{{1,2}}[.:]\d{{2}})\b)"
    rf"|(?:in de|'s) (?:ochtend|middag|avond|morgens|middags|avonds)\b"
    rf"|\d{{1,2}}[.:]\d{{2}} uur)",
    re.IGNORECASE,
)
# Words that may continue a time phrase.
_GOES_ON = re.compile(
    rf"^(?:{_DAY}|{_MONTH}|{_NUMBER}|\d{{4}}|uur|om|en|of|tot|tussen|na|voor|vóór|over|half|kwart"
    r"|niet|op|de|het|in|ochtend|middag|avond|dagen|weken|werkdagen|maanden|dag|week|maand"
    r"|met|met ingang"
    r"|van|tot en met|uiterlijk|morgens|middags|overdag|'s)$",
    re.IGNORECASE,
)
# A relative past time: "vorige week", "afgelopen", "gisteren" in the words before a phrase (no
# comma, conjunction or future word between), or "geleden" just after it ("maandag twee weken geleden").
_PAST_BEFORE = re.compile(
    r"\b(?:vorige|vorig|afgelopen|verleden|geleden|eergisteren|gisteren|gister(?:ochtend|middag|avond))"
    r"\b(?:(?!\b(?:volgende|komende|straks|morgen|en|maar|dat|want|dus|nu)\b)[^,;])*$",
    re.IGNORECASE,
)
_PAST_AFTER = re.compile(
    r"^\s*(?:[^\W\d_]+\s+|\d+\s+){0,2}geleden\b|^\s*(?:al\s+)?(?:voorbij|geweest)\b",
    re.IGNORECASE,
)
PAST_WINDOW = 4  # words before a phrase in which a past marker makes it past
# Past forms of common strong and irregular verbs ("stond", "kreeg", "was"): a time in the same
# clause, a few words away, tells what happened ("de container stond dinsdag buiten",
# "vanochtend kreeg ik een mail"). Forms that are also an infinitive, a present plural or
# another word ("zetten", "had" in "ik had graag", "vroeg" = early) are not in the list.
PAST_FORMS = frozenset(
    [
        "was",
        "waren",
        "stond",
        "stonden",
        "kwam",
        "kwamen",
        "ging",
        "gingen",
        "zei",
        "zeiden",
        "lag",
        "lagen",
        "zag",
        "zagen",
        "kreeg",
        "kregen",
        "deed",
        "deden",
        "belde",
        "belden",
        "stuurde",
        "stuurden",
        "bracht",
        "brachten",
        "dacht",
        "zette",
        "haalde",
        "woonde",
        "werkte",
        "gebeurde",
        "hoorde",
        "vroegen",
        "liep",
        "viel",
        "vielen",
        "reed",
        "kocht",
    ]
)
PAST_FORM_WINDOW = 5  # words on each side of a phrase, within its clause
# The perfect tense: a form of "hebben" or "zijn" with a past participle in the clause.
PERFECT_AUXILIARIES = frozenset({"heb", "hebt", "heeft", "hebben", "ben", "bent", "is", "zijn"})
MODALS = frozenset({"moet", "moeten", "zal", "zullen", "kan", "kunnen", "wil", "willen", "mag"})
_PARTICIPLE = re.compile(r"^[^\W\d_]*ge[^\W\d_]{2,}(?:d|t|en)$")
_CLAUSE_END = re.compile(
    r"[,;:]|\b(?:terwijl|maar|want|omdat|en|dus|toen|nadat|zodat|dan|dat)\b", re.IGNORECASE
)
_OLD_YEAR = re.compile(r"\b(?:19\d\d|20[01]\d)\b")  # a date with such a year is a birth date
_WORD = re.compile(r"[\w.:'’-]+|[,;]")
_TAIL = frozenset({"en", "of", "tot", "na", "voor", "vóór", "om", "op", "de", "het", "in", "met"})
_TAIL |= frozenset({"van", "niet", "over", "'s", ","})
_AGREE = tables.patterns("outcome.yaml")["agree"]  # "ja", "prima", "goed" … at a turn's start
_OR = re.compile(r"\s+of\s+", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_LEADING_OP = re.compile(r"^op\s+", re.IGNORECASE)  # "… of op zaterdag 5 juli"
_TOKEN = re.compile(r"\d{1,2}(?=[.:]\d{2})|\d{1,4}|[^\W\d_]+", re.UNICODE)
_NAMED = re.compile(rf"^(?:{_DAY}|{_MONTH})$", re.IGNORECASE)
_ORDINAL = {"eerste": 0, "tweede": 1, "derde": 2, "laatste": -1}  # "de eerste graag"
_NUMBER_WORDS = {**DIGITS, **TEENS}
_RELATIONS = frozenset({"voor", "vóór", "na", "tot", "tussen", "vanaf", "uiterlijk", "binnen"})
_RELATIONS |= frozenset({"niet", "en", "of"})
ARTICLE = frozenset({"een"})  # "een" is mostly the article, not the number one
_TAIL |= ARTICLE  # "binnen zes weken een besluit": the phrase ends before the article


def _phrase(text: str, start: int) -> str:
    words: list[str] = []
    for match in _WORD.finditer(text, start):
        word = match.group(0).rstrip(".:")
        if not word or (words and not _GOES_ON.match(word) and word != ","):
            break
        words.append(word)
        if len(words) >= 12 or match.group(0).endswith((".", ":")):
            break
    while words and words[-1].lower() in _TAIL:
        words.pop()
    return " ".join(words).replace(" ,", ",")


def _past(sentence: str, start: int, end: int) -> bool:
    """Whether the phrase at ``start:end`` of ``sentence`` names a past time (see the module)."""
    before = " ".join(sentence[:start].split()[-PAST_WINDOW:])
    return bool(
        _PAST_BEFORE.search(before)
        or _PAST_AFTER.match(sentence[end:])
        or _past_form_near(sentence, start, end)
        or _perfect_near(sentence, start, end)
    )


def _past_form_near(sentence: str, start: int, end: int) -> bool:
    """Whether a verb's past form (:data:`PAST_FORMS`) is near the phrase, in its clause."""
    return any(word in PAST_FORMS for word in _near_words(sentence, start, end))


def _near_words(sentence: str, start: int, end: int) -> list[str]:
    """The words of the phrase's clause within :data:`PAST_FORM_WINDOW` on each side, lower case."""
    ends = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)]
    after = _CLAUSE_END.search(sentence, end)
    before = _TOKEN.findall(sentence[ends[-1] if ends else 0 : start])[-PAST_FORM_WINDOW:]
    behind = _TOKEN.findall(sentence[end : after.start() if after else len(sentence)])
    return [word.lower() for word in before + behind[:PAST_FORM_WINDOW]]


def _participle(word: str) -> bool:
    """Whether ``word`` is a past participle ("geleegd", "opgehaald", "gekomen"), not a noun or
    adjective starting with "ge" ("gemeente", "gebied"): its lemma is another word, a verb."""
    if not _PARTICIPLE.match(word):
        return False
    base = lemma(word)
    return base != word and base.endswith("n")


def _perfect_near(sentence: str, start: int, end: int) -> bool:
    """Whether the phrase stands in a perfect-tense clause (see the module); never a deadline."""
    if sentence[start:end].split(" ", 1)[0].lower() in _RELATIONS | {"uiterlijk", "vanaf", "om"}:
        return False
    near = _near_words(sentence, start, end)
    if MODALS.intersection(near) or not PERFECT_AUXILIARIES.intersection(near):
        return False
    return any(_participle(word) for word in near)


def _phrases(text: str) -> list[tuple[str, bool]]:
    """The time phrases of one turn (without birth dates, other personal data or past times),
    each with whether its sentence is a question."""
    found: list[tuple[str, bool]] = []
    for sentence in _SENTENCE.split(text):
        position = 0
        question = sentence.rstrip().endswith("?")
        while match := _START.search(sentence, position):
            phrase = _phrase(sentence, match.start())
            position = match.start() + max(len(phrase), 1)
            end = match.start() + len(phrase)
            if _past(sentence, match.start(), end):
                continue
            if len(phrase) >= 4 and not _OLD_YEAR.search(phrase) and not detect(phrase):
                found.append((phrase, question))
    return found


def _keys(text: str) -> set[str]:
    """The days, months and hours named in ``text`` ("twee", "2" and "14" are one hour)."""
    keys: set[str] = set()
    for match in _TOKEN.finditer(text.lower()):
        token = match.group(0)
        if match.start() and text[match.start() - 1] in ".:" and token.isdigit():
            continue  # the minutes of "14.00": the hour names the time
        if _NAMED.match(token):
            keys.add(token)
            continue
        number = _NUMBER_WORDS.get(token, token)
        if number.isdigit() and token not in ARTICLE:
            value = int(number)
            keys.add(str(value - 12 if 12 < value <= 24 else value))
    return keys


def _same_time(one: str, other: str) -> bool:
    """Whether two phrases name the same days and hours in the same relation (before, after …)."""

    def relations(text: str) -> set[str]:
        return {w for w in _TOKEN.findall(text.lower()) if w in _RELATIONS}

    return _keys(one) == _keys(other) and relations(one) == relations(other)


def _options(phrases: Sequence[str]) -> list[str]:
    parts = (part.strip(" ,;") for phrase in phrases for part in _OR.split(phrase))
    return [_LEADING_OP.sub("", part) for part in parts if _keys(part)]


def _taken(options: Sequence[str], reply: str) -> list[str]:
    """The options the resident's ``reply`` takes: by their own day, date or hour, by pointing
    at one ("de eerste"), or — a single option — by agreeing to it."""
    keys = [_keys(option) for option in options]
    shared = set.intersection(*keys) if keys else set()
    said = _keys(reply)
    named = [o for o, k in zip(options, keys, strict=True) if (k - shared) & said]
    if named:
        return named
    words = set(_TOKEN.findall(reply.lower()))
    pointed = [number for word, number in _ORDINAL.items() if word in words]
    if pointed and len(options) > 1 and -len(options) <= pointed[0] < len(options):
        return [options[pointed[0]]]
    if len(options) == 1 and _AGREE.search(reply):
        return list(options)
    return []


def _settle_offers(
    turns: Sequence[Spoken], phrases: Sequence[Sequence[tuple[str, bool]]]
) -> tuple[list[list[str]], list[str]]:
    """Each turn's phrases with the employee's offers replaced by what the resident took, and
    the offered options nobody took. A time the resident named before is not offered but read
    back ("dus na twee uur?")."""
    settled: list[list[str]] = []
    untaken: list[str] = []
    heard: set[str] = set()  # the days and hours the resident has named so far
    for index, turn in enumerate(turns):
        found = phrases[index]
        if turn.is_resident:
            heard |= _keys(turn.text)
        offered = [
            phrase
            for phrase, question in found
            if turn.is_employee
            and (question or len(_options([phrase])) > 1)
            and not _keys(phrase) <= heard
        ]
        kept = [phrase for phrase, _question in found if phrase not in offered]
        if offered:
            reply = next((t.text for t in turns[index + 1 :] if t.is_resident), "")
            options = _options(offered)
            taken = _taken(options, reply)
            kept.extend(taken)
            untaken.extend(o for o in options if o not in taken)
        settled.append(kept)
    return settled, untaken


def agreed_times(turns: Sequence[Spoken]) -> list[tuple[int, str]]:
    """Time phrases agreed in the conversation (turn index, phrase), in order, at most
    :data:`MAX_PHRASES`; the later phrases win when there are more (agreements come last).
    Times the employee only offered are left out (see the module's description)."""
    return times_and_offers(turns)[0]


def times_and_offers(turns: Sequence[Spoken]) -> tuple[list[tuple[int, str]], list[str]]:
    """:func:`agreed_times` and the offered times the resident did not take (the summary should
    not repeat those as if they were agreed)."""
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    settled, untaken = _settle_offers(turns, [_phrases(turn.text) for turn in turns])
    for index, phrases in enumerate(settled):
        for phrase in phrases:
            key = phrase.lower()
            if key in seen or any(key in other for other in seen):
                continue
            if any(_same_time(phrase, other) for _i, other in found):
                continue  # the same time in other words ("na 2 uur", "na 14.00 uur")
            # a fuller phrase of the same time replaces the shorter one said before it
            found = [(i, p) for i, p in found if p.lower() not in key]
            seen.add(key)
            found.append((index, phrase))
    return found[-MAX_PHRASES:], untaken
