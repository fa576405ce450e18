"""Training the outcome and follow-up models with weighted examples, and the ending generator."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

from reisgenoot.assist import followup_model, outcome_model

ROOT = Path(__file__).resolve().parents[2]


def _conversation(end: str, outcome: str, task: bool) -> dict[str, object]:
    return {
        "turns": [
            {"speaker": "medewerker", "text": "Goedemorgen, waarmee kan ik u helpen?"},
            {"speaker": "inwoner", "text": "Mijn container is niet geleegd."},
            {"speaker": "medewerker", "text": end},
        ],
        "gespreksresultaat": outcome,
        "interneTaak": task,
    }


EXAMPLES = [
    _conversation(
        "Ik zet uw vraag door, de afdeling belt u terug.", "Contactverzoek gemaakt", True
    ),
    _conversation("Ik maak een terugbelverzoek voor u.", "Contactverzoek gemaakt", True),
    _conversation("Ik heb het uitgelegd, fijne dag.", "Zelfstandig afgehandeld", False),
    _conversation("Zo werkt het, meer hoeft u niet te doen.", "Zelfstandig afgehandeld", False),
]
# Written the other way round: with full weight they would turn the reading of "belt u terug".
WRONG = [
    _conversation("De afdeling belt u terug, fijne dag.", "Zelfstandig afgehandeld", False),
    _conversation("Dan belt de afdeling u terug.", "Zelfstandig afgehandeld", False),
    _conversation("De afdeling belt u terug hoor.", "Zelfstandig afgehandeld", False),
]


def _reading(weight: float) -> tuple[float, float]:
    weights = [1.0] * len(EXAMPLES) + [weight] * len(WRONG)
    outcome = outcome_model.train([*EXAMPLES, *WRONG], weights=weights)
    task = followup_model.train([*EXAMPLES, *WRONG], weights=weights)
    feats = outcome_model.conversation_features(
        outcome_model.example_turns(_conversation("De afdeling belt u terug.", "", True))
    )
    probabilities = outcome.probabilities(feats)
    return (
        float(probabilities[outcome.classes.index("Contactverzoek gemaakt")]),
        followup_model.task_probability(task, feats),
    )


def test_examples_weigh_in_training_as_much_as_their_weight() -> None:
    light_outcome, light_task = _reading(0.01)
    heavy_outcome, heavy_task = _reading(3.0)
    assert light_outcome > 0.5 and light_task > 0.5
    assert heavy_outcome < light_outcome and heavy_task < light_task


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_outcome_data", ROOT / "scripts" / "make_outcome_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_outcome_data"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_conversations_follow_the_kiss_conventions() -> None:
    generator = _generator()
    rng = random.Random(5)
    items = [generator.conversation(rng) for _ in range(200)]
    for item in items:
        assert item["interneTaak"] == (item["gespreksresultaat"] == "Contactverzoek gemaakt")
        assert all(t["speaker"] in ("medewerker", "inwoner") and t["text"] for t in item["turns"])
    spoken = [t["text"] for i in items if i["register"] == "spraak" for t in i["turns"]]
    assert spoken and all(text == text.lower() and "." not in text for text in spoken)
    assert len({i["gespreksresultaat"] for i in items}) == len(generator.ENDINGS)


def _turns(*said: tuple[str, str]) -> list[outcome_model.PlainTurn]:
    return [outcome_model.PlainTurn(speaker, text) for speaker, text in said]


def test_subject_features_say_who_acts_next_in_each_speakers_last_turns() -> None:
    turns = _turns(
        ("inwoner", "Ik bel over mijn container."),
        ("medewerker", "Wij sturen een nieuwe."),
        ("inwoner", "Dank u. Dan bel ik morgen eerst de verhuurder."),
        ("medewerker", "Prima. U neemt daarna zelf weer contact op."),
        ("inwoner", "Daarna schrijf ik u weer."),
        ("medewerker", "Fijne dag."),
    )
    feats = outcome_model.subject_features(turns)
    assert {"sv:r:ik_bellen", "sv:r:ik_schrijven", "sv:e:u_nemen"} <= set(feats)
    # The resident's first turn and the employee's first are outside their last two turns.
    assert "sv:r:ik_over" not in feats and "sv:e:wij_sturen" not in feats
    # A measured candidate (ADR 54): the shipped features leave them out.
    assert "sv:r:ik_bellen" in outcome_model.features_with_subjects(turns)
    assert not any(k.startswith("sv:") for k in outcome_model.conversation_features(turns))


def test_the_models_learn_from_who_acts_next() -> None:
    def said(resident: str, outcome: str) -> dict[str, object]:
        return {
            "turns": [
                {"speaker": "medewerker", "text": "Goedemiddag, waarmee kan ik helpen?"},
                {"speaker": "inwoner", "text": "Ik heb een vraag over de zaal."},
                {"speaker": "medewerker", "text": "De zaal is op dinsdag vrij."},
                {"speaker": "inwoner", "text": resident},
            ],
            "gespreksresultaat": outcome,
            "interneTaak": False,
        }

    # "bellen" is said on both sides: only who calls tells them apart.
    items = [
        said("Dan bel ik later nog een keer.", "Klant neemt opnieuw contact op"),
        said("Goed, ik bel volgende week.", "Klant neemt opnieuw contact op"),
        said("Dus u belt niet meer, prima.", "Zelfstandig afgehandeld"),
        said("Fijn, u belt dus niet, helder.", "Zelfstandig afgehandeld"),
    ]
    model = outcome_model.train(items, features=outcome_model.features_with_subjects)
    later = outcome_model.features_with_subjects(
        outcome_model.example_turns(said("Ik bel nog.", ""))
    )
    assert outcome_model.predict(model, later)[0] == "Klant neemt opnieuw contact op"


def test_question_features_read_the_main_questions_own_ending() -> None:
    turns = _turns(
        ("inwoner", "Ik bel over mijn paspoort."),
        ("medewerker", "Dat kunt u online aanvragen, ik heb het uitgelegd."),
        ("inwoner", "En mijn container is niet geleegd."),
        ("medewerker", "Ik zet dat door naar de afdeling, zij bellen u terug."),
        ("inwoner", "Dank u."),
        ("medewerker", "Fijne dag."),
    )
    main = outcome_model.question_features(turns, [0, 1])
    assert "qrule:Zelfstandig afgehandeld" in main and "q:several" in main
    assert "qend:online" in main and "qend:afdeling" not in main
    assert not any("forward" in k for k in main)
    # One question: the whole conversation is its segment.
    whole = outcome_model.question_features(turns, None)
    assert "q:several" not in whole and any("forward" in k for k in whole)
    # The shipped features do not read the question (a measured candidate, ADR 70).
    assert outcome_model.conversation_features(turns, [0, 1]) == (
        outcome_model.conversation_features(turns)
    )
