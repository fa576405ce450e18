"""A resident reporting a problem is not out of scope, judged by writers it never saw (ADR 94).

The shipped in-scope model (:mod:`reisgenoot.knowledge.confidence`) reads the ranking's
evidence only: how well the best article's words, title and product match the question. A
report ("er ligt een dode kat op de stoep", "kliko niet geleegd vandaag") shares few words with
the article that answers it ("Melding doen over de openbare ruimte"), so it reads as out of
scope. Here the in-scope logit gets one more learned term: the question's reading of the
intent ``melding`` (:func:`reisgenoot.knowledge.confidence.report_evidence`, or the plain
probability for the linear design) times a weight fitted with the shipped logit as an offset
(:func:`fit_report_weight`), so that a question that is no report keeps its shipped scope.

Rows come from :func:`reisgenoot.bench.knowledge_outside.collect_rows` with the intent
writers' questions added (``scripts/knowledge_reports.py collect``). The probe holds out each
writer in turn: the weight is fitted on the other writers (kennisbank writers K3, K4: answerable
against out of scope; intent writers: their ``melding`` questions as answerable) and judged on
the held-out one. Blind dev's writers K1 and K2 are in no fit of the weight; they are in the
shipped in-scope model's fit, as for every figure blind dev shows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from reisgenoot.bench.knowledge_outside import PERSON_REASONS, RIGHT_T, SHIPPED_SCOPE_T, Row
from reisgenoot.knowledge.confidence import REPORT_INTENT, SCOPE_REPORT, report_evidence

OUT_OF_SCOPE_BELOW = 0.11  # the shipped confidence floor under which a question is out of scope
EVERYDAY = ("melding", "procedure", "kosten", "voorwaarden", "documenten", "termijn",
            "planning", "verlengen", "kwijt_gestolen", "informatie", "contact")  # fmt: skip
KB_WRITERS = ("K3", "K4")  # the training-data kennisbank writers
INTENT_WRITERS = ("I1", "I2", "I3", "I4")
L2 = 0.1


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    result: np.ndarray = np.log(q / (1 - q))
    return result


def report_reading(
    rows: Sequence[Row], source: str = "own_intents", held: Mapping[int, float] | None = None
) -> np.ndarray:
    """The question's probability of a report, read by ``source`` (``intents``: the intent
    head; ``own_intents``: the four-writer own-case head the person gate reads), with
    ``held`` (row index → probability) replacing rows whose writer that head learned from."""
    found = np.array([float(r[source].get(REPORT_INTENT, 0.0)) for r in rows])
    for index, value in (held or {}).items():
        found[index] = value
    return found


def hinged(probabilities: np.ndarray) -> np.ndarray:
    """:func:`report_evidence` of each probability."""
    return np.array([report_evidence(float(p)) for p in probabilities])


def fit_report_weight(offset: np.ndarray, x: np.ndarray, y: np.ndarray, l2: float = L2) -> float:
    """The weight ``w`` of ``sigmoid(offset + w * x)`` by penalised maximum likelihood
    (Newton's method on one parameter; ``offset`` is the shipped in-scope logit)."""
    w = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(offset + w * x)))
        step = (float(((p - y) * x).sum()) + l2 * w) / (float((p * (1 - p) * x * x).sum()) + l2)
        w -= step
        if abs(step) < 1e-6:
            break
    return w


def _targets(rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray]:
    """The shipped in-scope logit and the label (answerable, or an intent writer's report)."""
    shipped = _logit(np.array([r["scope"] for r in rows]))
    y = np.array(
        [float(r["kind"] == "answerable" or r.get("intent") == REPORT_INTENT) for r in rows]
    )
    return shipped, y


def _training(rows: Sequence[Row], writers: Sequence[str]) -> np.ndarray:
    """Rows the weight may learn from: answerable and out-of-scope questions of the
    kennisbank writers, ``melding`` questions of the intent writers, all of ``writers``."""
    mine = np.isin([r["writer"] for r in rows], list(writers))
    kinds = np.array([r["kind"] for r in rows])
    intents = np.array([r.get("intent", "") for r in rows])
    usable = np.isin(kinds, ["answerable", "out_of_scope"]) | (intents == REPORT_INTENT)
    result: np.ndarray = mine & usable
    return result


def held_out_scope(rows: Sequence[Row], x: np.ndarray, l2: float = L2) -> np.ndarray:
    """Each row's in-scope probability with the report weight (evidence ``x``) fitted without
    its writer (blind dev's writers and the own dev set: on every training-data writer)."""
    shipped, y = _targets(rows)
    writers = np.array([r["writer"] for r in rows])
    found = np.zeros(len(rows))
    for writer in sorted(set(writers.tolist())):
        train = _training(rows, [w for w in KB_WRITERS + INTENT_WRITERS if w != writer])
        w = fit_report_weight(shipped[train], x[train], y[train], l2)
        mine = writers == writer
        found[mine] = 1.0 / (1.0 + np.exp(-(shipped[mine] + w * x[mine])))
    return found


