"""Where a name ends and an address begins: boundary fixes between name and address spans.

The recognisers of :mod:`reisgenoot.language.pii` find names and addresses separately; these
functions settle the spans where they meet ("Daan van de Vlinderstraat 3", "Jan van
Galenstraat 31", "Burgemeester de Witlaan 6", "Plein 1944 nr 12").
"""

from __future__ import annotations

import re

from reisgenoot.language import pii_context, pii_lists

Span = tuple[int, int, str]

__all__ = [
    "cut_link_before_street",
    "drop_street_titles",
    "extend_street_titles",
    "extend_year_streets",
    "split_name_from_address",
]


_LINK = re.compile(r"[ \t]+(?:(?:van|op|aan|uit|in)(?:[ \t]+(?:de|het|'t))?)[ \t]+")


def split_name_from_address(text: str, others: list[Span], names: list[Span]) -> list[Span]:
    """ "Daan van de Vlinderstraat 3": a name the tagger found at the start of an address,
    linked by "van de", "op", …, is the person, and the address starts after it."""
    starts = {start: end for start, end, _type in names}
    out = []
    for start, end, type_ in others:
        name_end = starts.get(start)
        if (
            type_ == "adres"
            and name_end is not None
            and name_end < end
            and text[start:name_end].lower() not in _STREET_TITLES  # "Laan van Meerdervoort"
        ):
            link = _LINK.match(text, name_end)
            if (
                link is not None
                and link.end() < end
                and not _named_after_person(text[start:name_end], link.group())
            ):
                start = link.end()
        out.append((start, end, type_))
    return out


def _named_after_person(name: str, link: str) -> bool:
    """ "Jan van Galendreef 31": a first name and a plain "van" open a street named after a
    person (as in :func:`_links_to_street`), not someone of that street."""
    return link.split() == ["van"] and name.lower() in pii_lists.lists().first_names


_TITLE_BEFORE = re.compile(r"([^\W\d_]+\.?)[ \t]+(?:(?:de|van|der|den)[ \t]+)*$")
# Blanks, a dot or none, letters: one word of the window read backwards.
_REV_TITLE_WORD = re.compile(r"[ \t]+(\.?)([^\W\d_]*)")
_TITLE_PARTICLES = frozenset(("de", "van", "der", "den"))


def title_before(text: str, start: int) -> tuple[int, str] | None:
    """What ``_TITLE_BEFORE.search(text, max(0, start - 40), start)`` finds, as ``(match
    start, group 1)``: the word before the blanks and particles that end at ``start``.

    That search tries every start in the window and backtracks through each word (about 4 µs
    an address); here the reversed window is read once, word by word. The leftmost match
    starts at the word before the longest run of particles ("burgemeester de " → the title).
    """
    low = max(0, start - 40)
    end = start
    if end > low and text[end - 1] == "\n":
        end -= 1  # ``$`` also matches before a newline that ends the window
    rev = text[low:end][::-1]
    found: tuple[int, str] | None = None
    pos = 0
    while True:
        word = _REV_TITLE_WORD.match(rev, pos)
        if word is None or not word.group(2):
            return found
        found = (end - word.end(), rev[word.start(1) : word.end()][::-1])
        if word.group(1) or word.group(2)[::-1] not in _TITLE_PARTICLES:
            return found
        pos = word.end()


def extend_street_titles(text: str, spans: list[Span]) -> list[Span]:
    """ "koningin wilhelminasteeg 96", "burgemeester de witlaan 6": a title (written in lower
    case too) and its particles open the street name."""
    out = []
    for start, end, type_ in spans:
        if type_ == "adres":
            title = title_before(text, start)
            if title is not None and title[1].lower() in _STREET_TITLES:
                if not _person_title(text, title):
                    start = title[0]
            elif start and text[start].isupper():
                start = _initials_before(text, start)
            else:
                start = _adjective_before(text, start)
        out.append((start, end, type_))
    return out


def _person_title(text: str, title: tuple[int, str]) -> bool:
    """ "de heer Wubbolts", "mr. Jansen" before an address: "heer" after "de" addresses a
    person, it does not open a street name ("Heer Bokelweg")."""
    if title[1].lower() != "heer":
        return False
    start, end = pii_context._word_before(text, title[0])
    return text[start:end].lower() == "de"


