"""Plain-language check (taalniveau B1) for Dutch text.

Per sentence: length, rare words (wordfreq's Dutch list, compounds of common parts are not
rare), passive voice, and officialese with a plain alternative (``data/b1/officialese.tsv``).
For the text: Flesch-Douma, words per sentence, the share of rare words, and a verdict.

The verdict ``b1`` is a heuristic (no Dutch B1 model exists offline); its accuracy on the
project's evaluation set is in ``evaluation/b1/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from reisgenoot.language.pii_lists import lists
from reisgenoot.language.text import data_text, lemma, sentences, tokens

__all__ = [
    "B1Report",
    "SentenceCheck",
    "check_b1",
    "count_syllables",
    "flesch_douma",
    "officialese_list",
]

# Thresholds of the verdict (documented in docs/language-tone-b1.md).
LONG_SENTENCE = 20  # words; longer sentences fail
PASSIVE_LONG = 15  # a passive sentence longer than this fails
RARE_ZIPF = 3.0  # wordfreq Zipf below this is a rare word
PART_ZIPF = 3.3  # each part of a compound must be at least this common
MAX_RARE_IN_SENTENCE = 0.2
MIN_FLESCH_DOUMA = 60.0
MAX_WORDS_PER_SENTENCE = 15.0
MAX_RARE_SHARE = 0.08
MAX_FAILED_SENTENCES = 0.25
MAX_CHARS = 200_000
MAX_WORD = 40  # longer "words" are rare without looking them up  # longer input is checked on its first MAX_CHARS characters


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    """The check of one sentence; offsets refer to the checked text."""

    text: str
    start: int
    end: int
    words: int
    b1: bool
    reasons: list[str]
    rare_words: list[str]
    passive: bool
    officialese: list[tuple[str, str]]

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "words": self.words,
            "b1": self.b1,
            "reasons": list(self.reasons),
            "rare_words": list(self.rare_words),
            "passive": self.passive,
            "officialese": [list(pair) for pair in self.officialese],
        }


@dataclass(frozen=True, slots=True)
class B1Report:
    """The verdict for a text, with reasons and the check of each sentence."""

    b1: bool
    flesch_douma: float
    words_per_sentence: float
    rare_word_share: float
    reasons: list[str]
    sentences: list[SentenceCheck] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "b1": self.b1,
            "flesch_douma": round(self.flesch_douma, 1),
            "words_per_sentence": round(self.words_per_sentence, 1),
            "rare_word_share": round(self.rare_word_share, 3),
            "reasons": list(self.reasons),
            "sentences": [check.to_dict() for check in self.sentences],
        }


# --- syllables and Flesch-Douma -----------------------------------------------------------

_VOWELS = "aeiouyáéíóúàèìòùâêîôûäëïöü"
_DIAERESIS = "äëïöü"
_VOWEL_GROUP = re.compile(f"[{_VOWELS}]+")
# Vowel pairs that are two syllables (hiatus): si-tu-a-tie, ra-di-o, the-a-ter, vi-de-o.
_HIATUS = frozenset({"ia", "io", "iu", "ua", "uo", "ue", "ea", "oa", "eo"})


def _hiatus_count(group: str) -> int:
    count = 0
    for index in range(len(group) - 1):
        pair = group[index : index + 2]
        if pair not in _HIATUS:
            continue
        before = group[index - 1] if index else ""
        after = group[index + 2] if index + 2 < len(group) else ""
        if (pair[0] == "i" and before in ("a", "e", "o")) or (pair[0] == "u" and before):
            continue  # ei-, ou-, eu- diphthongs
        if pair == "ea" and after == "u":
            continue  # bureau
        count += 1
    return count


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables in a Dutch word, by vowel groups: ge-meen-te 3, par-keer-ver-gun-ning 5.

    Diaeresis starts a new syllable (be-ïn-vloe-den), hiatus pairs are split (si-tu-a-tie),
    "ij" is one vowel. Acronyms without vowels are spelled out (BSN: 3).
    """
    lowered = word.lower()
    letters = "".join(char for char in lowered if char.isalpha())
    if not letters:
        return 0
    count = 0
    for group in _VOWEL_GROUP.findall(letters):
        count += 1
        count += sum(1 for char in group[1:] if char in _DIAERESIS)
        count += _hiatus_count(group)
    if count == 0:
        return len(letters) if word.isupper() and len(letters) <= 5 else 1
    return count


def _word_texts(text: str) -> list[str]:
    return [t.text for t in tokens(text) if any(char.isalpha() for char in t.text)]