def reasons(
    rows: Sequence[Row], scope: np.ndarray, threshold: float = SHIPPED_SCOPE_T
) -> list[str]:
    """The answerer's reason for each row with ``scope`` for the in-scope probability."""
    found = []
    for row, s in zip(rows, scope, strict=True):
        if row["reason"] in PERSON_REASONS:
            found.append(row["reason"])
        elif row["confidence"] < OUT_OF_SCOPE_BELOW or s < threshold:
            found.append("out_of_scope")
        elif row["confidence"] < RIGHT_T:
            found.append("low_confidence")
        else:
            found.append("answered")
    return found


def _ends(
    rows: Sequence[Row],
    found: Sequence[str],
    writers: Sequence[str],
    intents: Sequence[str] = (),
    kind: str | None = None,
) -> Counter[str]:
    """How the questions of ``writers`` end (only ``intents`` / ``kind`` when given)."""
    return Counter(
        r
        for row, r in zip(rows, found, strict=True)
        if row["writer"] in writers
        and (not intents or row.get("intent") in intents)
        and (kind is None or row["kind"] == kind)
    )


def intent_table(rows: Sequence[Row], found: Sequence[str], writers: Sequence[str]) -> list[str]:
    """Per labelled intent of the intent writers ``writers``: how their questions end."""
    lines = []
    for intent in EVERYDAY:
        counts = _ends(rows, found, writers, (intent,))
        parts = ", ".join(f"{k} {n}" for k, n in counts.most_common())
        handed = counts.total() - counts["answered"]
        lines.append(f"  {intent:16} n={counts.total():3}  handed over {handed:3}  ({parts})")
    return lines


def summary(rows: Sequence[Row], found: Sequence[str]) -> str:
    """One line: I3 + I4 reports and other everyday questions handed over (of which out of
    scope), and out-of-scope / answerable questions handed over per kennisbank writer pair."""
    parts = []
    for label, intents in (("I3+I4 melding", EVERYDAY[:1]), ("other everyday", EVERYDAY[1:])):
        counts = _ends(rows, found, ("I3", "I4"), intents)
        handed = counts.total() - counts["answered"]
        parts.append(f"{label} {handed} ({counts['out_of_scope']} oos)/{counts.total()}")
    for label, writers in (("K1+K2", ("K1", "K2")), ("K3+K4", KB_WRITERS), ("own", ("own",))):
        for kind in ("out_of_scope", "answerable"):
            counts = _ends(rows, found, writers, kind=kind)
            handed = counts.total() - counts["answered"]
            parts.append(f"{label} {kind[:3]} {handed}/{counts.total()}")
    return " | ".join(parts)


def probe_report(rows: Sequence[Row], held: Mapping[int, float] | None = None) -> list[str]:
    """The class on the intent writers and the kennisbank figures, shipped against the
    report-aware scope (each writer held out) for both heads' report reading, linear and
    hinged; ``held`` replaces the own-case head's reading of I3/I4 by one fitted without them."""
    shipped = np.array([r["scope"] for r in rows])
    designs: list[tuple[str, np.ndarray]] = [("shipped", shipped)]
    for source, replace in (("intents", None), ("own_intents", held)):
        p = report_reading(rows, source, replace)
        designs.append((f"{source} linear", held_out_scope(rows, p)))
        designs.append((f"{source} hinged", held_out_scope(rows, hinged(p))))
    lines: list[str] = []
    for name, scope in designs:
        lines.append(f"{name:20} {summary(rows, reasons(rows, scope))}")
    for name, scope in (designs[0], designs[-1]):
        lines.append(f"== {name}: intent writers I3 + I4 by labelled intent")
        lines += intent_table(rows, reasons(rows, scope), ("I3", "I4"))
    return lines


def fit_calibration(rows: Sequence[Row], path: Path | None = None) -> list[str]:
    """Fit the report weight on every training-data writer and add it to the shipped in-scope
    model in ``calibration.json`` (``path``; default: the package's, next to this code)."""
    shipped, y = _targets(rows)
    train = _training(rows, KB_WRITERS + INTENT_WRITERS)
    x = hinged(report_reading(rows))
    w = fit_report_weight(shipped[train], x[train], y[train])
    target = path or Path(
        str(resources.files("reisgenoot.knowledge") / "data" / "calibration.json")
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    scope = data["in_scope"]
    pairs = dict(zip(scope["features"], scope["coefficients"], strict=True))
    pairs[SCOPE_REPORT] = round(w, 6)
    scope["features"], scope["coefficients"] = list(pairs), list(pairs.values())
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [f"report weight {w:.3f} on {int(train.sum())} rows → {target}"]
