r"""Recognisers for the structured personal-data types: checksums, notations and cues.

Every recogniser takes the text and yields ``(start, end, type)`` with code-point offsets. The
regular expressions are written so that they cannot backtrack badly: each starts behind a
fixed-width look-behind, so that a long run of letters or digits is scanned once. Where it is
safe, the first character comes before that look-behind (``[1-9](?<![\w.,-].)`` instead of
``(?<![\w.,-])[1-9]``): the same matches, but the engine can then skip ahead to candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

Span = tuple[int, int, str]


def first_letter_alternation(words: Iterable[str]) -> str:
    """``(?:w1|w2|…)`` for literal lower-case ``words``, grouped by first letter with the
    order kept within each letter: ``(?:z(?:aak)|d(?:ossier|ebiteur)|…)``.

    Two words that open with different letters never match at the same place (also with
    ``re.IGNORECASE``), so leftmost-first matching finds the same matches, and backtracking
    tries the same words in the same order; but the engine tests one letter per place instead
    of every word (about 5 → 3 µs a text for the reference words, ``test_pii_equivalence``)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in groups.items()) + ")"


# --- bsn -----------------------------------------------------------------------------------

_BSN = re.compile(r"\d(?<![\w.,/€+)-].)(?<!\d .)(?:[ .]?\d){8}(?![\w])(?![.,/-]\d)(?! \d)")
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(digits: str) -> bool:
    """True when nine digits pass the BSN 11-proef (and are not all zero)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True))
    return total % 11 == 0


# Three groups of three with dashes, as some forms and letters print it ("123-456-782").
_BSN_DASHED = re.compile(r"\d(?<![\w.,/€+)-].)\d{2}-\d{3}-\d{3}(?![\w])(?![.,/-]\d)")


def _bracket_closed(text: str, start: int, end: int) -> bool:
    """After "(" a BSN is the whole bracket ("Cliënt (1234.56.782) meldt"), not a part."""
    return text[start - 1 : start] != "(" or text[end : end + 1] == ")"


# Nine digits pass the 11-proef one time in eleven by chance: after the number word of a thing
# ("meternummer", "het nummer van de watermeter is", "ordernummer", "serienummer") they are
# that thing's number, unless a BSN cue stands closer.
_THING_NUMBER_BEFORE = re.compile(
    r"(?:meter|order|bestel|bestelling|pakket|zending|track|serie|artikel|product|model"
    r"|apparaat|toestel|onderdeel)(?:nummer|nr\b)?[^\d€]{0,30}$"
    r"|(?:nummer|nr\.?)[ \t]+van[ \t]+(?:de|het|mijn|uw)[ \t]+[^\W\d_]*"
    r"(?:meter|bestelling|pakket|zending|apparaat)\b[^\d€]{0,12}$",
    re.IGNORECASE,
)
_BSN_WORD = re.compile(r"bsn|burgerservice|sofi", re.IGNORECASE)


def _thing_number(text: str, start: int) -> bool:
    before = text[max(0, start - 50) : start]
    cue = _THING_NUMBER_BEFORE.search(before)
    return cue is not None and _BSN_WORD.search(before, cue.start()) is None


def find_bsn(text: str) -> Iterator[Span]:
    if "-" in text:
        for match in _BSN_DASHED.finditer(text):
            if elfproef(match.group().replace("-", "")) and _bracket_closed(
                text, match.start(), match.end()
            ):
                yield match.start(), match.end(), "bsn"
    for match in _BSN.finditer(text):
        digits = match.group().replace(" ", "").replace(".", "")
        if "€" in text[max(0, match.start() - 3) : match.start()]:
            continue
        if (
            elfproef(digits)
            and _bracket_closed(text, match.start(), match.end())
            and not _thing_number(text, match.start())
        ):
            yield match.start(), match.end(), "bsn"


# Nine digits with at most three separators between neighbours: needed by every BSN (nine
# digits, single blanks or dots) and every Dutch phone number (ten or more digits; groups apart
# by at most a blank, a dash, dot or slash with blanks, or a parenthesis and a blank).
LONG_NUMBER = re.compile(r"\d(?:[ \t\u00a0\-./–()]{0,3}\d){8}")


# --- iban ----------------------------------------------------------------------------------

IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GI": 23, "GL": 18, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "VA": 22,
}  # fmt: skip
# (?<![\w])[A-Za-z]{2}\d{2}(?=[ ]?[A-Za-z0-9]), but matched from the first check digit (the
# country code sits in the look-behind): the engine then only stops at digits, not at every
# letter. A match starts two characters before the match of this regex.
_IBAN_START = re.compile(r"\d(?<=[A-Za-z]{2}\d)(?<![\w][A-Za-z]{2}\d)\d(?=[ .-]?[A-Za-z0-9])")


def iban_valid(iban: str) -> bool:
    """Mod-97 check of an IBAN written without spaces."""
    iban = iban.upper()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isalnum() or not iban.isascii():
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def _iban_end(text: str, start: int, length: int) -> int | None:
    """Walk ``length`` alphanumerics from ``start`` allowing single blanks, dashes or dots
    between them ("NL91 ABNA …", "NL91-ABNA-…"); the end or None."""
    count, pos, limit = 0, start, len(text)
    while pos < limit and count < length:
        ch = text[pos]
        if ch.isascii() and ch.isalnum():
            count += 1
        elif ch not in " -." or count == 0 or not text[pos - 1].isalnum():
            return None
        pos += 1
    if count < length or (pos < limit and text[pos].isalnum()):
        return None
    return pos


# "NL 91 ABNA 0417 1643 00": a blank after the country code too (read out, or typed in groups
# of two); matched from the first check digit like the one above, three characters later.
_IBAN_START_SPACED = re.compile(r"\d(?<=[A-Za-z]{2} \d)(?<![\w][A-Za-z]{2} \d)\d(?= [A-Za-z0-9])")


def find_iban(text: str) -> list[Span]:
    # most texts have no IBAN: a search per start pattern before starting a generator
    found: list[Span] = []
    if _IBAN_START.search(text) is not None:
        found.extend(_ibans(text, _IBAN_START, 2))
    if " " in text and _IBAN_START_SPACED.search(text) is not None:
        found.extend(_ibans(text, _IBAN_START_SPACED, 3))
    return found


_ALNUM_ONLY = re.compile(r"[ .-]")


def _ibans(text: str, pattern: re.Pattern[str], back: int) -> Iterator[Span]:
    for match in pattern.finditer(text):
        start = match.start() - back
        length = IBAN_LENGTHS.get(text[start : start + 2].upper())
        if length is None:
            continue
        end = _iban_end(text, start, length)
        if end is not None and iban_valid(_ALNUM_ONLY.sub("", text[start:end])):
            yield start, end, "iban"


# --- telefoon ------------------------------------------------------------------------------

_SP = r"[ \t\u00a0]"
_PHONE_RUN = re.compile(
    rf"[+(\d](?<![\w+/].)(?:(?<=\+){_SP}?\d+|(?<=\()\d+|(?<=\d)\d*)"
    rf"(?:(?:{_SP}?[-./–]{_SP}?|{_SP}|\){_SP}?|{_SP}?\()\d+)*"
)
_GROUP = re.compile(r"\d+")
_CODE_IN_BRACKETS = re.compile(r"\+\d{1,3}\)")
_SERVICE = ("0800", "0900", "0906", "0909")


def national_ok(number: str) -> bool:
    """Ten digits of a Dutch number that is not a service number (0800, 0900, …)."""
    return (
        len(number) == 10
        and number[0] == "0"
        and number[1] != "0"
        and not number.startswith(_SERVICE)
    )


def _phone_from(groups: list[re.Match[str]], i: int, plus: bool) -> int | None:
    """Index of the last group of a Dutch number starting at group ``i``, or None."""
    first = groups[i].group()
    international = (plus and first.startswith("31")) or first.startswith("0031")
    if not international and (not first.startswith("0") or first.startswith("00")):
        return None
    skip = 2 if plus else 4
    digits = ""
    for j in range(i, min(len(groups), i + 7)):
        digits += groups[j].group()
        rest = digits[skip:] if international else digits
        if international and rest and rest[0] != "0" and len(rest) == 9:
            return j if national_ok("0" + rest) else None
        if len(rest) == 10 and rest[0] == "0":
            return j if national_ok(rest) else None
        if len(rest) > 10:
            return None
    return None


def find_telefoon(text: str) -> Iterator[Span]:
    for run in _PHONE_RUN.finditer(text):
        if run.end() - run.start() < 9:  # a Dutch number has at least nine digits
            continue
        groups = list(_GROUP.finditer(run.group()))
        base = run.start()
        i = 0
        plus_first = run.group().startswith("+")
        while i < len(groups):
            plus = i == 0 and plus_first
            last = _phone_from(groups, i, plus)
            if last is None:
                i += 1
                continue
            start = base if i == 0 else base + groups[i].start()
            if i > 0 and run.group()[groups[i].start() - 1] == "(":
                start -= 1
            end = base + groups[last].end()
            if text[start] == "(" and ")" not in text[start:end]:
                start = base + groups[i].start()  # "(06-2044 1185)": the bracket is not a part
            elif text[start - 1 : start] == "(" and _CODE_IN_BRACKETS.match(text, start):
                start -= 1  # "(+31) 6 1234 5678": the bracket opens the number
            yield start, end, "telefoon"
            i = last + 1


# A number abroad written with its country code ("+48 601 223 904", "0032 470 12 34 56",
# "+90 (532) 123 45 67"): a plus or 00, a country code other than 31, an area code in
# brackets or not, and eight to twelve more digits in groups.
_FOREIGN_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{0,2}(?:[ \u00a0]?\((?:0|0?\d{1,4})\))?(?:[ \u00a0.-]?\d{1,4}){1,6}"
    r"(?![\w])(?![.-]\d)"
)


def find_foreign_telefoon(text: str) -> Iterator[Span]:
    if "+" not in text and "00" not in text:
        return
    for match in _FOREIGN_PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in match.group())
        if 10 <= digits <= 13 + (2 * match.group().startswith("00")):
            yield match.start(), match.end(), "telefoon"


# --- postcode ------------------------------------------------------------------------------

_POSTCODE = re.compile(r"[1-9](?<![\w.,-].)\d{3}(?:[ \u00a0]?[A-Z]{2}|[ \u00a0]?[a-z]{2})(?![\w])")
BAD_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
_NOT_POSTCODE_LOWER = frozenset(
    [
        "en",
        "in",
        "op",
        "is",
        "of",
        "om",
        "te",
        "de",
        "al",
        "na",
        "nu",
        "zo",
        "ik",
        "je",
        "ze",
        "we",
        "er",
        "uw",
        "ja",
        "eh",
        "ok",
        "km",
        "kg",
        "ha",
        "ml",
        "mg",
        "pk",
        "cc",
        "cm",
        "mm",
        "gb",
        "mb",
        "kb",
        "kw",
        "ct",
        "pp",
        "nr",
        "st",
    ]
)
_ERAS = frozenset({"AD", "BC", "NC", "VC"})


# "Merelsteeg 20, 7732 km Oudehaske": after a house number and a comma, before a place name,
# "1234 km" is a postcode, whatever its letters also mean.
_BEFORE_POSTCODE = re.compile(r"\d[A-Za-z]?(?:[-/ ]?\w{1,4})?,[ \t]*$|postcode:?[ \t]*$", re.I)
_PLACE_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")


# "mijn postcode is 4331 kg": after the word, any two letters are the postcode's
_POSTCODE_WORD_BEFORE = re.compile(r"postcode[ \t]*(?:is|:)?[ \t]*(?:eh[ \t]+)?$", re.I)


def _in_address_line(text: str, start: int, end: int) -> bool:
    return bool(
        _PLACE_AFTER.match(text, end) and _BEFORE_POSTCODE.search(text, max(0, start - 12), start)
    ) or bool(_POSTCODE_WORD_BEFORE.search(text, max(0, start - 16), start))


def find_postcode(text: str) -> Iterator[Span]:
    for match in _POSTCODE.finditer(text):
        value = match.group()
        letters = value[-2:]
        if letters.upper() in BAD_POSTCODE_LETTERS:
            continue
        if (
            letters.islower()
            and not value[4].isalpha()
            and letters in _NOT_POSTCODE_LOWER
            and not _in_address_line(text, match.start(), match.end())
        ):
            continue
        if letters in _ERAS and int(value[:4]) <= 2100:
            continue
        yield match.start(), match.end(), "postcode"


# --- kenteken ------------------------------------------------------------------------------

_SIDECODES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
)  # fmt: skip


def _sidecode_regex(code: str, sep: str) -> str:
    parts = ["".join("[A-Za-z]" if ch == "L" else r"\d" for ch in part) for part in code.split("-")]
    return sep.join(parts)


_DASHED_SHAPES = frozenset(_SIDECODES)
_PLAIN_SHAPES = frozenset(code.replace("-", "") for code in _SIDECODES)
_KENTEKEN_DASHED = re.compile(
    r"[A-Za-z\d](?<![\w-].)[A-Za-z\d]{0,2}-[A-Za-z\d]{2,3}-[A-Za-z\d]{1,3}(?![\w-])"
)
# Six letters and digits standing alone; the side-code test below also demands that both
# occur, so that is not repeated here (look-aheads at every position were slow).
_KENTEKEN_PLAIN = re.compile(r"[A-Za-z\d](?<![\w-].)[A-Za-z\d]{5}(?![\w-])")
_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "L" * 52 + "D" * 10
)
_KENTEKEN_CUE = re.compile(r"kenteken|nummerbord|auto|wagen|motor|scooter|bus|parkeer", re.I)
_PLATE_LETTERS = frozenset("BDFGHJKLMNPRSTVXZ")


def _has_cue(text: str, start: int) -> bool:
    return _KENTEKEN_CUE.search(text, max(0, start - 60), start) is not None


PLATE_HINT = re.compile(r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z]-\d)|-?[A-Za-z])")
r"""Every plate has a letter next to a digit, or with one dash between them (as
``[A-Za-z]-?\d|\d-?[A-Za-z]``, written to start at a digit: the engine tries digits only)."""


# A plate read out loud and written down by a speech recogniser or a hurried employee:
# its groups apart ("kl 477 t"). Only plate letters count here (no vowels, so no words).
# (a look-ahead, so that "u vx 281 b" also tries "vx 281 b" after "u vx 281")
_KENTEKEN_SPACED = re.compile(
    r"(?<![\w-])(?<!\d )(?=([A-Za-z\d]{1,3} [A-Za-z\d]{2,3} [A-Za-z\d]{1,3})(?![\w-]))"
)  # (not the end of a number in groups: "06 21 77 40 93 gr")
# as ``[A-Za-z\d] \d|\d [A-Za-z]``, written to start at a blank
SPACED_PLATE_HINT = re.compile(r" (?:(?<=[A-Za-z\d] )\d|(?<=\d )[A-Za-z])")


def _spaced_kenteken(text: str) -> Iterator[Span]:
    for match in _KENTEKEN_SPACED.finditer(text):
        value = match.group(1)
        if value.replace(" ", "-").translate(_SHAPE) not in _DASHED_SHAPES:
            continue
        if all(ch.upper() in _PLATE_LETTERS for ch in value if ch.isalpha()):
            yield match.start(1), match.end(1), "kenteken"


def plain_plate_shape(chars: str) -> bool:
    """Six letters and digits in a side code of Dutch plates, letters of plates only."""
    return chars.translate(_SHAPE) in _PLAIN_SHAPES and all(
        ch.upper() in _PLATE_LETTERS for ch in chars if ch.isalpha()
    )


def find_kenteken(
    text: str, *, spaced: bool | None = None, plain: bool | None = None
) -> Iterator[Span]:
    """Plates; ``spaced`` and ``plain``: what :data:`SPACED_PLATE_HINT` and :data:`PLATE_HINT`
    say of ``text``, when the caller tested them already."""
    if spaced is None:
        spaced = SPACED_PLATE_HINT.search(text) is not None
    if spaced:
        yield from _spaced_kenteken(text)
    if plain is None:
        plain = PLATE_HINT.search(text) is not None
    if not plain:
        return
    if "-" in text:
        yield from _dashed_kenteken(text)
    for match in _KENTEKEN_PLAIN.finditer(text):
        value = match.group()
        if value.translate(_SHAPE) not in _PLAIN_SHAPES:
            continue
        pairs = (value[0:2], value[2:4], value[4:6])
        two_two_two = all(p.isalpha() or p.isdigit() for p in pairs)
        plate = all(ch in _PLATE_LETTERS for ch in value if ch.isalpha())
        if (plate and not two_two_two) or _has_cue(text, match.start()):
            yield match.start(), match.end(), "kenteken"


def _dashed_kenteken(text: str) -> Iterator[Span]:
    for match in _KENTEKEN_DASHED.finditer(text):
        value = match.group()
        if value.translate(_SHAPE) not in _DASHED_SHAPES:
            continue
        letters = "".join(ch for ch in value if ch.isalpha())
        if letters.isupper() or _has_cue(text, match.start()) or _lower_plate(letters):
            yield match.start(), match.end(), "kenteken"


_MONTH_ABBREVIATIONS = frozenset(("mrt", "nov", "dec", "feb", "jn", "jl"))


def _lower_plate(letters: str) -> bool:
    """A plate typed in lower case ("38-fr-zp"): plate letters only (no vowel, so no word) and
    no month ("1-mrt-85" is a date)."""
    return (
        letters.islower()
        and all(ch.upper() in _PLATE_LETTERS for ch in letters)
        and letters not in _MONTH_ABBREVIATIONS
    )


# A system identifier (a UUID, as Open Klant and the audit log write them) is no personal data,
# and digits inside it are no phone number or BSN: "0dabf851-0883-4841-80d7-…" holds "0883-4841-80".
_UUID = re.compile(
    r"(?<![0-9A-Za-z])[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}(?![0-9A-Za-z])"
)


def outside_identifiers(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without those that overlap a UUID in ``text``."""
    ids = [match.span() for match in _UUID.finditer(text)]
    if not ids:
        return spans
    return [s for s in spans if not any(s[0] < end and start < s[1] for start, end in ids)]
