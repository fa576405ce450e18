"""Person names by a learned token tagger over the word lists and the rule-based recogniser.

The hand-written recogniser (:mod:`reisgenoot.language.pii_names`) fits the sentences it was
written for; on Dutch text nobody here wrote it misses names without a capital ("ik ben
jamila", "buurman henk") and takes company names for people. This tagger is a multinomial
linear model (:mod:`reisgenoot.language.linear`) that labels each token ``O``, ``B`` (first
token of a name) or ``I`` (inside a name). Its features are the token and its shape, its
neighbours, the word lists (first names, surnames, particles, titles, places, products, …) and
what the rule-based recogniser said about the token — so the model learns from the training
corpus when to trust the rules and when the context says otherwise.

It is trained by ``scripts/train_pii_tagger.py`` on ``training-data/pii.jsonl``, the template
sentences of ``training-data/pii_templates.jsonl``, the generated sentences of
``training-data/pii_variants.jsonl`` (ADR 49) and name-free
lines of the shipped Rijksoverheid Q&A (never on the evaluation sets) and stored in ``data/pii/name_tagger.npz``. Running it needs numpy only: the
weights are read into a plain dictionary so that scoring a token is a few dictionary lookups.
In text without capitals a lower-case word is scored only when broader Dutch does not write it
in lower case (``data/pii/lower_words.tsv``, ADR 81).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from typing import NamedTuple

from reisgenoot.language.linear import LinearModel
from reisgenoot.language.pii_lists import WordLists, lists

Span = tuple[int, int, str]

MODEL_FILE = "name_tagger.npz"
COMMON_FILE = "common_words.tsv"
LOWER_FILE = "lower_words.tsv"
CLASSES = ("O", "B", "I")
# A token is part of a name when P(O) falls below this (tuned on the blind dev set).
THRESHOLD = 0.55
# A capitalised word written this often in lower case in the training texts is not scored.
COMMON = 20
# A lower-case word written this often in lower case in broader Dutch (ADR 81) is no name
# candidate in text without capitals.
LOWER_MIN = 1
PARTICIPLE_ENDS = ("ende", "end")

# Words (with inner apostrophes and hyphens), the particle 't, numbers, single punctuation.
_TOKEN = re.compile(r"['’]t(?![^\W\d_])|[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+|[^\w\s]")
_SENTENCE_END = frozenset(".!?:;|—–-\n")


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word in ("'t", "’t"):
        return "x1"
    if not word[0].isalpha():
        return "p"
    if len(word) == 1:
        return "X1" if word.isupper() else "x1"
    if word.isupper():
        return "XX"
    if word[0].isupper():
        return "Xx"
    return "xx"


def _classes(word: str, data: WordLists) -> list[str]:
    """The word lists that hold ``word`` (lower case), and how common it is in lower case."""
    w = word
    found = [
        name
        for name, words in (
            ("fn", data.first_names),
            ("sn", data.surnames),
            ("pa", data.particle_words),
            ("am", data.ambiguous),
            ("nn", data.not_names),
            ("pl", data.places),
            ("oc", data.occupations),
            ("pr", data.products),
        )
        if w in words
    ]
    if w in data.titles or w.rstrip(".") in data.titles:
        found.append("ti")
    if w.endswith(data.street_suffixes) or w in data.street_words:
        found.append("st")
    count = common_words().get(w, 0)
    found.append("f0" if not count else "f1" if count < 3 else "f3" if count < 20 else "f20")
    return found


@cache
def common_words() -> dict[str, int]:
    """How often a word was written in lower case in mixed-case training text (a common word,
    not a name); made by ``scripts/train_pii_tagger.py``."""
    return _counts(COMMON_FILE)


@cache
def lower_words() -> dict[str, int]:
    """How often a word was written in lower case in broader mixed-case Dutch (ADR 81): the
    rest of ``training-data/``, subtitles, an adjective lexicon; made by
    ``scripts/make_pii_lower_words.py``. Only the candidates of lower-case text read it."""
    return _counts(LOWER_FILE)


def speech_candidate(word: str, common: int, after_particle: bool) -> bool:
    """Whether a lower-case ``word`` (written ``common`` times in lower case in the training
    texts) may be a name in text without capitals: a rare word there, and in broader Dutch too
    unless a name particle comes before it ("van der zee", "van 't hof")."""
    return common < 3 and (after_particle or not plain_word(word))


def plain_word(word: str) -> bool:
    """Whether broader Dutch writes ``word`` (lower case) in lower case (ADR 81), or the verb
    whose present participle it is: "stinkend(e)" (stinken), "rottend" (rot)."""
    counts = lower_words()
    if counts.get(word, 0) >= LOWER_MIN:
        return True
    for end in PARTICIPLE_ENDS:
        stem = word[: -len(end)]
        if word.endswith(end) and len(stem) >= 3:
            forms = [stem + "en", stem]
            if stem[-1] == stem[-2]:
                forms.append(stem[:-1])
            return any(counts.get(f, 0) >= LOWER_MIN for f in forms)
    return False


def _counts(name: str) -> dict[str, int]:
    path = resources.files("reisgenoot.language").joinpath("data", "pii", name)
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, count = line.split("\t")
            counts[word] = int(count)
    return counts


def derived_noun(word: str) -> bool:
    """Whether ``word`` (lower case) is a noun made from a common verb with "-ing", as
    "geheimhouding" (houden) or "opvolging" (volgen): such a word with a capital starts a
    sentence or a heading, it is not a name. Only words of nine letters or more, so that short
    surnames that happen to end so ("Bussing") stay candidates."""
    return len(word) >= 9 and word.endswith("ing") and from_common_verb(word[:-3], 4)


def from_common_verb(stem: str, shortest: int) -> bool:
    """Whether ``stem`` ends in the stem of a verb whose infinitive ("…en", at least
    ``shortest`` letters before it) the training texts write in lower case twice or more:
    "geheimhoud" (houden), "overhang" (hangen)."""
    common = common_words()
    return any(common.get(stem[k:] + "en", 0) >= 2 for k in range(len(stem) - shortest + 1))


def capital_may_be_name(word: str, common: int) -> bool:
    """Whether ``word`` (lower case; written with a capital, ``common`` times in lower case in
    the training texts) may be a name: not a common word, not a noun made from a verb."""
    return common < COMMON and not derived_noun(word)


def _sentence_case_only(toks: Sequence[Token]) -> bool:
    """Whether capitals occur only at the start of a sentence, as in speech written down by
    a recogniser or typed in a hurry: then a name has no capital either."""
    for i, tok in enumerate(toks):
        word = tok.text
        if word.islower() or not any(c.isupper() for c in word):
            continue
        at_start = i == 0 or toks[i - 1].text in _SENTENCE_END
        if not (at_start and (len(word) == 1 or word[1:].islower())):
            return False
    return True


def case_style(toks: Sequence[Token]) -> str:
    """How the text writes capitals: "lo" none at all (speech, a quick chat line), "sc" only at
    the start of a sentence (written Dutch without a name, or a chat line a phone capitalised),
    "mc" elsewhere too. A lower-case word is a name candidate in "lo" and "sc" text; the
    model learns from its training texts how much the style says (a feature per style)."""
    if not _sentence_case_only(toks):
        return "mc"
    capital = any(any(c.isupper() for c in tok.text) for tok in toks)
    return "sc" if capital else "lo"


class Context:
    """The tokens of one text with what the features read, computed once per token."""

    def __init__(self, text: str, toks: Sequence[Token], rule_tags: Sequence[str]) -> None:
        self.toks = toks
        self.rules = rule_tags
        self.lowered = [t.text.lower() for t in toks]
        self.shapes = [_shape(t.text) for t in toks]
        self.case_style = case_style(toks)
        self._gaz: dict[int, list[str]] = {}

    def gaz(self, i: int) -> list[str]:
        found = self._gaz.get(i)
        if found is None:
            found = self._gaz[i] = _classes(self.lowered[i], lists())
        return found

    def candidate(self, i: int) -> bool:
        """Whether token ``i`` could be (part of) a name; the others are ``O`` unscored.

        A name part is a word the rules or the name lists know, a particle, the dot of an
        initial, a word with a capital that may be a name (:func:`capital_may_be_name`), or —
        in text written without capitals — a rare word.
        """
        shape = self.shapes[i]
        if shape == "p":
            return self.toks[i].text == "." and i > 0 and self.shapes[i - 1] == "X1"
        if shape == "d":
            return False
        if self.rules[i] != "O":
            return True
        w = self.lowered[i]
        data = lists()
        if w in data.first_names or w in data.surnames or w in data.particle_words:
            return True
        common = common_words().get(w, 0)
        if shape not in ("xx", "x1"):
            return capital_may_be_name(w, common)
        after_particle = i > 0 and self.lowered[i - 1] in data.particle_words
        return self.case_style != "mc" and speech_candidate(w, common, after_particle)

    def row(self, i: int) -> list[str]:
        """The names of the (binary) features of token ``i``."""
        lowered, shapes, rules = self.lowered, self.shapes, self.rules
        n = len(lowered)
        start = i == 0 or self.toks[i - 1].text in _SENTENCE_END
        gaz = self.gaz(i)
        feats = self_features(lowered[i], shapes[i], rules[i], self.case_style, start, gaz)
        shape = shapes[i]
        if i > 0:
            feats += left_features(
                lowered[i - 1], shapes[i - 1], rules[i - 1], self.gaz(i - 1), shape, gaz
            )
        else:
            feats += left_features("<s>", "<s>", "<s>", (), shape, gaz)
        if i + 1 < n:
            feats += right_features(
                lowered[i + 1], shapes[i + 1], rules[i + 1], self.gaz(i + 1), shape
            )
        else:
            feats += right_features("</s>", "</s>", "</s>", (), shape)
        p2 = lowered[i - 2] if i > 1 else "<s>"
        p1 = lowered[i - 1] if i > 0 else "<s>"
        feats += far_features(p2, p1, lowered[i + 2] if i + 2 < n else "</s>")
        return feats

    def previous_row(self, i: int, previous: str) -> list[str]:
        """The features that read the label given to the token before (left to right)."""
        return previous_features(previous, self.shapes[i], self.rules[i], self.gaz(i))


# The features in groups by what they read, so that the scorer (:mod:`pii_scoring`) can add
# up a cached weight vector per group instead of building and looking up every name.


def self_features(
    w: str, shape: str, rule: str, case_style: str, start: bool, gaz: Sequence[str]
) -> list[str]:
    """The token itself: word, shape, suffix, what the rules said, its word lists."""
    feats = [
        "b",
        "w=" + w,
        "s=" + shape,
        "s|" + case_style + "=" + shape,
        "suf=" + w[-3:],
        "r=" + rule,
        "r|s=" + rule + shape,
    ]
    if start:
        feats.append("start|s=" + shape)
    for g in gaz:
        feats += ("g=" + g, "g|s=" + g + shape, "g|r=" + g + rule)
    return feats


def previous_features(previous: str, shape: str, rule: str, gaz: Sequence[str]) -> list[str]:
    """The label of the token before, with the token's shape, rule and word lists."""
    feats = ["pt=" + previous, "pt|s=" + previous + shape, "pt|r=" + previous + rule]
    feats += ["pt|g=" + previous + g for g in gaz]
    return feats


