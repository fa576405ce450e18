r"""Case numbers (``zaaknummer``): a number after a reference word, and the shapes of the
common case systems without one.

Like :mod:`reisgenoot.language.pii_patterns`, every recogniser yields ``(start, end, type)``
with code-point offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from reisgenoot.language.pii_patterns import elfproef, first_letter_alternation
from reisgenoot.language.pii_tagger import COMMON, common_words

Span = tuple[int, int, str]

# --- zaaknummer ----------------------------------------------------------------------------

# A reference noun before "nummer"/"nr" (one word or two: "vergunningnummer", "proces-verbaal
# nummer"), "kenmerk" or "referentie"; and "zaak" itself before a code with digits.
_REFERENCE_NOUNS = (
    "zaak", "dossier", "aanvraag", "referentie", "klant", "melding", "meldings", "registratie",
    "ticket", "factuur", "aanslag", "beschikkings", "vorderings", "debiteur", "vergunning",
    "vergunnings", "proces-verbaal", "verbaal", "contract", "polis", "relatie", "cliënt",
    "client", "naheffings", "naheffing", "bezwaar", "subsidie", "uitkerings", "document",
    "transactie", "betalings", "boete", "bon", "parkeervergunning", "bezoekersvergunning",
)  # fmt: skip
# a case noun with "met/onder nummer": "die melding met nummer 118840"
_NOUNS_WITH_NUMBER = (
    "zaak", "melding", "aanvraag", "dossier", "bezwaar", "klacht", "brief", "factuur", "aanslag",
    "boete", "bon", "naheffing", "vergunning", "beschikking",
)  # fmt: skip


def _reference_cue_text(
    alternation: Callable[[Iterable[str]], str], *, nouns_with_number: bool = True
) -> str:
    text = (
        rf"\b{alternation(_REFERENCE_NOUNS)}[ -]?(?:nummer|nr\.?)"
        # any compound with "kenmerk": "betalingskenmerk", "briefkenmerk"
        r"|\b(?:ons |uw )?kenmerk\b"
        # (after a letter: "k" tested before the look-behind when written for speed)
        + (r"|(?<=[^\W\d_])kenmerk\b" if alternation is _plain else r"|k(?<=[^\W\d_]k)enmerk\b")
        + r"|\breferentie\b"
        r"|\bzaak(?= +[A-Za-z]{0,4}[\d.]*\d[-/.])"
    )
    if nouns_with_number:
        text += (
            rf"|{alternation(_NOUNS_WITH_NUMBER)}[ \t]+(?:met|onder)[ \t]+(?:het[ \t]+)?"
            r"(?:nummer|nr\.?|kenmerk)\b"
        )
    return text


def _plain(words: Iterable[str]) -> str:
    return "(?:" + "|".join(map(re.escape, words)) + ")"


REFERENCE_CUE_TEXT = _reference_cue_text(_plain)
"""The reference cue as it reads; :data:`_REFERENCE_CUE` is the same, written for speed."""
# Every branch opens with one of these letters: tested first, the engine skips the other
# positions (about 14 → 6 µs a text); the noun lists grouped by first letter, and the branch
# of a case noun "met/onder nummer" left out of the scan of a text without "met" or "onder"
# (it cannot match there: 6 → 3 µs where a cue word occurs; the same matches,
# ``test_pii_equivalence``).
_REFERENCE_CUE = re.compile(
    rf"(?=[zdarkmtfbvpcsuon])(?:{_reference_cue_text(first_letter_alternation)})", re.IGNORECASE
)
_REFERENCE_CUE_WITHOUT_MET = re.compile(
    rf"(?=[zdarkmtfbvpcsuon])"
    rf"(?:{_reference_cue_text(first_letter_alternation, nouns_with_number=False)})",
    re.IGNORECASE,
)


def _reference_cue(lower: str) -> re.Pattern[str]:
    """The scanner of reference cues for a text whose lower case is ``lower``."""
    return _REFERENCE_CUE if "met" in lower or "onder" in lower else _REFERENCE_CUE_WITHOUT_MET


# Any other compound of "nummer"/"nr" ("verzoeknummer", "inschrijfnr.") is a reference too,
# unless its first part says it is a number of another kind (a phone, a house, a bank account,
# a BSN) or no personal number at all (a bus line, a page, a menu choice).
_COMPOUND_CUE = re.compile(r"\b([^\W\d_]{3,}?)-?(?:nummer|nr\.?)(?![\w])", re.IGNORECASE)
_NOT_REFERENCE_PREFIXES = frozenset(
    [
        "telefoon",
        "tel",
        "mobiel",
        "mobiele",
        "gsm",
        "fax",
        "huis",
        "burgerservice",
        "bsn",
        "sofi",
        "rekening",
        "bankrekening",
        "bank",
        "giro",
        "iban",
        "kvk",
        "btw",
        "kamer",
        "artikel",
        "pagina",
        "serie",
        "volg",
        "keuze",
        "nood",
        "alarm",
        "service",
        "kenteken",
        "post",
        "postbus",
        "antwoord",  # a freepost number ("antwoordnummer 12345") is an organisation's
        "kavel",
        "perceel",
        "stoel",
        "zit",
        "perron",
        "spoor",
        "lijn",
        "bus",
        "tram",
        "trein",
        "versie",
        "model",
        "product",
        "contact",
        "terugbel",
        "bel",
        "whatsapp",
        "pin",
        "hal",
        "tafel",
        "rij",
        "vak",
        "kast",
        "container",
        "toestel",
        "apparaat",
        "toevoeging",
        "huisnummer",
        "telefoonnummer",
        "mobielnummer",
        "paal",
        "lantaarnpaal",
        "lichtmast",
        "mast",
        "boom",
        "object",
        "meter",
        "informatie",
        "algemeen",
        "gratis",
        "centraal",
        "hoofd",
        "spoed",
        "intern",
        "extern",
        "order",
        "bestel",
        "bestelling",
        "pas",
        "pakket",
        "zending",
        "verzend",
        "track",
        "tracking",
    ]
)
# A case noun right before its number ("de beschikking 6015 2201 8834 1907", "melding 1234567",
# "mijn zaak is 24-123456"): a longer number (five digits or more) that is no date or amount.
# "aanslag" and "bon" also end compounds ("naheffingsaanslag", "parkeerbon").
_CASE_NOUN_WORDS = (
    "zaak", "melding", "aanvraag", "dossier", "beschikking", "bekeuring", "boete", "naheffing",
    "ticket", "factuur", "verzoek", "klacht", "bezwaar",
)  # fmt: skip


def _case_noun_text(alternation: Callable[[Iterable[str]], str]) -> str:
    return (
        rf"(?:\b{alternation(_CASE_NOUN_WORDS)}|aanslag|bon)(?![\w])"
        r"(?:[ \t]+(?:is|was|heeft|met|onder|nummer|nr\.?))*[ \t]*[:#]?[ \t]*"
        r"(?=[A-Za-z]{0,4}[ \t]?\d)"
    )


CASE_NOUN_TEXT = _case_noun_text(_plain)
# (the first letters of every branch tested first and the nouns grouped by first letter, as
# for the reference cue)
_CASE_NOUN = re.compile(
    rf"(?=[zmadbntfvk]){_case_noun_text(first_letter_alternation)}", re.IGNORECASE
)
_DATE_OR_AMOUNT = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})$|\d{4}-\d\d-\d\d$|\d+(?:\.\d{3})+$"
)
_AMOUNT_AFTER = re.compile(r",\d|[ \t]*(?:euro|eur\b|,-)", re.IGNORECASE)
_PHONE_DIGITS = re.compile(r"(?:\+|00)\d{9,13}$|0\d{9,10}$")
# The value: letters and digits with - / . inside, or digit groups apart by single blanks
# ("6015 2201 8834 1907", "NH 600 781 422"), after filler words ("is", "van de", ":").
_REFERENCE_VALUE = re.compile(
    r"(?:[ \t]*(?::|is|was|luidt|nr\.?|nummer|van|de|het|uw|mijn|je|deze|die|melding|zaak"
    r"|aanvraag|brief|staat|stond|op|in|bovenaan|rechtsboven|formulier)(?![\w]))*[ \t]*[:#]?[ \t]*"
    r"((?:[A-Za-z]{1,4} )?\d{3,}(?: \d+)+(?![\w])"
    r"|(?=[A-Za-z0-9/.-]*\d)[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*)"
)


# at most six words without a digit or a sentence end, then "is", "luidt" or a colon
_LATER_VALUE = re.compile(
    r"(?:[ \t]+[^\W\d_]+){1,6}?[ \t]*(?:(?<=[ \t])(?:is|luidt)(?![\w])|:)", re.IGNORECASE
)


def may_have_reference(lower: str) -> bool:
    """False when no reference cue can match the text whose lower case is ``lower``."""
    return _has_cue_word(lower) or _has_case_noun(lower)


def _has_cue_word(lower: str) -> bool:
    """Whether ``_REFERENCE_CUE`` or ``_COMPOUND_CUE`` can match."""
    return (
        "nummer" in lower
        or "nr" in lower
        or "kenmerk" in lower
        or "referentie" in lower
        or "zaak" in lower
    )


def _has_case_noun(lower: str) -> bool:
    return _CASE_NOUN_HINT.search(lower) is not None


_CASE_NOUNS = (
    "zaak", "melding", "aanvraag", "dossier", "beschikking", "aanslag", "bekeuring", "boete", "bon",
    "naheffing", "ticket", "factuur", "verzoek", "klacht", "bezwaar",
)  # fmt: skip
# one scan for any of them (a substring test per noun cost fifteen)
_CASE_NOUN_HINT = re.compile("|".join(map(re.escape, _CASE_NOUNS)))


_TRAILING_WORD = re.compile(r"\d[A-Za-z]{3,}")


def _plain_value(chars: str) -> bool:
    """A value after a bare case noun: no word glued on ("1234567Vraagwijzer") and, when in
    groups, groups of one length ("NH 600 781 422"), not a number and then a phone number."""
    if _TRAILING_WORD.search(chars):
        return False
    groups = [g for g in chars.split(" ") if g.isdigit()][1:]
    return len({len(g) for g in groups}) <= 1


def _compound_cues(text: str, lower: str) -> Iterator[int]:
    if "nummer" not in lower and "nr" not in lower:
        return
    for cue in _COMPOUND_CUE.finditer(text):
        prefix = cue.group(1).lower()
        # "mobieletelefoon", "urgerservice": a compound's last part decides its kind
        if not any(prefix.endswith(word) for word in _NOT_REFERENCE_PREFIXES):
            yield cue.end()


def reference_cues(text: str) -> Iterator[int]:
    """Where each reference word ends ("zaaknummer", "kenmerk", "verzoeknummer", …)."""
    lower = text.lower()
    if not _has_cue_word(lower):
        return
    ends = {cue.end() for cue in _reference_cue(lower).finditer(text)}
    ends.update(_compound_cues(text, lower))
    yield from sorted(ends)


def find_references(text: str) -> Iterator[Span]:
    """A number right after a reference word ("kenmerk 2026-012345", "zaaknummer: 4711-A")."""
    lower = text.lower()
    if _has_cue_word(lower):
        yield from _after_cue_words(text, lower)
    if _has_case_noun(lower):
        yield from _after_case_nouns(text)


def _after_cue_words(text: str, lower: str) -> Iterator[Span]:
    known = {cue.end() for cue in _reference_cue(lower).finditer(text)}
    compounds = set(_compound_cues(text, lower))
    for end in sorted(known | compounds):
        value = _REFERENCE_VALUE.match(text, end)
        later = None
        if value is None or sum(ch.isdigit() for ch in value.group(1)) < 4:
            # "klantnummer bij de gemeentelijke belastingen is 600412": a few words between
            later = _LATER_VALUE.match(text, end)
            value = _REFERENCE_VALUE.match(text, later.end()) if later is not None else None
        if value is None:
            continue
        chars = value.group(1)
        digits = sum(ch.isdigit() for ch in chars)
        if digits < 4:
            continue
        plain = "".join(ch for ch in chars if ch.isalnum())
        if (end not in known or later is not None) and (
            _PHONE_DIGITS.match(plain)
            or elfproef(plain)
            or (later is not None and plain.startswith("0") and len(plain) >= 9)
        ):
            continue  # "contactnummer 0612345678", "+32 …", a BSN: the other recognisers'
        yield value.start(1), value.end(1), "zaaknummer"


def _after_case_nouns(text: str) -> Iterator[Span]:
    for cue in _CASE_NOUN.finditer(text):
        value = _REFERENCE_VALUE.match(text, cue.end())
        if value is None or value.start(1) != cue.end():
            continue
        chars = value.group(1)
        if (
            sum(ch.isdigit() for ch in chars) >= 5
            and _plain_value(chars)
            and not _DATE_OR_AMOUNT.match(chars)
            and not _AMOUNT_AFTER.match(text, value.end(1))
            and "€" not in text[max(0, cue.end() - 3) : cue.end()]
        ):
            yield value.start(1), value.end(1), "zaaknummer"


# Case numbers of the common case systems by their shape, without a cue word: a capital prefix
# with five or more digits ("Z-2025-031207", "KWS/2025/0871", "OLO 7731842", "ZK25-001377"),
# a year with a long serial ("2025-0418877", "2025-WMO-08812", "26-441920"), letters glued to
# a long number ("OLO7731842"), and a payment reference or CJIB decision number of sixteen
# digits ("6015 2201 8834 1907").
CASE_SHAPE_TEXT = (
    r"\b(?:[A-Z]{1,5}(?:[-/][A-Z]{2,5})*(?:[-/ ]?\d{2,}(?:[-/.]\d+)+|[-/ ]\d{5,}|\d{2}-\d{4,})"
    r"|20\d\d[-/.](?:[A-Z]{2,5}[-/.])?\d{4,}(?:[-/.](?:\d+|[A-Z]{1,4}))*"
    r"|\d{4}(?:[ .]\d{4}){3}(?![ .]?\d)|\d{16}"
    # letters glued to a long number ("OLO7731842", "Z608129"), a two-digit year and a serial
    # ("26-441920")
    r"|[A-Z]{1,5}\d{6,}|(?:1[5-9]|2\d)[-/]\d{5,7})\b"
)
# every branch opens with a capital or a digit: tested first, the engine skips other positions
_CASE_SHAPE = re.compile(rf"(?=[A-Z\d]){CASE_SHAPE_TEXT}")
# "DOB 03-06-1985", "NR 12-3-2025": a capital word before a date is no case number.
_LETTERS_DATE = re.compile(r"[A-Z]+[-/ ]?\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})$")


_NOT_A_CASE = ("BSN", "IBAN", "NL", "TEL", "KVK", "BTW", "SOFI", "AGB")


# The same shape with blanks, as said or typed in a chat in any case: a case system's letters,
# the year and a serial ("mld 2025 66120", "hv 2026 0031", "PW 26 1187"). The letters are no
# common word (the tagger's counts of lower-case words); a two-digit year needs capitals.
_SPACED_HINT = re.compile(r"\d\d[ \t]+\d{3}")
_SPACED_CASE = re.compile(
    r"(?<![\w-])([A-Za-z]{2,4})[ \t]+(20[0-4]\d|\d\d)[ \t]+\d{3,6}(?![\w-]|[.,]\d)"
)


# Any identifier of capitals and digits in segments apart by "-", "/" or "." with a segment of
# capitals: how the case systems compose a number from a prefix, a department or product code,
# the year and a serial ("VB/26/BEL/0412", "2025/118/WBV", "VB25-KCC-11820", "RX.2021.42771",
# "ZAAK-2024-0000000123"). No lower-case letter (no word, no web address), at least five digits.
_CODE = re.compile(r"[A-Z\d](?<![\w./-].)[A-Z\d]*(?:[-/.][A-Z\d]+)+(?![\w]|[-/.][A-Za-z\d])")
_CODE_SEGMENT_LETTERS = re.compile(r"(?:^|[-/.])[A-Z]{1,5}\d*(?=[-/.]|$)")
_MONTH_SEGMENTS = frozenset(
    ("JAN", "FEB", "MRT", "MAR", "APR", "MEI", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OKT",
     "OCT", "NOV", "DEC")
)  # fmt: skip


# every such identifier has a capital next to a separator or a digit: tested first, most texts
# have none and skip the scan at every capital and digit
_CODE_HINT = re.compile(r"[A-Z][-/.\d]|[-/.][A-Z]")


def _codes(text: str) -> Iterator[Span]:
    if _CODE_HINT.search(text) is None:
        return
    for match in _CODE.finditer(text):
        value = match.group()
        if (
            sum(ch.isdigit() for ch in value) >= 5
            and _CODE_SEGMENT_LETTERS.search(value)
            and not value.startswith(_NOT_A_CASE)
            and _MONTH_SEGMENTS.isdisjoint(re.split(r"[-/.]", value))
        ):
            yield match.start(), match.end(), "zaaknummer"


# The same identifiers typed in lower case, as in a chat or an employee's quick note
# ("avh25-0077", "zk2024-00123", "mld-2025-66120", "bz/25/840600"): a case system's letters
# glued to the year (two digits, or four from 19xx or 20xx) or apart by a separator, then a
# serial of four or more digits. The letters
# are no common word and no start of a BSN, IBAN or phone line; at least five digits.
_LOWER_CODE = re.compile(
    r"(?<![\w./@-])([a-z]{1,4})[-/.]?(?:\d{2}|(?:19|20)\d{2})[-/.]\d{4,10}"
    r"(?![\w@]|[-/.][A-Za-z\d])"
)
_LOWER_CODE_HINT = re.compile(r"[a-z]\d\d|[a-z][-/.]\d\d")


def _lower_codes(text: str) -> Iterator[Span]:
    if _LOWER_CODE_HINT.search(text) is None:
        return
    for match in _LOWER_CODE.finditer(text):
        letters = match.group(1)
        if (
            sum(ch.isdigit() for ch in match.group()) >= 5
            and letters.upper() not in _NOT_A_CASE
            and letters.upper() not in _MONTH_SEGMENTS
            and common_words().get(letters, 0) < COMMON
        ):
            yield match.start(), match.end(), "zaaknummer"


def find_case_shapes(text: str) -> Iterator[Span]:
    """Case numbers recognised by their shape (at least five digits; not a BSN or plate)."""
    for match in _CASE_SHAPE.finditer(text):
        value = match.group(0)
        if (
            sum(ch.isdigit() for ch in value) >= 5
            and not value.startswith(_NOT_A_CASE)
            and not _LETTERS_DATE.match(value)
        ):
            yield match.start(), match.end(), "zaaknummer"
    yield from _codes(text)
    yield from _lower_codes(text)
    if _SPACED_HINT.search(text):
        yield from _spaced_cases(text)


def _spaced_cases(text: str) -> Iterator[Span]:
    for match in _SPACED_CASE.finditer(text):
        letters = match.group(1)
        if (
            (len(match.group(2)) == 4 or letters.isupper())
            and letters.upper() not in _NOT_A_CASE
            and common_words().get(letters.lower(), 0) < COMMON
            and not _AMOUNT_AFTER.match(text, match.end())
        ):
            yield match.start(), match.end(), "zaaknummer"


def compile_patterns(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


def find_zaaknummer(
    text: str, patterns: Sequence[re.Pattern[str]], *, references: bool = True
) -> Iterator[Span]:
    for pattern in patterns:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            if match.end(group) > match.start(group):
                yield match.start(group), match.end(group), "zaaknummer"
    if references:
        yield from find_references(text)
