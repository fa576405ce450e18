"""The three evaluation columns of every quality figure: own set, blind dev, blind test.

The **own** sets (``evaluation/<capability>/``) were written by the people who wrote the rules
and word lists, so they show what the code remembers. The **blind** corpus
(``evaluation/blind/``, see its README) was written by a process that never saw the code: its
``dev`` part may be tuned on; its ``test`` part is frozen by ``evaluation/blind/SHA256SUMS`` and
only reported. A bench never prints blind-test items one by one, only aggregates.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

EVALUATION = Path("evaluation")
BLIND = EVALUATION / "blind"
COLUMNS = ("own", "blind_dev", "blind_test")
HEADINGS = {"own": "eigen set", "blind_dev": "blind dev", "blind_test": "blind test"}

Figure = float | int | None
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, as :func:`closest` compares them."""
    return _WORD.findall(text.lower())


def closest(
    text: Sequence[str],
    others: Sequence[Sequence[str]],
    floor: float = 0.0,
    *,
    text_first: bool = False,
) -> tuple[float, int]:
    """The highest word-sequence similarity of ``text`` with any of ``others``, and where.

    The similarity is :class:`difflib.SequenceMatcher`'s ratio over the words (no junk), the
    one test of "a near-copy of a blind dev item" before writers' texts are trained on. Only
    similarities above ``floor`` are computed exactly (the quick upper bounds skip the rest):
    below it the answer is ``(0.0, -1)``. The ratio depends on which sequence comes first (by
    up to 0.14 on the files of ``training-data/``): ``text_first`` puts ``text`` first, as the
    kennisbank and personal-data assembly scripts always did; the practice check and the UPL
    script put it second.
    """
    matcher = SequenceMatcher(autojunk=False)
    fixed, each = (
        (matcher.set_seq1, matcher.set_seq2) if text_first else (matcher.set_seq2, matcher.set_seq1)
    )
    fixed(text)
    best, found = floor, -1
    for index, other in enumerate(others):
        each(other)
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        ratio = matcher.ratio()
        if ratio > best:
            best, found = ratio, index
    return (best, found) if found >= 0 else (0.0, -1)


def blind_part(capability: str, part: str, root: Path = BLIND) -> Path:
    """Where a part (``dev`` or ``test``) of one capability's blind set lives."""
    return root / capability / part


def frozen_mismatches(root: Path = BLIND) -> list[str]:
    """Files of the frozen test parts whose SHA-256 differs from ``SHA256SUMS`` (or are gone)."""
    sums = root / "SHA256SUMS"
    if not sums.is_file():
        return ["SHA256SUMS"]
    wrong: list[str] = []
    for line in sums.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, name = line.split(maxsplit=1)
        path = root / name.lstrip("*")
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            wrong.append(name)
    return wrong


def evaluate_columns(
    sets: Mapping[str, Path | None],
    evaluate: Callable[[Path], dict[str, Any]],
    *,
    progress: Callable[[str], None] | None = None,
) -> dict[str, dict[str, Any] | None]:
    """Run ``evaluate`` on each available set; a missing set gives ``None`` in its column.

    Per-item error lists are dropped from the blind test column: its items are never shown."""
    results: dict[str, dict[str, Any] | None] = {}
    for column in COLUMNS:
        path = sets.get(column)
        if path is None or not path.exists():
            results[column] = None
            continue
        if progress:
            progress(f"{HEADINGS[column]}: {path}")
        result = evaluate(path)
        if column == "blind_test":
            result = _without_items(result)
        results[column] = result
    return results


def _without_items(result: dict[str, Any]) -> dict[str, Any]:
    return {
        k: _without_items(v) if isinstance(v, dict) else v
        for k, v in result.items()
        if k != "errors"
    }


def pick(result: Mapping[str, Any] | None, path: str) -> Figure:
    """The figure at a dotted ``path`` (``"follow_up.f1"``) of one column's result, or None."""
    node: Any = result
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, int | float) else None


def columns(
    results: Mapping[str, Mapping[str, Any] | None], figures: Iterable[tuple[str, str]]
) -> dict[str, dict[str, Figure]]:
    """``{figure label: {own, blind_dev, blind_test}}`` for the named dotted paths."""
    return {label: {c: pick(results.get(c), path) for c in COLUMNS} for label, path in figures}


def _cell(value: Figure) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def table(rows: Mapping[str, Mapping[str, Figure]], *, title: str = "") -> list[str]:
    """A plain-text table: one row per figure, the three columns side by side."""
    width = max([len(label) for label in rows] + [len(title), 10])
    head = f"{title:<{width}}  " + "  ".join(f"{HEADINGS[c]:>10}" for c in COLUMNS)
    lines = [head, "-" * len(head)]
    for label, values in rows.items():
        cells = "  ".join(f"{_cell(values.get(c)):>10}" for c in COLUMNS)
        lines.append(f"{label:<{width}}  {cells}")
    return lines
