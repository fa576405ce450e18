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
