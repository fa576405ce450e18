"""The name tagger's scores, fast: cached weight sums per group of features.

:func:`reisgenoot.language.pii_tagger.find_naam` builds every feature name of every scored
token and looks each one up; that made redaction 2.5 times slower. The features fall into
groups by what they read (:func:`~reisgenoot.language.pii_tagger.self_features` reads the token,
its rule, the case style and the label before; the left group the token before; and so on), so
the weights of a whole group are summed once per distinct key and kept. Scoring a token is
then a handful of dictionary lookups. The keys hold single tokens (with a few small labels),
never a whole window, so the caches fill up with the vocabulary and then mostly hit; they are
emptied when they grow past :data:`MAX_CACHE`.

The result is the reference implementation's, to the rounding of a float sum
(``tests/language/test_pii_scoring.py``).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Hashable, Sequence
from functools import cache
from typing import NamedTuple

from reisgenoot.language import pii_tagger as tagger
from reisgenoot.language.pii_lists import lists

Span = tuple[int, int, str]
Vector = tuple[float, float, float]
MAX_CACHE = 200_000
_ZERO: Vector = (0.0, 0.0, 0.0)


class Word(NamedTuple):
    """What the tagger reads of one token, computed once per distinct token."""

    lower: str
    shape: str
    gaz: tuple[str, ...]
    # a candidate in any text (a listed name word, or capitalised and not a common word)
    always: bool
    # a candidate in text written without capitals (a rare word in lower case), and so
    # after a name particle (ADR 81)
    in_speech: bool
    in_speech_after_particle: bool
    particle: bool
    # has a capital: None; else whether a capital there fits the start of a sentence
    capital_fits_start: bool | None


def _word(text: str) -> Word:
    lower = text.lower()
    shape = tagger._shape(text)
    data = lists()
    common = tagger.common_words().get(lower, 0)
    listed = lower in data.first_names or lower in data.surnames or lower in data.particle_words
    lowercase = shape in ("xx", "x1")
    speech = shape not in ("p", "d") and lowercase
    always = shape not in ("p", "d") and (
        listed or (not lowercase and tagger.capital_may_be_name(lower, common))
    )
    fits: bool | None = None
    if not text.islower() and any(c.isupper() for c in text):
        fits = len(text) == 1 or text[1:].islower()
    return Word(
        lower=lower,
        shape=shape,
        gaz=tuple(tagger._classes(lower, data)),
        always=always,
        in_speech=speech and tagger.speech_candidate(lower, common, False),
        in_speech_after_particle=speech and tagger.speech_candidate(lower, common, True),
        particle=lower in data.particle_words,
        capital_fits_start=fits,
    )


_START = Word("<s>", "<s>", (), False, False, False, False, None)
_END = Word("</s>", "</s>", (), False, False, False, False, None)


class Scorer:
    """The packaged tagger's weights with the per-group caches."""

    def __init__(self, weights: dict[str, tuple[float, float, float]]) -> None:
        self._weights = weights
        self._intercept = weights["\0intercept"]
        self._words: dict[str, Word] = {}
        # the weight sums per group, keyed as in the lookups of ``find_naam``
        self.owns: dict[Hashable, Vector] = {}
        self.lefts: dict[Hashable, Vector] = {}
        self.rights: dict[Hashable, Vector] = {}

    def word(self, text: str) -> Word:
        found = self._words.get(text)
        if found is None:
            if len(self._words) > MAX_CACHE:
                self._words.clear()
            found = self._words[text] = _word(text)
        return found

    def _sum(self, feats: Sequence[str], base: Vector = _ZERO) -> Vector:
        o, b, i = base
        get = self._weights.get
        for name in feats:
            found = get(name)
            if found is not None:
                o, b, i = o + found[0], b + found[1], i + found[2]
        return (o, b, i)

    def _keep(self, cache: dict[Hashable, Vector], key: Hashable, value: Vector) -> Vector:
        if len(cache) > MAX_CACHE:
            cache.clear()
        cache[key] = value
        return value

    def own(self, w: Word, rule: str, style: str, start: bool, previous: str) -> Vector:
        """The token's own features and the label before, with the intercept."""
        feats = tagger.self_features(w.lower, w.shape, rule, style, start, w.gaz)
        feats += tagger.previous_features(previous, w.shape, rule, w.gaz)
        key = (w.lower, w.shape, rule, style, start, previous)
        return self._keep(self.owns, key, self._sum(feats, self._intercept))

    def left(self, before: Word, rule: str, w: Word) -> Vector:
        """The token before, with the token's shape and word lists."""
        feats = tagger.left_features(before.lower, before.shape, rule, before.gaz, w.shape, w.gaz)
        key = (before.lower, before.shape, rule, w.shape, w.gaz)
        return self._keep(self.lefts, key, self._sum(feats))

    def right(self, after: Word, rule: str, w: Word) -> Vector:
        """The token after, with the token's shape."""
        feats = tagger.right_features(after.lower, after.shape, rule, after.gaz, w.shape)
        key = (after.lower, after.shape, rule, w.shape)
        return self._keep(self.rights, key, self._sum(feats))


