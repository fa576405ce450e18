"""Personal data the sentence-level detector misses, removed from the draft's texts.

A name is often said in full once ("u spreekt met Femke Dijkstra") and later on its own
("dank je, Femke", "mevrouw Dijkstra"). The detector sees one sentence at a time; here the
conversation is known. :func:`known_names` gathers the words of every name the language core
found in any turn; :func:`scrub` replaces them anywhere in a composed text with ``[NAAM]``, as
well as a capitalised word after "mevrouw"/"meneer", spelled-out letters ("G-H-E-B-R-E") and long
digit runs said in pieces ("w i 2025 0 6 6 1 8"). The placeholder stays, so the sentence keeps
its shape ("verhuisd van [ADRES] naar …").

Lowercase speech-to-text hides names and addresses from a sentence-level detector; the
conversation shows them by how they are said (:func:`said_names`, :func:`known_addresses`):

- **an answer to a question for it**: the employee asks for a name or an address ("op welk adres
  woont u", "heeft u de achternaam") and the resident's next turn opens with it ("bongerd 118 ik
  woon daar …");
- **a name spelled out**: a rare word followed by its spelling ("… met een n", "… met ij");
- **a name introduced**: a rare word after "hij heet" or after a relation ("mijn hulp marion")
  that the learned name tagger also scores as a name at a recall-first threshold;
- **a variant of a known name**: a rare word one or two letters from a name already found
  ("marjolijn" beside "marjolein").

:func:`scrub` is also the draft's last-line check on each composed field (ADR 56): a capitalised
name after an introduction or thanks ("u spreekt met Jansen", "groeten van Daan") and a
lowercase word after a title ("mevrouw bakker") become ``[NAAM]``; a known name that is also a
common word ("Bos", "de Groot") only where it stands as a name, so "het bos" stays; a street and
number said after living or moving (:func:`said_addresses`) or after "op de" with a rare or
street-like last word becomes ``[ADRES]``; e-mail addresses and numbers said as words go.
:func:`tidy_placeholders` removes what is left around a placeholder (an article, a particle, a
house-number addition, the place after an address). Phrases passed as ``keep`` (the product
names) are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.name_answers import answered_names
from reisgenoot.language.number_words import DIGITS, alternatives
from reisgenoot.language.pii import rule_spans
from reisgenoot.language.pii_tagger import plain_word
from reisgenoot.language.text import STOPWORDS, edit_distance

__all__ = [
    "asked",
    "cued_names",
    "known_addresses",
    "known_names",
    "said_addresses",
    "said_names",
    "scrub",
    "tidy_placeholders",
    "words_pattern",
]

_PARTICLES = frozenset(
    {"van", "de", "der", "den", "ter", "ten", "te", "het", "in", "op", "el", "al", "la", "le"}
)
_HONORIFIC = re.compile(
    r"\b(?P<title>mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|juffrouw|familie|(?:de )?heer)\s+"
    r"(?P<name>(?:(?:van|de|der|den|ter|ten|te|el|al|'t)\s+)*[A-Z][\w'’-]+"
    r"(?:\s+(?:(?:van|de|der|den|ter|ten|te|el|al|'t)\s+)*[A-Z][\w'’-]+)?)"
)
# a lowercase word after a title in chat or speech-to-text ("dank u mevrouw bakker"): a name
# unless it is one of the most common words ("mevrouw goed zo")
_HONORIFIC_LOWER = re.compile(
    r"\b(?P<title>mevrouw|meneer|mevr\.|mw\.|dhr\.)\s+"
    r"(?P<name>(?:(?:van|de|der|den|ter|ten|el|al)\s+)*(?P<last>[a-z][\w'’-]+))"
)
TITLE_WORD_ZIPF = 4.7  # a lowercase word after a title commoner than this is no name
WORD_NAME_ZIPF = 4.5  # a name this common as a word ("Bos", "de Groot") is scrubbed as a name only
# a name the employee or resident introduced, capitalised ("u spreekt met Jansen", "Sanne hier")
_NAME_CUE_CAPITAL = re.compile(
    r"(?:\b(?:[Mm]ijn naam is|[Nn]aam is|[Ss]preekt met|[Hh]eet|[Gg]enaamd|[Dd]ank je(?: wel)?"
    r"|[Bb]edankt|[Gg]roeten van|[Gg]roet van)"
    r"|(?:^|[.!?,]\s+)(?:[Jj]a,?\s+)?(?:[Mm]et|[Ii]k ben)(?=\s+[A-Z][\w'’-]*(?:\s+(?:van|de|der"
    r"|den|ter|ten|el|al|[A-Z][\w'’-]*))*\s*(?:[,.!?]|$|\s(?:ik|hier|van de gemeente)\b)))\s+"
    r"(?P<name>[A-Z][a-zà-ÿ'’-]+(?:\s+(?:(?:van|de|der|den|ter|ten|el|al)\s+)*[A-Z][a-zà-ÿ'’-]+)?)\b"
)
# an address said as one ("ik woon op de kromme akker 18", "verhuisd naar de Brink 4-bis"):
# after living or moving, up to three words and a house number with its addition
_NUMBER_TAIL = (
    r"\d{1,4}(?:\s?-?\s?(?:[a-zA-Z](?![\w])|bis|hs|II|III|\d{1,3}(?=\s*hoog)))?(?:\s*\d?\s*hoog)?"
)
_SAID_ADDRESS = re.compile(
    r"\b(?:woon|woont|wonen|woonde|woonden|verhuis|verhuist|verhuizen|verhuisd|adres is|adres|"
    r"ingeschreven)\b[^.?!\d]{0,30}?\b(?:op|aan|naar|in|is)\s+(?:de\s+|het\s+|'t\s+)?"
    r"(?P<street>(?:[^\W\d_][\w'’-]*\s+){0,2}[^\W\d_][\w'’-]*)\s+(?P<number>"
    + _NUMBER_TAIL
    + r")\b",
    re.IGNORECASE,
)
_TITLES = frozenset({"mw", "mevr", "dhr", "mevrouw", "meneer", "heer", "juffrouw", "familie"})
_NO_STREET = frozenset(
    {"nummer", "huisnummer", "postcode", "week", "weken", "dagen", "jaar", "uur"}
)
_SPOKEN_DIGIT = alternatives(DIGITS)  # the digits said one by one ("nul zes een twee …")
_SPOKEN_NUMBER = re.compile(rf"\b{_SPOKEN_DIGIT}(?:[\s,]+(?:eh\s+)?{_SPOKEN_DIGIT}){{5,}}\b", re.I)
_SPOKEN_MAIL = re.compile(
    r"\b[\w.-]+(?:\s+(?:punt|streepje|liggend streepje)\s+[\w-]+)*\s+(?:at|apenstaartje)\s+"
    r"[\w-]+(?:\s+punt\s+[\w-]+)+\b",
    re.IGNORECASE,
)
# what is left of personal data around a placeholder: an article or name particle before it
# ("op de [ADRES]", "De [NAAM] zei"), a house-number addition or the place after an address
_BEFORE_TAG = re.compile(
    r"(?<![\w\[])(?:(?:(?:van|von)\s+(?:de|der|den|het)|de|het|een|'t|der|den|ter|ten|el|al)"
    r"\s+(?=\[NAAM\])|(?:de|het|een|'t)\s+(?=\[ADRES\]))",
    re.IGNORECASE,
)
_AFTER_ADDRESS = re.compile(
    r"(\[ADRES\])(?:\s?-\s?\w{1,3}\b|\s(?:[A-NP-TV-Za-np-tv-z]|bis|hs|II|III)\b(?!['’])|\s\d{1,2}\s?hoog\b)"
)
_ADDRESS_PLACE = re.compile(r"(\[ADRES\]),?\s(?:in|te|uit)\s(?P<place>[^\W\d_][\w'’-]+)")
_STREET_SUFFIX = re.compile(
    r"(?:straat|laan|weg|plein|singel|gracht|kade|dijk|hof|dreef|pad|steeg|akker|kamp|erf|veld"
    r"|wal|haven|markt|brink|boulevard|park|hage|horst|esch|weide|werf)$"
)
STREET_ZIPF = 3.6  # the last word of a street said without a cue is rarer than this
# a street and number after "op de"/"aan de" without a cue ("kwijt op de kromme akker 35")
_PLACED_ADDRESS = re.compile(
    r"\b(?:op|aan)\s+(?:de|het|'t)\s+(?P<street>(?:[^\W\d_][\w'’-]*\s+)?[^\W\d_][\w'’-]*)\s+"
    r"(?P<number>"
    + _NUMBER_TAIL
    + r")\b(?!\s*(?:uur|euro|jaar|keer|minuten|dagen|weken|procent|%|[.,]\d))",
    re.IGNORECASE,
)
RARE_ZIPF = 4.1  # a word rarer than this in Dutch (wordfreq) after a name cue is a name
_CUE = re.compile(
    r"\b(?:mijn naam is|naam is|u spreekt met|spreekt met|ik ben|meneer|mevrouw|mevr|dhr"
    r"|de heer|juffrouw|(?:hij|zij|ze|die) heet|heette|genaamd"
    r"|groeten van|groetjes van|groet van)\s+",
    re.IGNORECASE,
)
# Cues that open ordinary phrases as often as names ("vol met stinkend afval", "dag meneer"):
# after them a rare word is a name only if broader Dutch does not write it in lower case either
# (ADR 81's vocabulary, :func:`reisgenoot.language.pii_tagger.plain_word`).
_WEAK_CUE = re.compile(r"\b(?:met|dag|hoi|hallo|dank je|bedankt)\s+", re.IGNORECASE)
_SPELLED = re.compile(r"\b(?:[A-Za-z]\s?[-.]\s?){3,}[A-Za-z]\b|\b(?:[A-Za-z] ){4,}[A-Za-z]\b")
_DIGITS = re.compile(r"\b(?:[A-Za-z]{1,4}[- ])?(?:\d[\s.-]?){5,}\d?\b")
_TAGS = re.compile(r"(\[[A-Z_]+\])(?:[\s,]+\1)+")


ANSWER_ZIPF = 3.5  # an answer's opening word rarer than this is the name asked for
RECALL_THRESHOLD = 0.95  # P(no name) below which the tagger's word after a relation is a name
VARIANT_ZIPF = 3.0  # a variant is rarer than this ("bakkers" beside "bakker" is a word)
VARIANT_MIN = 5  # shorter names have too many neighbours to match variants
VARIANT_LONG = 7  # from this length a variant may differ in two letters
_ASK_TAIL = 120  # characters at the end of the employee's turn that hold the question
_WORD = re.compile(r"(?<![\w\[])[^\W\d_][\w'’-]*")
_NAME_QUESTION = re.compile(
    r"\b(?:(?:achter|voor|sur)?naam|hoe heet|hoe schrijf|wie (?:is|was) (?:dat|het))", re.IGNORECASE
)
_ADDRESS_QUESTION = re.compile(r"\b(?:adres|straat|waar woont|waar wonen)", re.IGNORECASE)
_ADDRESS_ANSWER = re.compile(
    r"(?P<street>(?:(?:van|de|der|den|het|'t|ter|ten|oude|achter|aan|op)\s+)*"
    r"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)\s+\d{1,4}(?:\s?-?\s?[a-z](?![\w]))?",
    re.IGNORECASE,
)
# the filler words that open an answer ("ja eh dat is op de …")
_FILLERS = frozenset([
    "ja", "jawel", "nee", "eh", "ehm", "euh", "uh", "uhm", "nou", "oké", "ok", "dat", "is",
    "het", "de", "op", "aan", "mijn", "me", "m'n", "adres", "naam", "achternaam", "voornaam",
    "hij", "zij", "ze", "die", "heet", "woon", "ik", "wij", "we", "in", "dus",
])  # fmt: skip
_RELATIONS = (
    "hulp|thuishulp|huishoudelijke hulp|buurman|buurvrouw|buurjongen|buurmeisje|zoon|dochter"
    "|man|vrouw|moeder|vader|broer|zus|zusje|broertje|oma|opa|schoonmoeder|schoonvader|neef"
    "|nicht|kleinzoon|kleindochter|tante|oom|partner|vriend|vriendin|ex|collega|begeleider"
    "|mantelzorger|verzorger|consulent|contactpersoon|huisgenoot|kind|baby|baas|huisbaas"
    "|verhuurder"
)
_RELATION = re.compile(
    rf"\b(?:mijn|me|m'n|zijn|z'n|haar|onze|ons|hun|uw)\s+(?:{_RELATIONS})\s+(?P<word>[^\W\d_][\w'’-]*)",
    re.IGNORECASE,
)
_SPELLED_OUT = re.compile(
    r"\b(?P<word>[^\W\d_]{3,})\s+met\s+(?:(?:een|twee|dubbel|dubbele|de|'n)\s+"
    r"(?:[a-z]|ij|ei|ie|oe|ou|au|ui|y|ph|th|ck|ch)|[a-tv-z]|ij|ei|ie|oe|ou|au|ui|ph|th|ck|ch)\b(?!\w)",
    re.IGNORECASE,
)


def _zipf(word: str) -> float:
    """How common ``word`` is in Dutch (wordfreq's Zipf scale; imported on first use)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "nl"))


def _rare(word: str, below: float = RARE_ZIPF) -> bool:
    return word.isalpha() and word not in STOPWORDS and _zipf(word) < below


def cued_names(text: str) -> list[str]:
    """Names after a cue ("mijn naam is", "meneer") in lowercase speech-to-text: the rare words
    (wordfreq) right after the cue, with their particles ("el amrani", "van dam")."""
    found = [" ".join(_rare_words(text[m.end() :])) for m in _CUE.finditer(text)]
    found += [" ".join(_rare_words(text[m.end() :], plain=False)) for m in _WEAK_CUE.finditer(text)]
    return list(dict.fromkeys(name for name in found if name))


def _rare_words(
    text: str, limit: int = 4, below: float = RARE_ZIPF, *, plain: bool = True
) -> list[str]:
    """The rare words (with particles) among the first ``limit`` words of ``text``: a name.
    With ``plain`` false, a word broader Dutch writes in lower case is no name either."""
    words: list[str] = []
    for token in text.split()[:limit]:
        word = token.strip(".,;:!?").lower()
        if word in _PARTICLES and not token.endswith((",", ".")):
            words.append(word)
        elif _rare(word, below) and (plain or not plain_word(word)):
            words.append(word)
            if token.endswith((",", ".")):
                break
        else:
            break
    while words and words[-1] in _PARTICLES:
        words.pop()
    return words


def _answer(text: str) -> str:
    """``text`` without the filler words that open an answer ("ja eh dat is op de …")."""
    tokens = text.split()
    skip = 0
    while skip < len(tokens) and tokens[skip].strip(".,;:!?").lower() in _FILLERS:
        skip += 1
    return " ".join(tokens[skip:])


def asked(turn: AnalysedTurn, cue: re.Pattern[str]) -> bool:
    """Whether the employee's turn ends by asking what ``cue`` names."""
    return turn.is_employee and cue.search(turn.text[-_ASK_TAIL:]) is not None


def _spelled_names(text: str) -> list[str]:
    return [m.group("word").lower() for m in _SPELLED_OUT.finditer(text) if _rare(m.group("word"))]


def _related_names(text: str) -> list[str]:
    """A rare word after a relation ("mijn hulp marion") that the name tagger, read for recall,
    also takes for a name."""
    candidates = [
        m for m in _RELATION.finditer(text) if _rare(m.group("word").lower().strip(".,;:!?"))
    ]
    if not candidates:
        return []
    from reisgenoot.language import pii_scoring

    spans = pii_scoring.find_naam(text, rule_spans(text), RECALL_THRESHOLD)
    return [
        m.group("word").lower()
        for m in candidates
        if any(start <= m.start("word") < end for start, end, _ in spans)
    ]


def said_names(turns: Sequence[AnalysedTurn]) -> list[str]:
    """Names shown by how they are said: after a question for a name, spelled out, or after
    a relation."""
    found: list[str] = []
    for number, said in enumerate(turns):
        text = said.text
        if said.is_resident and number and asked(turns[number - 1], _NAME_QUESTION):
            answer = _answer(text)
            if not _ADDRESS_ANSWER.match(answer):
                found.append(" ".join(_rare_words(answer, 3, ANSWER_ZIPF)))
                found += answered_names(answer, RECALL_THRESHOLD)
        if " met " in text:
            found += _spelled_names(text)
        found += [n for s in said.analysis.sentences for n in _related_names(text[s.start : s.end])]
    return [name for name in found if name]


def said_addresses(text: str) -> list[str]:
    """Streets and numbers said after living or moving ("ik woon op de kromme akker 18"),
    lowercase, whatever the street is called."""
    found: list[str] = []
    for match in _SAID_ADDRESS.finditer(text):
        street = match.group("street").lower().split()
        while street and (street[0] in STOPWORDS or street[0] in _FILLERS):
            street.pop(0)
        if street and street[-1] not in _NO_STREET and not street[-1].isdigit():
            found.append(" ".join([*street, *match.group("number").lower().split()]))
    return found


def _placed(match: re.Match[str]) -> bool:
    """Whether a street and number after "op de" look like an address: the last street word
    is rare or ends like a street."""
    last = match.group("street").split()[-1].lower()
    return bool(_STREET_SUFFIX.search(last)) or (last.isalpha() and _rare(last, STREET_ZIPF))


def _place(match: re.Match[str]) -> str:
    """An address without the place after it ("[ADRES] in Zwolle"), unless that is no place."""
    place = match.group("place")
    if place.lower() in STOPWORDS or not (place[0].isupper() or _rare(place.lower())):
        return match.group()
    return match.group(1)


def known_addresses(turns: Sequence[AnalysedTurn]) -> frozenset[str]:
    """Addresses the conversation holds: those the detector found in a turn, a street and
    number given in answer to a question for the address, and a street and number said after
    living or moving (lowercase)."""
    found: set[str] = set()
    for number, said in enumerate(turns):
        found.update(e.text.lower() for e in said.analysis.entities if e.type == "adres")
        found.update(said_addresses(said.text))
        if said.is_resident and number and asked(turns[number - 1], _ADDRESS_QUESTION):
            match = _ADDRESS_ANSWER.match(_answer(said.text))
            if match and _rare(match.group("street").split()[-1].lower()):
                found.add(" ".join(match.group(0).lower().split()))
    return frozenset(a for a in found if len(a) >= 4)


def known_names(turns: Sequence[AnalysedTurn], extra: Iterable[str] = ()) -> frozenset[str]:
    """The words of the names found in the conversation (lowercase, particles left out)."""
    words: set[str] = set()
    texts = [e.text for said in turns for e in said.analysis.entities if e.type == "naam"]
    texts += [name for said in turns for name in cued_names(said.text)]
    texts += said_names(turns)
    texts += [
        m.group("name")
        for said in turns
        for m in _NAME_CUE_CAPITAL.finditer(said.text)
        if _cued_capital(m) != m.group()
    ]
    for text in [*texts, *extra]:
        for word in re.findall(r"[^\W\d_][\w'’-]*", text):
            lowered = word.lower()
            if (
                len(lowered) >= 2
                and lowered not in _PARTICLES
                and lowered not in STOPWORDS
                and lowered not in _TITLES
            ):
                words.add(lowered)
    return frozenset(words)


def _variant(word: str, names: frozenset[str]) -> bool:
    """Whether ``word`` is a rare word one or two letters from a known name ("marjolijn")."""
    lowered = word.lower()
    if len(lowered) < VARIANT_MIN or lowered in names or not _rare(lowered, VARIANT_ZIPF):
        return False
    for name in names:
        if len(name) >= VARIANT_MIN and name[0] == lowered[0]:
            limit = 1 if len(name) < VARIANT_LONG else 2
            if edit_distance(lowered, name, limit) <= limit:
                return True
    return False


@lru_cache(maxsize=64)
def words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """One pattern for ``words`` (built once per draft: :func:`scrub` runs for every field)."""
    alternatives = "|".join(
        sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w\[])(?:{alternatives})(?![\w\]])", re.IGNORECASE)