def flesch_douma(text: str) -> float:
    """Flesch-Douma reading ease: 206.84 − 0.77 × syllables per 100 words − 0.93 × words per
    sentence. Higher is easier; 60–70 is about B1. 0.0 for text without words."""
    text = text[:MAX_CHARS]
    parts = sentences(text)
    found = [w for part in parts for w in _word_texts(part.text)]
    if not found:
        return 0.0
    syllables = sum(count_syllables(w) for w in found)
    return _douma(len(found), syllables, len(parts))


def _douma(words: int, syllables: int, sentence_count: int) -> float:
    return 206.84 - 0.77 * (100.0 * syllables / words) - 0.93 * (words / max(1, sentence_count))


# --- rare words ---------------------------------------------------------------------------


@lru_cache(maxsize=131072)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "nl"))


def _common(word: str) -> bool:
    return _zipf(word) >= PART_ZIPF or _zipf(lemma(word)) >= PART_ZIPF


@lru_cache(maxsize=65536)
def is_rare(word: str) -> bool:
    """True when a word is rare in Dutch and not a compound of two common parts."""
    lowered = word.lower()
    if len(lowered) < 4 or not lowered.isalpha():
        return False
    if len(lowered) > MAX_WORD:
        return True
    if _zipf(lowered) >= RARE_ZIPF or _zipf(lemma(lowered)) >= RARE_ZIPF:
        return False
    return not _is_plain_compound(lowered)


def _is_plain_compound(word: str, depth: int = 0) -> bool:
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if not _common(tail) and not (
            depth < 1 and len(tail) > 6 and _is_plain_compound(tail, depth + 1)
        ):
            continue
        for joint in ("", "s", "en", "e"):
            base = head.removesuffix(joint) if joint else head
            if len(base) >= 3 and (base != head or not joint) and _common(base):
                return True
            if len(base) >= 4 and _common(base + "en"):  # verb stems: parkeer-, aanvraag-
                return True
    return False


# --- officialese --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Officialese:
    shown: str
    plain: str
    forms: tuple[tuple[str, ...], ...]


@cache
def officialese_list() -> tuple[_Officialese, ...]:
    """The curated officialese list: each entry with its forms (as word tuples) and plain word."""
    entries: list[_Officialese] = []
    for raw in data_text("b1", "officialese.tsv").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        found, _, plain = raw.partition("\t")
        forms = tuple(tuple(form.split()) for form in found.split("|") if form.strip())
        entries.append(_Officialese(found.split("|")[0], plain.strip(), forms))
    return tuple(entries)


@cache
def _officialese_index() -> dict[str, list[tuple[tuple[str, ...], _Officialese]]]:
    index: dict[str, list[tuple[tuple[str, ...], _Officialese]]] = {}
    for entry in officialese_list():
        for form in entry.forms:
            index.setdefault(form[0], []).append((form, entry))
    for candidates in index.values():
        candidates.sort(key=lambda item: -len(item[0]))
    return index


def find_officialese(found_words: list[str]) -> list[tuple[str, str]]:
    """Officialese in a list of lowercase words: (text found, plain alternative)."""
    index = _officialese_index()
    result: list[tuple[str, str]] = []
    position = 0
    while position < len(found_words):
        word = found_words[position]
        candidates = index.get(word) or index.get(lemma(word)) or []
        step = 1
        for form, entry in candidates:
            window = found_words[position : position + len(form)]
            if len(form) == 1 or window == list(form):
                result.append((" ".join(found_words[position : position + len(form)]), entry.plain))
                step = len(form)
                break
        position += step
    return result


# --- passive voice ------------------------------------------------------------------------

_WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden", "geworden"})
_ZIJN = frozenset({"is", "zijn", "was", "waren"})
_PARTICIPLE = re.compile(
    r"^(?:aan|op|af|uit|in|toe|mee|vast|terug|door|over|weg|na|voor|bij|om|samen|ver|goed|vrij)?"
    r"ge[a-zëï]{2,}(?:d|t|en)$|^(?:be|ver|ont|her|er)[a-zëï]{2,}(?:d|t)$"
)
_NOT_PARTICIPLE = frozenset(
    {
        "gemeenten",
        "geven",
        "gebruiken",
        "geloven",
        "genieten",
        "gebeuren",
        "geleden",
        "gelegen",
        "genoeg",
        "gezond",
        "gebied",
        "geld",
        "gewend",
        "gelukt",
        "geweest",
        "gegaan",
        "gekomen",
        "gebleven",
        "geworden",
        "verhuisd",
        "vertrokken",
        "begonnen",
        "gemeente",
        "gedurende",
        "bereid",
        "verantwoord",
        "beroemd",
        "bekend",
        "beperkt",
    }
)