@cache
def scorer() -> Scorer:
    return Scorer(tagger.model())


def _speech_style(words: Sequence[Word], texts: Sequence[str]) -> bool:
    """Capitals only at the start of a sentence (see ``pii_tagger._sentence_case_only``)."""
    for i, w in enumerate(words):
        fits = w.capital_fits_start
        if fits is None:
            continue
        if not fits or not (i == 0 or texts[i - 1] in tagger._SENTENCE_END):
            return False
    return True


def _rule_tags(bounds: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[str]:
    """``pii_tagger.rule_tags`` over token bounds: few spans, so walk the spans, not tokens."""
    tags = ["O"] * len(bounds)
    starts = [b[0] for b in bounds]
    ends = [b[1] for b in bounds]
    taken = [False] * len(bounds)
    for start, end, type_ in sorted(spans):
        # tokens that end after the span starts and start before it ends
        for k in range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)):
            if taken[k]:
                continue
            taken[k] = True
            if type_ == "naam":
                tags[k] = "B" if starts[k] <= start else "I"
            else:
                tags[k] = type_
    return tags


def find_naam(text: str, spans: Sequence[Span], threshold: float = tagger.THRESHOLD) -> list[Span]:
    """The learned name spans of ``text``, given the spans the rules found."""
    matches: list[re.Match[str]] | None = None
    if spans:
        matches = list(tagger._TOKEN.finditer(text))
        texts = [m.group() for m in matches]
    else:  # the token bounds are needed only for a name found: read them then
        texts = tagger._TOKEN.findall(text)
    if not texts:
        return []
    s = scorer()
    known = s._words
    words = [known.get(t) or s.word(t) for t in texts]
    n = len(words)
    rules = _rule_tags([m.span() for m in matches], spans) if matches else ["O"] * n
    speech = _speech_style(words, texts)
    if not speech:
        style = "mc"
    else:
        style = "sc" if any(w.capital_fits_start is not None for w in words) else "lo"
    labels = _labels(s, words, texts, rules, style, speech, threshold)
    if not labels:
        return []
    if matches is None:
        matches = list(tagger._TOKEN.finditer(text))
    return _spans(text, matches, labels)


def _scored(
    words: Sequence[Word], texts: Sequence[str], rules: Sequence[str], speech: bool
) -> list[int]:
    """The indices of the tokens the tagger scores (the others are "O" without a look)."""
    return [
        i
        for i, w in enumerate(words)
        if (
            (texts[i] == "." and i > 0 and words[i - 1].shape == "X1")
            if w.shape == "p"
            else (
                (rules[i] != "O" or w.always or (speech and _in_speech(words, i)))
                and w.shape != "d"
            )
        )
    ]


def _in_speech(words: Sequence[Word], i: int) -> bool:
    w = words[i]
    return w.in_speech_after_particle if i and words[i - 1].particle else w.in_speech


def _labels(
    s: Scorer,
    words: Sequence[Word],
    texts: Sequence[str],
    rules: Sequence[str],
    style: str,
    speech: bool,
    threshold: float,
) -> dict[int, str]:
    """The tokens the tagger labels "B" or "I", by index.

    The group sums of the token's own features, the token before and the token after, and the
    far features (two tokens away), in this order."""
    labels: dict[int, str] = {}
    sentence_end = tagger._SENTENCE_END
    exp = math.exp
    get = s._weights.get
    owns, lefts, rights = s.owns, s.lefts, s.rights
    n = len(words)
    for i in _scored(words, texts, rules, speech):
        # the label before: "O" when that token was not scored or not labelled
        previous = labels.get(i - 1, "O") if i else "<s>"
        w, rule = words[i], rules[i]
        start = i == 0 or texts[i - 1] in sentence_end
        before = words[i - 1] if i else _START
        after = words[i + 1] if i + 1 < n else _END
        left_rule = rules[i - 1] if i else "<s>"
        right_rule = rules[i + 1] if i + 1 < n else "</s>"
        own = owns.get((w.lower, w.shape, rule, style, start, previous)) or s.own(
            w, rule, style, start, previous
        )
        left = lefts.get((before.lower, before.shape, left_rule, w.shape, w.gaz)) or s.left(
            before, left_rule, w
        )
        right = rights.get((after.lower, after.shape, right_rule, w.shape)) or s.right(
            after, right_rule, w
        )
        p2 = words[i - 2].lower if i > 1 else "<s>"
        f1 = get("p2=" + p2, _ZERO)
        f2 = get("n2=" + (words[i + 2].lower if i + 2 < n else "</s>"), _ZERO)
        f3 = get("p1p2=" + p2 + " " + before.lower, _ZERO)
        o = own[0] + left[0] + right[0] + f1[0] + f2[0] + f3[0]
        b = own[1] + left[1] + right[1] + f1[1] + f2[1] + f3[1]
        j = own[2] + left[2] + right[2] + f1[2] + f2[2] + f3[2]
        p_o = 1.0 / (1.0 + exp(b - o) + exp(j - o))
        if p_o < threshold:
            labels[i] = "B" if b >= j else "I"
    return labels