def _word_name(word: str) -> bool:
    """Whether the name ``word`` is also a common word ("bos", "groot", "post")."""
    return _zipf(word) >= WORD_NAME_ZIPF


@lru_cache(maxsize=64)
def _name_position_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """``words`` where they stand as a name: capitalised after another word ("met Bos"), or
    after a name particle or title ("de groot", "mevrouw bos")."""
    lower = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    capital = "|".join(
        sorted((re.escape(w[0].upper() + w[1:]) for w in words), key=len, reverse=True)
    )
    return re.compile(
        rf"(?<![\w\[])(?:{capital})(?![\w\]])"
        rf"|(?P<cue>\b(?i:de|van|der|den|ter|ten|mevrouw|meneer|mw\.|dhr\.)\s+)(?i:{lower})(?![\w\]])"
    )


def _name_position(match: re.Match[str]) -> str:
    return (match.group("cue") or "") + "[NAAM]"


def _titled(match: re.Match[str]) -> str:
    last = match.group("last")
    if last in STOPWORDS or _zipf(last) >= TITLE_WORD_ZIPF:
        return match.group()
    return f"{match.group('title')} [NAAM]"


def _cued_capital(match: re.Match[str]) -> str:
    name = match.group("name")
    first = name.split()[0].lower()
    if first in STOPWORDS or first in {"gemeente", "team", "afdeling", "de", "het"}:
        return match.group()
    return match.group()[: match.start("name") - match.start()] + "[NAAM]"


