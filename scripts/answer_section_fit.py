"""Fit the section model (``knowledge/data/answer_section.json``, ADR 0084 addendum).

Run from the project root: ``python scripts/answer_section_fit.py [--write]``. Trains a
conditional logit (softmax over the sections the answer may show, L2) on the K3/K4 training
items of ``evaluation/knowledge/answer-sentences/`` only — the dev half of batch 1
(``sentences.jsonl``) and all of batch 2 (``sentences2.jsonl``): for every annotator whose
``best`` is not null, the likelihood that the chosen section holds ``best`` or one of
``also``. Prints the 5-fold cross-validated "section right" and "first sentence right" (the
sentence model choosing inside the chosen section) against the rules, and the same on the
blind-dev K1/K2 items (never fitted on) for the model fitted on all training items; with
``--write`` that model goes into the package. The test half is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from answer_sentence_eval import KEY, accepted, load_annotations, retriever_for, training_items
from answer_sentence_fit import fit_logit, show_and_write

from reisgenoot.knowledge.answer_section import SECTION_FEATURES
from reisgenoot.knowledge.answer_sentence import sentence_model
from reisgenoot.knowledge.passages import (
    _section_scores,
    asked_cues,
    section_bonus,
    section_candidates,
    sentence_choice,
)

OUT = Path("src/reisgenoot/knowledge/data/answer_section.json")
FREE = ("rule_score",)  # not penalised: strong L2 shrinks the model to the rules

# Per item: section features, accepted section indices per annotator, the rules' index, and
# the accepted sentence numbers per annotator with the first sentence per section.
Example = tuple[np.ndarray, list[set[int]], int, list[set[int]], list[int | None]]


def examples(items: list[dict[str, Any]]) -> list[Example]:
    from reisgenoot.knowledge.retrieval import Ranked

    retriever = retriever_for(items)
    notes = load_annotations()
    by_id = {d.source_id: d for d in retriever.docs}
    model = sentence_model()
    found: list[Example] = []
    for item in items:
        question = item["question"]
        ranking = retriever.rank(question, limit=20)
        hit = next((h for h in ranking.hits if h.doc.source_id == item["article"]), None)
        hit = hit or Ranked(by_id[item["article"]], 0.0, 0.0, 0.0, 0.0)
        terms, reading = ranking.query_terms, ranking.understanding
        bonus = section_bonus(question, reading)
        cues = asked_cues(question, bonus)
        scored = _section_scores(hit, terms, retriever, bonus, cues)
        features = section_candidates(hit, terms, retriever, scored, (question, reading), cues)
        fields = [s[2] for s in scored]
        of_unit = {int(u["n"]): u["field"] for u in item["units"]}
        number = {(u["field"], u["start"]): int(u["n"]) for u in item["units"]}
        firsts: list[int | None] = []
        for name in fields:
            choice = sentence_choice(hit, terms, retriever, question, reading, field=name)
            unit = model.best(choice.units) if model else None
            firsts.append(number.get((unit.field, unit.start)) if unit else None)
        sets, sentence_sets = [], []
        for marks in notes.values():
            mark = marks.get(item["id"])
            if mark is None or mark.get("best") is None:
                continue
            sentence_sets.append(accepted(mark))
            sets.append({fields.index(of_unit[n]) for n in accepted(mark) if of_unit[n] in fields})
        rule = max(range(len(scored)), key=lambda i: scored[i][:2])
        if sentence_sets:
            found.append((np.array(features), sets, rule, sentence_sets, firsts))
    return found


def choose(model: dict[str, Any] | None, example: Example) -> int:
    x, _sets, rule, _s, _f = example
    if model is None or len(x) < 2:
        return rule
    w, m, s = (np.array(model[k]) for k in ("weights", "means", "scales"))
    z = ((x - m) / s) @ w
    return int(max(range(len(z)), key=lambda i: (z[i], i == rule)))


def figures(model: dict[str, Any] | None, data: list[Example]) -> tuple[float, float]:
    """(section right, first sentence right) over annotator × item pairs."""
    section, first = [], []
    for example in data:
        pick = choose(model, example)
        section += [pick in chosen for chosen in example[1]]
        first += [example[4][pick] in sentences for sentences in example[3]]
    return sum(section) / len(section), sum(first) / len(first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--passages", action="store_true", help="only print passages-dev with the shipped files"
    )
    args = parser.parse_args()
    if args.passages:
        from reisgenoot.bench.knowledge import load_queries, passage_accuracy

        gold = load_queries(Path("evaluation/knowledge/passages-dev.jsonl"))
        retriever = retriever_for([{"question": g["query"]} for g in gold])
        report = passage_accuracy(retriever, gold)
        print(f"passages-dev {report['accuracy']:.3f} of {report['questions']}")
        return
    items = [json.loads(line) for line in KEY.open(encoding="utf-8")]
    blind = [i for i in items if i["id"].startswith(("K1", "K2"))]
    data = [d for d in examples(training_items()) if any(d[1])]
    check = examples(blind)
    print(f"{len(data)} training items; rules section/first {figures(None, data)}")
    print(f"blind dev K1/K2 {len(check)}: rules {figures(None, check)}")
    folds = [data[k::5] for k in range(5)]
    best = (-1.0, 1.0)
    for l2 in (3.0, 10.0, 30.0, 100.0, 300.0, 1000.0):
        cv_section, cv_first = [], []
        for k in range(5):
            rest = [d for j, f in enumerate(folds) if j != k for d in f]
            model = fit_logit([(d[0], d[1]) for d in rest], SECTION_FEATURES, l2, FREE)
            s, f = figures(model, folds[k])
            cv_section.append(s * len(folds[k]))
            cv_first.append(f * len(folds[k]))
        cv = (sum(cv_section) / len(data), sum(cv_first) / len(data))
        model = fit_logit([(d[0], d[1]) for d in data], SECTION_FEATURES, l2, FREE)
        print(
            f"  L2 {l2}: 5-fold section/first {cv[0]:.3f}/{cv[1]:.3f}; blind dev {figures(model, check)}"
        )
        best = max(best, (cv[1] + cv[0], l2))
    model = fit_logit([(d[0], d[1]) for d in data], SECTION_FEATURES, best[1], FREE)
    print(f"chosen L2 {best[1]}: blind dev section/first {figures(model, check)}")
    show_and_write(model, best[1], OUT if args.write else None)


if __name__ == "__main__":
    main()