def left_features(
    p1: str, ps: str, pr: str, pgaz: Sequence[str], shape: str, gaz: Sequence[str]
) -> list[str]:
    """The token before: its word, shape, rule and word lists, with the token's own."""
    feats = ["p1=" + p1, "ps|s=" + ps + shape, "pr=" + pr]
    feats += ["pg=" + g for g in pgaz]
    feats += ["g|p1=" + g + "|" + p1 for g in gaz]
    return feats


def right_features(n1: str, ns: str, nr: str, ngaz: Sequence[str], shape: str) -> list[str]:
    """The token after: its word, shape, rule and word lists."""
    return ["n1=" + n1, "s|ns=" + shape + ns, "nr=" + nr, *("ng=" + g for g in ngaz)]


def far_features(p2: str, p1: str, n2: str) -> list[str]:
    """Two tokens away, and the two words before as a pair."""
    return ["p2=" + p2, "n2=" + n2, "p1p2=" + p2 + " " + p1]


def rule_tags(toks: Sequence[Token], spans: Sequence[Span]) -> list[str]:
    """Per token: ``B``/``I`` inside a rule-based name, the type of another entity, or ``O``."""
    tags = ["O"] * len(toks)
    j = 0
    ordered = sorted(spans)
    for i, tok in enumerate(toks):
        while j < len(ordered) and ordered[j][1] <= tok.start:
            j += 1
        if j < len(ordered) and ordered[j][0] < tok.end:
            start, _end, type_ = ordered[j]
            if type_ == "naam":
                tags[i] = "B" if tok.start <= start else "I"
            else:
                tags[i] = type_
    return tags