def tidy_placeholders(text: str) -> str:
    """``text`` without what is left of personal data around its placeholders: an article or
    name particle before one, a house-number addition or a place after an address, and the
    same placeholder repeated."""
    result = _ADDRESS_PLACE.sub(_place, _AFTER_ADDRESS.sub(r"\1", text))
    result = _BEFORE_TAG.sub("", result)
    result = re.sub(r"(?<![\w\]])([a-z])(?=\[(?:NAAM|ADRES)\])", r"\1 ", result)
    result = re.sub(r"(^|[.!?]\s+)(\[[A-Z]+\])", r"\1\2", result)
    return _TAGS.sub(r"\1", result)


def _scrub_part(text: str, names: frozenset[str], addresses: frozenset[str]) -> str:
    result = words_pattern(addresses).sub("[ADRES]", text) if addresses else text
    result = _SAID_ADDRESS.sub(
        lambda m: (
            m.group()[: m.start("street") - m.start()] + "[ADRES]"
            if said_addresses(m.group())
            else m.group()
        ),
        result,
    )
    result = _PLACED_ADDRESS.sub(
        lambda m: (
            m.group()[: m.start("street") - m.start()] + "[ADRES]" if _placed(m) else m.group()
        ),
        result,
    )
    result = _SPOKEN_MAIL.sub("[EMAIL]", result)
    result = _SPOKEN_NUMBER.sub("[NUMMER]", result)
    result = _HONORIFIC.sub(lambda m: f"{m.group('title')} [NAAM]", result)
    result = _HONORIFIC_LOWER.sub(_titled, result)
    result = _NAME_CUE_CAPITAL.sub(_cued_capital, result)
    if names:
        rare = frozenset(n for n in names if not _word_name(n))
        common = names - rare
        if rare:
            result = words_pattern(rare).sub("[NAAM]", result)
        if common:
            result = _name_position_pattern(common).sub(_name_position, result)
        result = _WORD.sub(lambda m: "[NAAM]" if _variant(m.group(), names) else m.group(), result)
    result = _SPELLED.sub("[NAAM]", result)
    return _DIGITS.sub("[NUMMER]", result)


def scrub(
    text: str,
    names: frozenset[str],
    addresses: frozenset[str] = frozenset(),
    keep: Iterable[str] = (),
) -> str:
    """``text`` without the conversation's names and addresses, their spelling variants,
    names after a title or introduced ("u spreekt met Jansen"), addresses said after living
    or moving, e-mail addresses and numbers said as words, spelled letters and long digit
    runs. The phrases of ``keep`` (the draft's own words: a product name) are left as they
    are."""
    if not text:
        return text
    kept = [k for k in keep if k]
    if kept:
        pattern = "|".join(sorted(map(re.escape, kept), key=len, reverse=True))
        pieces = re.split(f"({pattern})", text)
        result = "".join(
            piece if index % 2 else _scrub_part(piece, names, addresses)
            for index, piece in enumerate(pieces)
        )
    else:
        result = _scrub_part(text, names, addresses)
    return tidy_placeholders(result)
