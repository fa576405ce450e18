"""Practice feedback against opleiders: Cohen's κ per criterion and the share of wrong statements.

Each column is a folder of practice transcripts, one JSON file each, in the shape the blind
writer delivered (``evaluation/blind/training/README.md``): ``scenario``, ``turns``
(``spreker`` ``medewerker``/``inwoner`` and ``tekst``) and the opleider's ``oordeel`` on the
five criteria of the rubric (``feiten`` goed/deels/fout, ``empathie`` 0–2, ``vragen`` 0–2,
``samenvatten`` 0–1, ``afsluiten`` 0–2). The own set is ``evaluation/training/items``; the
blind set ``evaluation/blind/training/{dev,test}``.

- **κ per criterion**: Cohen's κ (unweighted) of :func:`reisgenoot.training.rubric.judge`
  against the opleider.
- **wrong statements**: the share of the feedback's statements that the opleider's judgement
  contradicts. A statement that something went well is wrong when the opleider gave the lowest
  level on its criterion; one that something should grow is wrong when the opleider gave the
  highest; a stated factual error is wrong unless the opleider judged ``feiten`` ``fout``; a
  missing explanation is wrong when the opleider judged ``feiten`` ``goed``.

The levels of ``feiten``, ``empathie``, ``samenvatten`` and ``afsluiten`` come from small models
learned from the own set, the judged practice conversations of other writers
(``training-data/practice``) and blind dev (:mod:`reisgenoot.training.rubric_model`, fitted by
``scripts/train_rubric_model.py`` with :func:`fit_models`). The blind dev column therefore
also has two figures that are not in-sample: with its writer held out (:func:`held_out`, models
fitted on the own set and the practice folder only) and cross-validated
(:func:`cross_validate`: five folds by scenario, each fold judged by models fitted without it).
Blind test is never fitted on.

The rubric's figures with rules only (before the learned levels) are read from
``evaluation/training/rules_only.json``, those with learned levels but rule-based feiten (ADR
33, before ADR 37) from ``evaluation/training/learned_adr33.json``, those with a learned feiten
level but before the learned acknowledgement and the confidence of ADR 48 (ADR 37) from
``evaluation/training/learned_adr37.json``, those before the asking by answers and the
consistent page of ADR 51 (ADR 48) from ``evaluation/training/learned_adr48.json``, those fitted
without the practice folder (ADR 58) from ``evaluation/training/learned_adr58.json``. The
previous version's figures are read from ``evaluation/training/previous.json``, written by
``evaluation/training/previous.py`` run against the code before this bench existed (see that
script).

The kennisartikelen are the demo kennisbank's (``reisgenoot demo`` imports the same files).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from reisgenoot.bench.sets import EVALUATION, blind_part, evaluate_columns
from reisgenoot.knowledge.formats import read_file
from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric import CRITERIA, Judgement, judge, transcript_features
from reisgenoot.training.rubric_features import FEATURES
from reisgenoot.training.rubric_model import CriterionModel, fit
from reisgenoot.training.rubric_statements import contradicted
from reisgenoot.training.scenario import Scenario
from reisgenoot.training.scenario_files import load_scenarios

OWN = EVALUATION / "training" / "items"
PRACTICE = Path("training-data") / "practice"
"""Practice conversations judged by other opleider writers (``training-data/README.md``):
fitted on, never measured."""
PREVIOUS = EVALUATION / "training" / "previous.json"
RULES_ONLY = EVALUATION / "training" / "rules_only.json"
"""The rubric with rules only (before ADR 33), as reported at a5c134f."""
LEARNED_ADR33 = EVALUATION / "training" / "learned_adr33.json"
"""The rubric with learned levels but rule-based feiten (ADR 33), as reported at b8b837b."""
LEARNED_ADR37 = EVALUATION / "training" / "learned_adr37.json"
"""The rubric with a learned feiten level (ADR 37), as shipped at 0361775 (before ADR 48)."""
LEARNED_ADR48 = EVALUATION / "training" / "learned_adr48.json"
"""The rubric with confidence and a learned acknowledgement (ADR 48), as shipped at b743dc7."""
LEARNED_ADR58 = EVALUATION / "training" / "learned_adr58.json"
"""The rubric fitted on the own set and blind dev only (ADR 51 and 58), as shipped at bf85a49."""
KENNISBANK = Path(__file__).resolve().parents[1] / "demo" / "kennisbank"
LEVELS: dict[str, list[Any]] = {
    "feiten": ["fout", "deels", "goed"],
    "empathie": [0, 1, 2],
    "vragen": [0, 1, 2],
    "samenvatten": [0, 1],
    "afsluiten": [0, 1, 2],
}

MODELLED = {"feiten": 10.0, "empathie": 1.0, "samenvatten": 3.0, "afsluiten": 3.0, "vragen": 10.0}
"""The criteria a learned model judges, with its L2 penalty (chosen by cross-validation on
blind dev among 1, 3 and 10; for feiten among 1, 3, 10 and 30; for empathie, with the learned
acknowledgement of ADR 48, among 0.3, 1, 3 and 10). The level of ``vragen`` stays
with the rules (a model did not beat them, ADR 33 and ADR 48); its model only says how sure
that level is, so the feedback leaves out a statement it doubts (``SAY_BELOW``)."""
OWN_WEIGHT = 0.5
"""Weight of an own-set transcript against a blind dev one when fitting."""
PRACTICE_WEIGHT = 1.0
"""Weight of a transcript of ``training-data/practice`` against a blind dev one."""
PRACTICE_CRITERIA = frozenset({"feiten"})
"""The criteria whose model is fitted on ``training-data/practice`` as well (ADR 63): feiten, whose
level transfers between writers (blind dev with its writer held out: κ .283 without the folder,
.600 with it). How strictly a writer counts empathy, a summary or a close differs between
writers, and the blind writer's own scale is what these models should follow: with the folder
their blind dev figures fell (held out and cross-validated)."""
FOLDS = 5

Predict = Callable[[Scenario, list[dict[str, str]]], tuple[dict[str, Any], list[dict[str, Any]]]]


def load_items(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """``(name, item)`` for every ``*.json`` in ``folder``, in name order."""
    return [
        (path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.json"))
    ]


def kennisbank_texts(folder: Path = KENNISBANK) -> dict[str, str]:
    """Article id → all its section texts, from the demo kennisbank files."""
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        for article in read_file(path):
            texts[article.source_id] = "\n".join(article.sections.values())
    return texts


def reference(scenario: Scenario, texts: Mapping[str, str]) -> Reference:
    wanted = tuple(scenario.kennisartikelen)
    return Reference(wanted, {item: texts[item] for item in wanted if item in texts})


def statement_wrong(statement: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """Whether the opleider's judgement contradicts one feedback statement (see module doc)."""
    criterion = str(statement["criterium"])
    kind = str(statement.get("soort", "algemeen"))
    return contradicted(criterion, bool(statement["goed"]), kind, gold[criterion])