@cache
def model() -> dict[str, tuple[float, float, float]]:
    """Feature → (weight O, weight B, weight I), from the packaged model."""
    path = resources.files("reisgenoot.language").joinpath("data", "pii", MODEL_FILE)
    with resources.as_file(path) as file:
        linear = LinearModel.load(file)
    order = [linear.classes.index(c) for c in CLASSES]
    weights: dict[str, tuple[float, float, float]] = {}
    for name, row in linear.features.items():
        start, end = int(linear.sparse_start[row]), int(linear.sparse_start[row + 1])
        vector = [0.0, 0.0, 0.0]
        for k in range(start, end):
            vector[order.index(int(linear.sparse_class[k]))] = float(linear.sparse_weight[k])
        weights[name] = (vector[0], vector[1], vector[2])
    bias = tuple(float(linear.intercept[i]) for i in order)
    weights["\0intercept"] = (bias[0], bias[1], bias[2])
    return weights


def _scores(
    feats: Sequence[str], weights: dict[str, tuple[float, float, float]], base: Sequence[float]
) -> list[float]:
    o, b, i = base
    for name in feats:
        found = weights.get(name)
        if found is not None:
            o, b, i = o + found[0], b + found[1], i + found[2]
    return [o, b, i]


def _probabilities(scores: list[float]) -> list[float]:
    """Softmax over three scores in plain Python (numpy's overhead dominates at this size)."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def decode(toks: Sequence[Token], tags: Sequence[str]) -> Iterator[Span]:
    """Name spans from B/I tags (an ``I`` without a ``B`` before it starts a name too)."""
    start: int | None = None
    end = 0
    for tok, t in zip(toks, tags, strict=True):
        if t == "B" or (t == "I" and start is None):
            if start is not None:
                yield start, end, "naam"
            start, end = tok.start, tok.end
        elif t == "I":
            end = tok.end
        elif start is not None:
            yield start, end, "naam"
            start = None
    if start is not None:
        yield start, end, "naam"


def find_naam(text: str, spans: Sequence[Span], threshold: float = THRESHOLD) -> list[Span]:
    """The learned name spans of ``text``, given the spans the rules found."""
    toks = tokens(text)
    context = Context(text, toks, rule_tags(toks, spans))
    weights = model()
    tags: list[str] = []
    previous = "<s>"
    for i in range(len(toks)):
        if not context.candidate(i):
            previous = "O"
        else:
            static = _scores(context.row(i), weights, weights["\0intercept"])
            scores = _scores(context.previous_row(i, previous), weights, static)
            p_o, p_b, p_i = _probabilities(scores)
            previous = "O" if p_o >= threshold else ("B" if p_b >= p_i else "I")
        tags.append(previous)
    return tagged_spans(text, toks, tags)


def tagged_spans(text: str, toks: Sequence[Token], tags: Sequence[str]) -> list[Span]:
    """The name spans of B/I ``tags`` over ``toks``, punctuation trimmed at the edges (an
    initial's dot stays: "A.M." ends on a letter's dot)."""
    found = []
    for start, end, type_ in decode(toks, tags):
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
            end -= 1
        if end > start:
            found.append((start, end, type_))
    return found