def is_passive(found_words: list[str]) -> bool:
    """A form of "worden" with a past participle, or "zijn" + participle + "door"."""
    participles = [w for w in found_words if _PARTICIPLE.match(w) and w not in _NOT_PARTICIPLE]
    if not participles:
        return False
    if any(w in _WORDEN for w in found_words):
        return True
    return any(w in _ZIJN for w in found_words) and "door" in found_words


# --- the check ----------------------------------------------------------------------------


def _addressed_names(words: list[str]) -> set[int]:
    """Positions in ``words`` (as written) of the name after a form of address ("Tot ziens,
    meneer Veenstra."): the capitalised words after a title of the name lists, with the
    particles of a surname between them. A name is no difficult word."""
    titles, particles = lists().titles, lists().particle_words
    names: set[int] = set()
    for position, word in enumerate(words):
        if word.lower() not in titles:
            continue
        for after in range(position + 1, len(words)):
            following = words[after]
            if following[:1].isupper() and following.lower() not in titles:
                names.add(after)
            elif following.lower().replace("’", "'") not in particles:
                break
    return names


def _check_sentence(text: str, start: int, end: int) -> tuple[SentenceCheck, list[str], int]:
    written = _word_texts(text)
    found = [w.lower() for w in written]
    names = _addressed_names(written)
    rare = [w for i, w in enumerate(found) if i not in names and is_rare(w)]
    passive = is_passive(found)
    officialese = find_officialese(found)
    reasons: list[str] = []
    count = len(found)
    if count > LONG_SENTENCE:
        reasons.append(f"Deze zin is lang ({count} woorden). Maak er twee zinnen van.")
    if passive:
        reasons.append(
            "Deze zin is passief. Zeg wie iets doet: 'wij sturen' in plaats van 'wordt gestuurd'."
        )
    for found_text, plain in officialese:
        reasons.append(f"Gebruik '{plain}' in plaats van '{found_text}'.")
    too_rare = bool(count) and len(rare) / count > MAX_RARE_IN_SENTENCE
    if rare:
        listed = ", ".join(dict.fromkeys(rare))
        reasons.append(f"Moeilijke woorden: {listed}. Gebruik een gewoner woord of leg het uit.")
    b1 = (
        count <= LONG_SENTENCE
        and not officialese
        and not too_rare
        and not (passive and count > PASSIVE_LONG)
    )
    syllables = sum(count_syllables(w) for w in found)
    check = SentenceCheck(text, start, end, count, b1, reasons, rare, passive, officialese)
    return check, found, syllables


def check_b1(text: str) -> B1Report:
    """Check whether ``text`` is plain Dutch at level B1, sentence by sentence.

    Empty text is B1 with no sentences. Text longer than 200,000 characters is checked on its
    first 200,000 characters.
    """
    text = text[:MAX_CHARS]
    checks: list[SentenceCheck] = []
    total_words = total_syllables = total_rare = 0
    for part in sentences(text):
        check, found, syllables = _check_sentence(part.text, part.start, part.end)
        if not found:
            continue
        checks.append(check)
        total_words += len(found)
        total_syllables += syllables
        total_rare += len(check.rare_words)
    if not total_words:
        return B1Report(True, 0.0, 0.0, 0.0, [], [])
    douma = _douma(total_words, total_syllables, len(checks))
    per_sentence = total_words / len(checks)
    rare_share = total_rare / total_words
    failed = sum(1 for check in checks if not check.b1)
    reasons = _text_reasons(douma, per_sentence, rare_share, failed, len(checks))
    return B1Report(not reasons, douma, per_sentence, rare_share, reasons, checks)


def _text_reasons(
    douma: float, per_sentence: float, rare_share: float, failed: int, total: int
) -> list[str]:
    reasons: list[str] = []
    if douma < MIN_FLESCH_DOUMA:
        reasons.append(
            f"De tekst is moeilijk te lezen (Flesch-Douma {douma:.0f}; B1 is {MIN_FLESCH_DOUMA:.0f} "
            "of hoger). Gebruik kortere woorden en zinnen."
        )
    if per_sentence > MAX_WORDS_PER_SENTENCE:
        reasons.append(
            f"De zinnen zijn gemiddeld {per_sentence:.0f} woorden lang. "
            f"Houd ze korter dan {MAX_WORDS_PER_SENTENCE:.0f} woorden."
        )
    if rare_share > MAX_RARE_SHARE:
        reasons.append(
            f"Er staan veel moeilijke woorden in de tekst ({rare_share:.0%}). "
            "Gebruik gewone woorden."
        )
    if total and failed / total > MAX_FAILED_SENTENCES:
        reasons.append(f"{failed} van de {total} zinnen zijn niet op B1-niveau. Zie de zinnen.")
    return reasons
