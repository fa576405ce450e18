"""Judging a short practice transcript of the lost-passport scenario, for the rubric tests."""

from __future__ import annotations

from reisgenoot.bench.training import kennisbank_texts, reference
from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric import Judgement, judge_lines
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session

M, R = "medewerker", "inwoner"
PASPOORT = "paspoort-kwijt-spoed"


def judge(references: dict[str, Reference], lines: list[tuple[str, str]]) -> Judgement:
    """The rubric's judgement of ``lines`` in the lost-passport scenario."""
    return judge_lines(load_scenarios()[PASPOORT], lines, references[PASPOORT])


def fact_errors(result: Judgement) -> list[str]:
    """The feedback statements that call a fact wrong."""
    return [s.text for s in result.statements if s.kind == "fout"]


def practise(lines: list[str]) -> Session:
    """A practice session of the lost-passport scenario in which the trainee said ``lines``."""
    scenario = load_scenarios()[PASPOORT]
    session = Session.start(scenario, 3, reference=reference(scenario, kennisbank_texts()))
    for line in lines:
        session.respond(line)
    return session
