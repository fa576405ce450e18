"""Every scenario: a scripted good run reaches the goal with high scores and named strengths;
a poor run (dismissive, incomplete, jargon) ends worse, with feedback quoting its own lines."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reisgenoot.store.engine import Database
from reisgenoot.training import kennis
from reisgenoot.training.feedback import FORMATIVE_NOTICE, Feedback, feedback
from reisgenoot.training.kennis import Reference
from reisgenoot.training.scenario import BANDS, Scenario
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session

SCENARIOS = load_scenarios()
NAMES = sorted(SCENARIOS)
Run = Callable[[str, str], tuple[Session, Feedback]]


@pytest.fixture(scope="session")
def run(references: dict[str, Reference]) -> Run:
    """Play a scenario's script (seed 1) with the demo kennisbank; each run once."""
    done: dict[tuple[str, str], tuple[Session, Feedback]] = {}

    def play(name: str, kind: str) -> tuple[Session, Feedback]:
        if (name, kind) not in done:
            scenario = SCENARIOS[name]
            assert scenario.oefenscripts is not None
            session = Session.start(scenario, 1, reference=references[name])
            for line in getattr(scenario.oefenscripts, kind):
                if session.finished:
                    break
                session.respond(line)
            done[name, kind] = (session, feedback(session))
        return done[name, kind]

    return play


def test_at_least_fifteen_scenarios_over_three_levels() -> None:
    assert len(SCENARIOS) >= 15
    levels = {scenario.niveau for scenario in SCENARIOS.values()}
    assert levels == {1, 2, 3}
    for level in (1, 2, 3):
        assert sum(1 for s in SCENARIOS.values() if s.niveau == level) >= 4


def test_forty_scenarios_with_the_hard_conversations() -> None:
    assert len(SCENARIOS) >= 40
    hard = {
        "aggression": ("verontwaardigde-bewoner", "hondenbelasting-boete-agressief"),
        "grief": ("overlijden-vader", "graf-verlengen-weduwe"),
        "language barrier": ("geboorte-taalbarriere", "inschrijven-engels"),
        "vulnerability": ("zorg-buurman-verward", "scootmobiel-kapot"),
        "a resident who is wrong": ("container-niet-geleegd-ongelijk",),
        "a complaint about a colleague": ("klacht-collega",),
    }
    for kind, names in hard.items():
        assert all(name in SCENARIOS for name in names), kind


def test_required_cases_are_there() -> None:
    topics = " ".join(f"{s.naam} {s.onderwerp}" for s in SCENARIOS.values())
    for needed in ("paspoort", "verhuiz", "grofvuil", "kwijtschelding", "wmo"):
        assert needed in topics
    for needed in (
        "verontwaardigde-bewoner",
        "scheiding-verhuizing-toeslagen",
        "ondernemer-terras",
    ):
        assert needed in SCENARIOS


@pytest.mark.parametrize("name", NAMES)
def test_scenario_references_existing_articles_and_has_variants(
    name: str, kennisbank_db: Database
) -> None:
    scenario = SCENARIOS[name]
    with kennisbank_db.session() as session:
        articles = kennis.find_articles(session, scenario.kennisartikelen)
    for article in scenario.kennisartikelen:
        assert article in articles, f"{name}: {article} is not in the demo kennisbank"
    opening = scenario.zinnen["opening"]
    assert sum(len(opening.get(band, [])) for band in BANDS) >= 3
    for fact in scenario.feiten:
        assert sum(len(fact.zinnen.get(band, [])) for band in BANDS) >= 2, fact.id


def _harder(easy: Scenario, hard: Scenario) -> bool:
    a, b = easy.persona, hard.persona
    return b.emotie > a.emotie and b.rapport < a.rapport and b.geduld <= a.geduld


def test_harder_levels_are_really_harder() -> None:
    by_level = {level: [s for s in SCENARIOS.values() if s.niveau == level] for level in (1, 2, 3)}
    mean = {
        level: (
            sum(s.persona.emotie for s in items) / len(items),
            sum(s.persona.rapport for s in items) / len(items),
            sum(s.persona.geduld for s in items) / len(items),
            sum(sum(f.rapport_nodig for f in s.feiten) for s in items) / len(items),
        )
        for level, items in by_level.items()
    }
    assert mean[1][0] < mean[2][0] < mean[3][0]  # more upset
    assert mean[1][1] > mean[2][1] > mean[3][1]  # less trust
    assert mean[1][2] >= mean[2][2] >= mean[3][2]  # less patience
    assert mean[1][3] < mean[3][3]  # less cooperative: facts need rapport
    assert all(any(f.open_vraag for f in s.feiten) for s in by_level[3])  # more ambiguous


@pytest.mark.parametrize("name", NAMES)
def test_good_run_reaches_goal_with_high_scores(name: str, run: Run) -> None:
    session, result = run(name, "goed")
    assert session.outcome == "doel_bereikt", session.transcript()
    assert result.overall >= 80, result.scores
    assert result.scores["volledigheid"] == 100
    assert result.scores["empathie"] >= 65
    assert len(result.strengths) >= 2
    assert any(s.quote in SCENARIOS[name].oefenscripts.goed for s in result.strengths if s.quote)  # type: ignore[union-attr]
    assert result.notice == FORMATIVE_NOTICE


@pytest.mark.parametrize("name", NAMES)
def test_poor_run_ends_worse_with_specific_feedback(name: str, run: Run) -> None:
    good_session, good = run(name, "goed")
    session, poor = run(name, "zwak")
    assert poor.overall <= good.overall - 30, (poor.scores, good.scores)
    assert session.outcome != "doel_bereikt"
    assert session.emotion > good_session.emotion
    assert 1 <= len(poor.growth) <= 3
    script = SCENARIOS[name].oefenscripts.zwak  # type: ignore[union-attr]
    for point in poor.growth:
        assert point.quote in script, point
        assert point.better and point.better != point.quote
    skills = {point.skill for point in poor.growth}
    assert skills & {"toon", "volledigheid", "b1", "juistheid"}
    assert poor.strengths, "feedback always starts with something that went well"


@pytest.mark.parametrize("name", NAMES[:5])
def test_feedback_dict_is_json_ready(name: str, run: Run) -> None:
    import json

    _session, result = run(name, "zwak")
    data = result.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert '"sterke_punten"' in text and '"groeipunten"' in text
    assert data["let_op"] == FORMATIVE_NOTICE
    assert set(data["scores"]) == {  # type: ignore[call-overload]
        "empathie",
        "toon",
        "volledigheid",
        "juistheid",
        "b1",
        "afsluiting",
    }
