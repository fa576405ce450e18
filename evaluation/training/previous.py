"""The previous version's feedback on the practice transcripts, for ``bench training``.

The practice feedback before the rubric (main at 175d4da) scored a *simulated* session
(0–100 per skill) and wrote strengths and growth points; it had no judgement per opleider
criterion and could not read a fixed transcript. This script applies that version's turn
analysis (``analyse_turn``, ``matches_any``, the scenario's checklist and known wrong answers)
to each transcript and maps its scores to the rubric the way its feedback read:

- feiten: a wrong amount or term, a known wrong answer or a promise → fout; every point of the
  checklist explained → goed; else deels;
- empathie: its empathy score (EPITOME levels /6, minus dismissive and hollow) ≥ 67 → 2,
  ≥ 34 → 1, else 0;
- vragen: share of the checklist's facts asked about (1 → 2, ≥ .5 → 1, else 0);
- samenvatten: a summary anywhere;
- afsluiten: its close score (check 40 + summary or next step 30 + goodbye 30) ≥ 70 → 2,
  ≥ 30 → 1, else 0;

and its statements (the strengths and growth points it would have written, same order and
caps) to criteria. Run it with the previous version's package first on the path, from the
project root of this version (so it reads the same sets):

    git worktree add /tmp/prev 175d4da
    PYTHONPATH=/tmp/prev/src .venv/bin/python evaluation/training/previous.py [--no-blind-test]

It writes ``evaluation/training/previous.json`` with the figures per column only.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from reisgenoot.knowledge.formats import read_file
from reisgenoot.training import analysis as old
from reisgenoot.training.scenario_files import load_scenarios

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
_BENCH = ROOT / "src" / "reisgenoot" / "bench" / "training.py"


def _figure_code() -> dict[str, Any]:
    """``kappas`` and ``statement_wrong`` from this version's bench, read as plain source.

    The bench module imports this version's rubric, which the previous package does not have,
    so only the two pure functions (and what they need) are taken from its text."""
    import ast

    tree = ast.parse(_BENCH.read_text(encoding="utf-8"))
    wanted = {"kappas", "statement_wrong", "LEVELS"}
    body = [
        node
        for node in tree.body
        if (isinstance(node, ast.FunctionDef) and node.name in wanted)
        or (isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") in wanted)
    ]
    from collections.abc import Mapping, Sequence

    from sklearn.metrics import cohen_kappa_score

    space: dict[str, Any] = {
        "Any": Any,
        "Mapping": Mapping,
        "Sequence": Sequence,
        "cohen_kappa_score": cohen_kappa_score,
        "CRITERIA": ("feiten", "empathie", "vragen", "samenvatten", "afsluiten"),
    }
    exec(compile(ast.Module(body=body, type_ignores=[]), str(_BENCH), "exec"), space)  # noqa: S102
    return space


_CODE = _figure_code()
kappas = _CODE["kappas"]
statement_wrong = _CODE["statement_wrong"]
KENNISBANK = ROOT / "src" / "reisgenoot" / "demo" / "kennisbank"
SETS = {
    "own": HERE / "items",
    "blind_dev": ROOT / "evaluation" / "blind" / "training" / "dev",
    "blind_test": ROOT / "evaluation" / "blind" / "training" / "test",
}


def _texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(KENNISBANK.glob("*.md")):
        if path.name.lower() != "readme.md":
            for article in read_file(path):
                texts[article.source_id] = "\n".join(article.sections.values())
    return texts


def _analyse(scenario: Any, turns: list[dict[str, str]], texts: dict[str, str]) -> list[Any]:
    wanted = scenario.kennisartikelen
    check = all(item in texts for item in wanted)
    known = old.known_values(texts[i] for i in wanted if i in texts)
    residents: list[str] = []
    trainees: list[str] = []
    result = []
    for turn in turns:
        if turn["spreker"] != "medewerker":
            residents.append(turn["tekst"])
            continue
        context = old.TurnContext(
            resident_lines=tuple(residents),
            trainee_lines=tuple(trainees),
            jargon=tuple(scenario.jargon),
            allowed=tuple(scenario.toegestaan),
            known_claims=known,
            check_facts=check,
            first_turn=not trainees,
        )
        result.append(old.analyse_turn(turn["tekst"], context))
        trainees.append(turn["tekst"])
    return result


def _declarative(text: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(part for part in parts if not part.rstrip().endswith("?"))


def predict(
    scenario: Any, turns: list[dict[str, str]], texts: dict[str, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    analyses = _analyse(scenario, turns, texts)
    lines = [a.text for a in analyses]
    wrong_traps = [
        i for i in scenario.onjuist for line in lines if re.search(i.patroon, line, re.I)
    ]
    wrong = any(a.wrong_claims or a.overpromise for a in analyses) or bool(wrong_traps)
    explained = []
    for item in scenario.checklist.uitleggen:
        hit = {
            n
            for n, group in enumerate(item.kenmerken)
            for line in lines
            if old.matches_any(_declarative(line), group)
        }
        if len(hit) == len(item.kenmerken):
            explained.append(item.id)
    complete = len(explained) == len(scenario.checklist.uitleggen)
    feiten = "fout" if wrong else "goed" if complete else "deels"
    epitome = {
        "e": max((a.emotional_reaction for a in analyses), default=0),
        "i": max((a.interpretation for a in analyses), default=0),
        "x": max((a.exploration for a in analyses), default=0),
    }
    dismissive = sum(1 for a in analyses if a.dismissive)
    hollow_only = epitome["e"] == 1 and epitome["i"] == 0
    empathy = sum(epitome.values()) / 6 * 100 - 25 * dismissive - (10 if hollow_only else 0)
    empathie = 2 if empathy >= 67 else 1 if empathy >= 34 else 0
    asked = set()
    for a in analyses:
        questions = " ".join(a.open_questions + a.closed_questions)
        for fact in scenario.feiten:
            if questions and old.matches_any(questions, fact.vraagwoorden):
                asked.add(fact.id)
    needed = scenario.checklist.uitvragen
    share = sum(1 for f in needed if f in asked) / len(needed) if needed else 1.0
    vragen = 2 if share >= 1 else 1 if share >= 0.5 else 0
    samenvatten = int(any(a.summary for a in analyses))
    last = analyses[-3:]
    close = 0
    if analyses:
        close += 40 if any(a.close_check for a in last) else 0
        close += 30 if any(a.summary or a.next_step for a in last) else 0
        close += 30 if analyses[-1].goodbye else 0
    afsluiten = 2 if close >= 70 else 1 if close >= 30 else 0
    strengths: list[dict[str, Any]] = []
    growth: list[dict[str, Any]] = []
    if any(a.acknowledges and not a.dismissive for a in analyses):
        strengths.append({"criterium": "empathie", "goed": True})
    if samenvatten:
        strengths.append({"criterium": "samenvatten", "goed": True})
    if explained:
        strengths.append({"criterium": "feiten", "goed": True})
    if any(a.open_questions for a in analyses):
        strengths.append({"criterium": "vragen", "goed": True})
    if any(a.close_check for a in analyses):
        strengths.append({"criterium": "afsluiten", "goed": True})
    if dismissive:
        growth.append({"criterium": "empathie", "goed": False})
    if wrong:
        growth.append({"criterium": "feiten", "goed": False, "soort": "fout"})
    if any(f not in asked for f in needed):
        growth.append({"criterium": "vragen", "goed": False})
    elif not complete:
        growth.append({"criterium": "feiten", "goed": False, "soort": "ontbreekt"})
    if not any(a.acknowledges for a in analyses):
        growth.append({"criterium": "empathie", "goed": False})
    if not samenvatten and len(analyses) >= 2:
        growth.append({"criterium": "samenvatten", "goed": False})
    if not any(a.close_check for a in analyses):
        growth.append({"criterium": "afsluiten", "goed": False})
    seen: list[str] = []
    capped = []
    for item in growth:  # one growth point per skill, at most three (as before)
        skill = (
            "volledigheid"
            if item["criterium"] == "vragen" or item.get("soort") == "ontbreekt"
            else item["criterium"]
        )
        if skill not in seen:
            seen.append(skill)
            capped.append(item)
    scores = {
        "feiten": feiten,
        "empathie": empathie,
        "vragen": vragen,
        "samenvatten": samenvatten,
        "afsluiten": afsluiten,
    }
    return scores, strengths[:4] + capped[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-blind-test", action="store_true")
    args = parser.parse_args()
    scenarios = load_scenarios()
    texts = _texts()
    out = HERE / "previous.json"
    figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    figures["version"] = "175d4da"  # columns not run now (--no-blind-test) keep their figures
    for column, folder in SETS.items():
        if not folder.is_dir() or (column == "blind_test" and args.no_blind_test):
            continue
        pairs = []
        said = wrong = 0
        for path in sorted(folder.glob("*.json")):
            item = json.loads(path.read_text(encoding="utf-8"))
            scenario = scenarios.get(item["scenario"])
            if scenario is None:
                continue
            scores, statements = predict(scenario, item["turns"], texts)
            pairs.append((item["oordeel"], scores))
            said += len(statements)
            wrong += sum(statement_wrong(s, item["oordeel"]) for s in statements)
        figures[column] = {
            "items": len(pairs),
            "kappa": kappas(pairs),
            "wrong_statements": round(wrong / said, 3) if said else None,
        }
    out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print({k: v for k, v in figures.items() if k != "version"})


if __name__ == "__main__":
    main()
