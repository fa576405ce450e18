"""Sentences derived from the labelled ones for the name tagger (ADR 76), used by
``scripts/train_pii_tagger.py``.

The writers seldom open a sentence with a name: most of their names follow a cue ("u spreekt
met …", "Melder …", "mevrouw …"), and the few capitalised words at the very start of their texts
are as often a business ("De Vries Makelaardij belt …") as a person. A tagger fit on them learns
that the start of a text speaks against a name, and once the first word of "Anouk de Vries belde
3 keer" falls below the threshold the left-to-right labels carry that to the rest of the name.
:func:`opening_names` places the writers' own names at the start: each derived sentence is the
writer's sentence from one of its capitalised names on, with the same labels, and keeps the
writer, so a writer-held-out fold leaves out what was derived from the writer too.

Text typed into a web form may hold markup ("<script>alert('x')</script> <b>parkeervergunning</b>"),
and a tag name there is a rare word in a text without capitals, the very kind of word a name in
speech is. :func:`markup_lines` wraps name-free lines in markup as sentences without a name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

Item = tuple[str, str, list[tuple[int, int]]]

# The sentence ends after which a name already opens a sentence (as the tagger's ``start``).
_ENDS = ".!?:;|—–-\n"

# A lower-case word of three letters or more, and how rare it must be to be cut at.
_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ]{3,}(?![\w'’-])")
RARE = 20

# Elements of HTML, for the markup around name-free lines.
_TAG_NAMES = (
    "a b i u p em strong span div script style img br hr h1 h2 h3 li ul ol table td tr th"
    " iframe form input button code pre small sub sup label select option textarea body html"
)
TAGS = tuple(_TAG_NAMES.split())


def _opens(text: str, start: int) -> bool:
    """Whether a name at ``start`` already opens the text or a sentence."""
    before = text[:start].rstrip()
    return not before or before[-1] in _ENDS


def opening_names(items: Sequence[Item], share: float, seed: int = 11) -> list[Item]:
    """For ``share`` of the writers' sentences with a capitalised full name (two words or
    more) that does not open a sentence: the sentence from that name on (the first such
    name), labels shifted. A single capitalised word opening a sentence is as often no name
    ("Stoep is eindelijk gemaakt"), so single names are not moved."""
    rnd = random.Random(seed)
    derived: list[Item] = []
    for writer, text, names in items:
        if not writer:
            continue
        opening = [
            s
            for s, e in sorted(names)
            if text[s].isupper() and " " in text[s:e].strip() and not _opens(text, s)
        ]
        if not opening or rnd.random() >= share:
            continue
        cut = opening[0]
        shifted = [(s - cut, e - cut) for s, e in names if s >= cut]
        derived.append((writer, text[cut:], shifted))
    return derived


def opening_words(
    items: Sequence[Item], share: float, common: Mapping[str, int], seed: int = 12
) -> list[Item]:
    """The other side of :func:`opening_names`: for ``share`` of the writers' sentences, the
    sentence from one of its rare lower-case words outside a name on, that word given a
    capital ("Stoep is eindelijk gemaakt"), so that a capital at the start of a sentence is not
    read as a name by itself. Rare: written in lower case fewer than ``RARE`` times in the
    training texts (``common``), so that with a capital the tagger scores it."""
    rnd = random.Random(seed)
    derived: list[Item] = []
    for writer, text, names in items:
        if not writer or rnd.random() >= share:
            continue
        words = [
            m.start()
            for m in _WORD.finditer(text)
            if common.get(m.group(), 0) < RARE
            and m.start() > 0
            and not any(s <= m.start() < e for s, e in names)
        ]
        if not words:
            continue
        cut = rnd.choice(words)
        shifted = [(s - cut, e - cut) for s, e in names if s >= cut]
        derived.append((writer, text[cut].upper() + text[cut + 1 :], shifted))
    return derived


def markup_lines(lines: Sequence[str], count: int, seed: int = 13) -> list[Item]:
    """``count`` name-free lines wrapped in markup (half of them in lower case, as typed into a
    form), as sentences without a name."""
    rnd = random.Random(seed)
    derived: list[Item] = []
    for line in lines[:count]:
        text = line.lower() if rnd.random() < 0.5 else line
        tag, other = rnd.choice(TAGS), rnd.choice(TAGS)
        word = rnd.choice(text.split() or ["x"]).strip(".,?!")
        form = rnd.randrange(5)
        if form == 0:
            text = f"<{tag}>{text}</{tag}>"
        elif form == 1:
            text = f"<{tag}>alert('{word}')</{tag}> <{other}>{text}</{other}>"
        elif form == 2:
            text = f'{text} <{tag} class="{word}"><{other}>'
        elif form == 3:
            text = f"<{tag} src=x onerror=alert(1)>{text}"
        else:
            text = f"</{tag}>{text}<{other}/>"
        derived.append(("", text, []))
    return derived
