"""The outcome and follow-up learners correct the models registration uses (agreement.decide)."""

from __future__ import annotations

from pathlib import Path

from reisgenoot.assist import followup_model, outcome_model
from reisgenoot.assist.agreement import decide
from reisgenoot.assist.learners import LEARNERS
from reisgenoot.assist.outcome import follow_up, gespreksresultaat
from reisgenoot.assist.outcome_learners import FollowupLearner, OutcomeLearner
from reisgenoot.assist.outcome_model import PlainTurn
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.registry import ACTIVE

# This municipality's own case system: "in Zaakstroom zetten" means a department owes the
# resident an answer (a contactverzoek) — words the packaged models cannot know.
LOCAL = "Ik hang het op het bord van {team} in Zaakstroom."
QUESTIONS = (
    "Mijn buren maken al weken herrie.",
    "Er ligt een stoeptegel los voor mijn deur.",
    "Ik wil weten wanneer mijn vergunning klaar is.",
    "De lantaarnpaal in onze straat doet het niet.",
    "Ik heb een vraag over mijn aanslag afvalstoffenheffing.",
    "Mijn rolstoel moet worden aangepast.",
    "De container is niet geleegd deze week.",
    "Er staat al dagen een auto zonder kenteken in de straat.",
)
TEAMS = ("Wonen", "Buitenruimte", "Belastingen")
NEW = "Er hangt een tak half los boven het fietspad."
PLAIN = "U kunt dat zelf online regelen op de website, ik heb u de link gestuurd."


def _turns(question: str, closing: str) -> list[PlainTurn]:
    return [
        PlainTurn("medewerker", "Gemeente Voorbeeldstad, goedemiddag."),
        PlainTurn("inwoner", question),
        PlainTurn("medewerker", closing),
        PlainTurn("inwoner", "Prima, dank u."),
        PlainTurn("medewerker", "Fijne dag verder."),
    ]


def _decided(turns: list[PlainTurn]) -> tuple[str, bool]:
    outcome, task = decide(turns, gespreksresultaat(turns), follow_up(turns))
    return outcome.value, task is not None


def _example(turns: list[PlainTurn], outcome: str, task: bool) -> LearningExample:
    text = "\n".join(f"{t.speaker}: {t.text}" for t in turns)
    label = {
        "kanaal": "Telefoon",
        "vragen": [{"upl": "afvalcontainer", "gespreksresultaat": outcome}],
        "interneTaak": task,
    }
    return LearningExample("registratie", text, label, capability="import")


def _examples() -> list[LearningExample]:
    """Confirmed work as it comes: the Zaakstroom conversations and ordinary ones."""
    found = [
        _example(_turns(q, LOCAL.format(team=team)), "Contactverzoek gemaakt", True)
        for team in TEAMS
        for q in QUESTIONS
    ]
    found += [_example(_turns(q, PLAIN), "Zelfstandig afgehandeld", False) for q in QUESTIONS]
    return found


def test_confirmed_outcomes_and_tasks_change_the_next_decision(tmp_path: Path) -> None:
    new = _turns(NEW, LOCAL.format(team="Groen"))
    plain = _turns(NEW, PLAIN)
    assert _decided(new) == ("Zelfstandig afgehandeld", False)  # the packaged models
    folders = {}
    for learner in (OutcomeLearner(), FollowupLearner()):
        usable = learner.examples_of(_examples())
        assert len(usable) == len(QUESTIONS) * (len(TEAMS) + 1) >= learner.min_examples
        folders[learner.name] = tmp_path / learner.name
        folders[learner.name].mkdir()
        (path,) = learner.train(usable, folders[learner.name])
        assert path.name == learner.model_file
    with (
        ACTIVE.using(outcome_model.LEARNER, folders[outcome_model.LEARNER]),
        ACTIVE.using(followup_model.LEARNER, folders[followup_model.LEARNER]),
    ):
        assert _decided(new) == ("Contactverzoek gemaakt", True)
        assert _decided(plain) == ("Zelfstandig afgehandeld", False)  # the rest stays
    assert _decided(new) == ("Zelfstandig afgehandeld", False)  # only under the version


def test_agent_assist_learns_every_model_registration_uses() -> None:
    names = [learner.name for learner in LEARNERS]
    assert names == ["assist.topics", outcome_model.LEARNER, followup_model.LEARNER]