def _spans(text: str, matches: Sequence[re.Match[str]], labels: dict[int, str]) -> list[Span]:
    """``pii_tagger.tagged_spans`` over the labelled tokens only (no token objects): a "B",
    or an "I" after an unlabelled token, opens a name; an "I" right after a label extends it."""
    runs: list[list[int]] = []
    last = -2
    for i in sorted(labels):
        if labels[i] == "B" or i != last + 1:
            runs.append([matches[i].start(), matches[i].end()])
        else:
            runs[-1][1] = matches[i].end()
        last = i
    found: list[Span] = []
    for start, end in runs:
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
            end -= 1
        if end > start:
            found.append((start, end, "naam"))
    return found


# "frans [van] [der meulen]": the tagger may leave the first particle of a chain out; a chain
# of particles is never split, so two names with "van" between them and "der", "de", … opening
# the second are one name.
_PARTICLE_GAP = re.compile(r"[ \t]+(?:van|v\.)[ \t]+$", re.IGNORECASE)
_CHAIN_REST = re.compile(r"(?:der|den|de|het|'t|’t)[ \t]", re.IGNORECASE)


JOIN_BLANK = True
_BLANK_GAP = re.compile(r"[ \t]+$")


def join_split_particles(text: str, names: Sequence[Span]) -> list[Span]:
    """Join two names that a particle chain cut apart ("frans van der meulen"), and two names
    with only a blank between them ("heidi | adriaan ionescu-poncelet"): two people are apart
    by a comma or a word ("en"), never by a blank alone."""
    out: list[Span] = []
    for start, end, type_ in names:
        if out:
            previous = out[-1]
            gap = text[previous[1] : start]
            if (_PARTICLE_GAP.match(gap) and _CHAIN_REST.match(text, start)) or (
                JOIN_BLANK and _BLANK_GAP.match(gap)
            ):
                out[-1] = (previous[0], end, type_)
                continue
        out.append((start, end, type_))
    return out


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def present_participle(word: str) -> bool:
    """Whether ``word`` (lower case) is a present participle of a common verb, as
    "overhangende" (hangen): with a capital it opens a topic or a sentence, it is no name."""
    return len(word) >= 8 and word.endswith("ende") and tagger.from_common_verb(word[:-4], 3)


def drop_mixed_case(text: str, names: Sequence[Span]) -> list[Span]:
    """A name of capitalised words never holds a word in lower case other than a particle:
    "Overhangende takken" (a topic after "Tweede vraag:") is no name, "Jan de Vries" is; nor is
    a present participle on its own ("Overhangende")."""
    particles = lists().particle_words
    out = []
    for start, end, type_ in names:
        words = _WORD.findall(text, start, end)
        capital = any(w[0].isupper() for w in words)
        lower = any(w.islower() and w not in particles and len(w) > 1 for w in words)
        participle = len(words) == 1 and present_participle(words[0].lower())
        if not (capital and lower) and not participle:
            out.append((start, end, type_))
    return out


def drop_lone_lower(text: str, names: Sequence[Span]) -> list[Span]:
    """In a text written with capitals, a single word in lower case that the name lists do not
    hold is no name ("Kan ik mijn kliko ruilen voor een grotere?"): such a text writes a name
    with a capital. A text without any capital (a speech transcript, a quick chat line) keeps
    the tagger's lower-case names ("ja met gerrit van den hoek")."""
    if not any(c.isupper() for c in text):
        return list(names)
    data = lists()
    out = []
    for start, end, type_ in names:
        words = _WORD.findall(text, start, end)
        lone = len(words) == 1 and words[0].islower()
        if lone and words[0] not in data.first_names and words[0] not in data.surnames:
            continue
        out.append((start, end, type_))
    return out