# Initials (and a title before them) open a street named after a person: "Mr. P.J.
# Troelstraweg 140", "Dr. A.F. Philipsweg 5", "J.P. Coenstraat 6".
_INITIALS_BEFORE = re.compile(
    r"(?<![\w.])(?:(?:mr|dr|prof|burg|ds|mgr)\.?[ \t]+)?(?:[A-Z]\.[ \t]?){1,3}[ \t]*$",
    re.IGNORECASE,
)
_ADJECTIVE_BEFORE = re.compile(
    r"(?<![\w-])(?:oude|nieuwe|korte|lange|hoge|lage|grote|kleine|eerste|tweede|derde)[ \t]+$",
    re.IGNORECASE,
)


def _initials_before(text: str, start: int) -> int:
    found = _INITIALS_BEFORE.search(text, max(0, start - 16), start)
    if found is None or not text[found.start()].isalpha():
        return start
    first = text[found.start() : found.start() + 2]
    return found.start() if first[0].isupper() else start


def _adjective_before(text: str, start: int) -> int:
    """ "de lange marktstraat 45": an adjective right before a street name opens it."""
    found = _ADJECTIVE_BEFORE.search(text, max(0, start - 8), start)
    return start if found is None else found.start()


def drop_street_titles(text: str, names: list[Span], others: list[Span]) -> list[Span]:
    """A "name" that is the first word of a street name ("Laan" of "Laan van Meerdervoort 12",
    "Prins" of "Prins Hendrikkade 3") is part of the address."""
    starts = {start for start, _end, type_ in others if type_ == "adres"}
    return [
        n for n in names if not (n[0] in starts and text[n[0] : n[1]].lower() in _STREET_TITLES)
    ]


_STREET_LINK = re.compile(
    r"[ \t]+(?:van(?:[ \t]+(?:de|het|'t|der|den))?|(?:op|aan|uit|bij|naar|naast|tegenover)(?:[ \t]+(?:de|het|'t))?)"
    r"[ \t]+((?:[^\W\d_][\w'’-]*[ \t]+)?([^\W\d_][\w'’-]*))[ \t]+\d"
)
# Words that open a street name before "van": "Burgemeester van Houtenstraat", "Prins van
# Oranjelaan". Before any other word "van"/"op" links a person or a business to the street.
_STREET_TITLES = frozenset(
    [
        "burgemeester",
        "burg.",
        "prins",
        "prinses",
        "graaf",
        "gravin",
        "koning",
        "koningin",
        "hertog",
        "hertogin",
        "generaal",
        "admiraal",
        "jonkheer",
        "pastoor",
        "dokter",
        "dr.",
        "mr.",
        "professor",
        "prof.",
        "meester",
        "kapitein",
        "baron",
        "vrouwe",
        "heer",
        "laan",
    ]
)


def _links_to_street(word: str, link: str, street: str) -> bool:
    """Whether "<word> <link> <street>" is someone of a street, not one street name. A first
    name before plain "van"/"van der" is a street named after a person ("Jan van
    Galenstraat"); "van de"/"op"/"aan" after a first name is the person ("Daan van de …")."""
    low = word.lower()
    if low in _STREET_TITLES or not pii_context.is_street_word(street):
        return False
    plain_van = link.split()[0] == "van" and link.split()[1] not in ("de", "het", "'t")
    return not (plain_van and low in pii_lists.lists().first_names)


def cut_link_before_street(text: str, spans: list[Span]) -> list[Span]:
    """ "Daan van de Vlinderstraat 3", "Snackbar De Hoek op Javastraat 118": who lives or works
    there is linked to one street word with its number; the address is the street."""
    out = []
    for start, end, type_ in spans:
        if type_ == "adres":
            for link in _STREET_LINK.finditer(text, start, end):
                before = text[start : link.start()].split()
                if before and _links_to_street(before[-1], link.group(), link.group(2)):
                    start = link.start(1)
                    break
        out.append((start, end, type_))
    return out


_YEAR_END = re.compile(r"(?<![\d])(?:1[5-9]|20)\d\d$")
_HOUSE_AFTER_YEAR = re.compile(
    r"(?:[ \t]*[-–/]?[ \t]*(?:1[5-9]|20)\d\d)?[ \t]+(?:(?:nr\.?|nummer|no\.?)[ \t]*)?"
    r"\d{1,4}(?:-[A-Za-z0-9]{1,3}|[ \t]?[A-Za-z](?![\w]))?(?![\w-])"
)


def extend_year_streets(text: str, spans: list[Span]) -> list[Span]:
    """ "Plein 1944 nr 12", "Laan 1940 1945 nummer 8": a street named after a year has its
    house number after the year; the recognisers took the year for the number."""
    out = []
    for start, end, type_ in spans:
        if type_ == "adres" and _YEAR_END.search(text, start, end):
            more = _HOUSE_AFTER_YEAR.match(text, end)
            if more is not None:
                end = more.end()
        out.append((start, end, type_))
    return out