def rubric_predict(
    texts: Mapping[str, str],
    models: Callable[[Scenario], Mapping[str, CriterionModel]] | None = None,
) -> Predict:
    """Judge with the shipped models, or with ``models(scenario)`` (cross-validation)."""

    def predict(
        scenario: Scenario, turns: list[dict[str, str]]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        chosen = models(scenario) if models is not None else None
        result: Judgement = judge(scenario, turns, reference(scenario, texts), chosen)
        return dict(result.scores()), [item.to_dict() for item in result.statements]

    return predict


@dataclass(frozen=True, slots=True)
class Row:
    """One judged transcript as the models see it."""

    scenario: str
    features: dict[str, float]
    gold: Mapping[str, Any]
    weight: float
    practice: bool = False
    """From ``training-data/practice``: fitted on only for :data:`PRACTICE_CRITERIA`."""


def training_rows(
    folder: Path, scenarios: Mapping[str, Scenario], texts: Mapping[str, str], weight: float
) -> list[Row]:
    """The judged transcripts of ``folder`` (none when it is absent), each with ``weight``."""
    rows: list[Row] = []
    for _name, item in load_items(folder):
        scenario = scenarios.get(str(item.get("scenario")))
        if scenario is None:
            continue
        found = transcript_features(scenario, item["turns"], reference(scenario, texts))
        rows.append(Row(str(item["scenario"]), found, item["oordeel"], weight))
    return rows


def base_rows(scenarios: Mapping[str, Scenario], texts: Mapping[str, str]) -> list[Row]:
    """What every fit starts from, besides blind dev: the own set and the practice folder."""
    return [
        *training_rows(OWN, scenarios, texts, OWN_WEIGHT),
        *(
            replace(row, practice=True)
            for row in training_rows(PRACTICE, scenarios, texts, PRACTICE_WEIGHT)
        ),
    ]


def fit_models(rows: Sequence[Row]) -> dict[str, CriterionModel]:
    """One model per criterion of :data:`MODELLED`, fitted on ``rows`` (the practice rows only
    for :data:`PRACTICE_CRITERIA`)."""
    models: dict[str, CriterionModel] = {}
    for criterion, l2 in MODELLED.items():
        used = [row for row in rows if criterion in PRACTICE_CRITERIA or not row.practice]
        models[criterion] = fit(
            criterion,
            [row.features for row in used],
            [str(row.gold[criterion]) for row in used],
            [str(level) for level in LEVELS[criterion]],
            FEATURES[criterion],
            l2=l2,
            weights=[row.weight for row in used],
        )
    return models


def folds_of(names: Iterable[str], count: int = FOLDS) -> list[frozenset[str]]:
    """Scenario names split into ``count`` folds (sorted, every ``count``-th name)."""
    ordered = sorted(set(names))
    return [frozenset(ordered[i::count]) for i in range(count)]


def cross_validate(
    folder: Path,
    own: Sequence[Row],
    scenarios: Mapping[str, Scenario],
    texts: Mapping[str, str],
) -> dict[str, Any]:
    """The blind dev figures with models that never saw the scenario being judged."""
    dev = training_rows(folder, scenarios, texts, 1.0)
    by_fold: dict[str, Mapping[str, CriterionModel]] = {}
    for fold in folds_of(row.scenario for row in dev):
        models = fit_models([*own, *(row for row in dev if row.scenario not in fold)])
        by_fold.update(dict.fromkeys(fold, models))
    names = {id(scenario): name for name, scenario in scenarios.items()}
    predict = rubric_predict(texts, lambda scenario: by_fold[names[id(scenario)]])
    return evaluate(folder, scenarios, predict)


def held_out(
    folder: Path,
    base: Sequence[Row],
    scenarios: Mapping[str, Scenario],
    texts: Mapping[str, str],
) -> dict[str, Any]:
    """The blind dev figures with models fitted without blind dev: its writer is held out."""
    models = fit_models(base)
    return evaluate(folder, scenarios, rubric_predict(texts, lambda _scenario: models))


def kappas(pairs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> dict[str, float]:
    """Cohen's κ per criterion over (gold, predicted) pairs."""
    result: dict[str, float] = {}
    for criterion in CRITERIA:
        gold = [str(g[criterion]) for g, _p in pairs]
        predicted = [str(p[criterion]) for _g, p in pairs]
        if len(set(gold) | set(predicted)) < 2:
            result[criterion] = 1.0 if gold == predicted else 0.0
            continue
        result[criterion] = round(float(cohen_kappa_score(gold, predicted)), 3)
    return result


def _agreement(pairs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> dict[str, float]:
    return {
        c: round(sum(str(g[c]) == str(p[c]) for g, p in pairs) / max(1, len(pairs)), 3)
        for c in CRITERIA
    }


def evaluate(folder: Path, scenarios: Mapping[str, Scenario], predict: Predict) -> dict[str, Any]:
    """κ, exact agreement and wrong statements over one folder of transcripts."""
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    statements = wrong = 0
    errors: list[dict[str, Any]] = []
    for name, item in load_items(folder):
        scenario = scenarios.get(str(item.get("scenario")))
        if scenario is None:
            continue
        gold = item["oordeel"]
        predicted, said = predict(scenario, list(item["turns"]))
        pairs.append((gold, predicted))
        bad = [s for s in said if statement_wrong(s, gold)]
        statements += len(said)
        wrong += len(bad)
        differs = {
            c: [gold[c], predicted[c]] for c in CRITERIA if str(gold[c]) != str(predicted[c])
        }
        if differs or bad:
            errors.append({"item": name, "verschil": differs, "onjuiste_uitspraken": bad})
    return {
        "items": len(pairs),
        "kappa": kappas(pairs),
        "agreement": _agreement(pairs),
        "statements": statements,
        "wrong_statements": round(wrong / statements, 3) if statements else None,
        "errors": errors,
    }


def previous_figures(path: Path = PREVIOUS) -> dict[str, Any] | None:
    """The levels of ``empathie``, ``samenvatten`` and ``afsluiten`` come from small models learned
    from the own set and blind dev (:mod:`reisgenoot.training.rubric_model`, fitted by
    ``scripts/train_rubric_model.py`` with :func:`fit_models`). The blind dev column therefore
    also has a cross-validated figure (:func:`cross_validate`: five folds by scenario, each fold
    judged by models fitted without it), which is the one to quote; blind test is never fitted on.

    The previous version's figures per column, if ``previous.py`` was run."""
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def sets(*, test: bool = True) -> dict[str, Path | None]:
    return {
        "own": OWN,
        "blind_dev": blind_part("training", "dev"),
        "blind_test": blind_part("training", "test") if test else None,
    }


def run_training_bench(
    *, test: bool = True, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Every column for the current rubric, beside the previous version's figures."""
    scenarios = load_scenarios()
    texts = kennisbank_texts()
    predict = rubric_predict(texts)
    columns = sets(test=test)
    results = evaluate_columns(
        columns, lambda folder: evaluate(folder, scenarios, predict), progress=progress
    )
    dev = columns["blind_dev"]
    cv = apart = None
    if dev is not None and dev.exists():
        base = base_rows(scenarios, texts)
        if progress:
            progress("blind dev, schrijver apart")
        apart = _without_errors(held_out(dev, base, scenarios, texts))
        if progress:
            progress("blind dev, kruisvalidatie")
        cv = _without_errors(cross_validate(dev, base, scenarios, texts))
    return {
        "current": results,
        "cross_validated": cv,
        "held_out": apart,
        "rules_only": previous_figures(RULES_ONLY),
        "learned_adr33": previous_figures(LEARNED_ADR33),
        "learned_adr37": previous_figures(LEARNED_ADR37),
        "learned_adr48": previous_figures(LEARNED_ADR48),
        "learned_adr58": previous_figures(LEARNED_ADR58),
        "previous": previous_figures(),
    }


def _without_errors(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items() if key != "errors"}


EARLIER = (
    ("learned_adr58", "ADR 58"),
    ("learned_adr48", "ADR 48"),
    ("learned_adr37", "ADR 37"),
    ("learned_adr33", "ADR 33"),
    ("rules_only", "alleen regels"),
    ("previous", "vorige versie"),
)
"""The earlier versions' figures in the report, newest first, with their row label."""


def rows(report: Mapping[str, Any]) -> dict[str, dict[str, float | int | None]]:
    """Table rows: per criterion κ now and before, then wrong statements now and before.

    "schrijver apart" is blind dev judged by models fitted without it (own set and practice
    folder only); "kruisvalidatie" by models fitted without the scenarios of its fold."""
    current = report["current"]
    result: dict[str, dict[str, float | int | None]] = {}

    def cell(source: Mapping[str, Any], column: str, *path: str) -> float | int | None:
        node: Any = source.get(column)
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        return node if isinstance(node, int | float) else None

    columns: Iterable[str] = ("own", "blind_dev", "blind_test")
    adr58 = report.get("learned_adr58") or {}
    dev_only = {
        "schrijver apart": {"blind_dev": report.get("held_out")},
        "schrijver apart, ADR 58": adr58.get("held_out") or {},
        "kruisvalidatie": {"blind_dev": report.get("cross_validated")},
        "kruisvalidatie, ADR 58": adr58.get("cross_validated") or {},
    }
    result["transcripten"] = {c: cell(current, c, "items") for c in columns}
    for criterion in CRITERIA:
        result[f"κ {criterion}"] = {c: cell(current, c, "kappa", criterion) for c in columns}
        for key, label in EARLIER:
            earlier = report.get(key) or {}
            result[f"κ {criterion} ({label})"] = {
                c: cell(earlier, c, "kappa", criterion) for c in columns
            }
    for label, source in dev_only.items():
        for criterion in CRITERIA:
            result[f"κ {criterion} ({label})"] = {
                c: cell(source, c, "kappa", criterion) for c in columns
            }
    result["onjuiste uitspraken"] = {c: cell(current, c, "wrong_statements") for c in columns}
    for label, source in dev_only.items():
        result[f"onjuiste uitspraken ({label})"] = {
            c: cell(source, c, "wrong_statements") for c in columns
        }
    for key, label in EARLIER:
        earlier = report.get(key) or {}
        result[f"onjuiste uitspraken ({label})"] = {
            c: cell(earlier, c, "wrong_statements") for c in columns
        }
    return result
