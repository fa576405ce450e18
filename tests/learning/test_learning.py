"""Learning from confirmed work, end to end: corrections in the review gate become examples, a
retrained topic model changes the next proposal, a worse model is not activated, rollback
returns to the previous version, and erasing a resident erases their examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select
from typer.testing import CliRunner

from reisgenoot.assist import topics
from reisgenoot.assist.learners import TopicLearner, example_vector
from reisgenoot.cli import app as cli_app
from reisgenoot.contacts.linking import link_key
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.learning import examples, registry, training
from reisgenoot.learning.models import Example, ModelVersion
from reisgenoot.learning.training import Evidence, accept, train_all, with_vectors
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.learning.conftest import confirm, proposal, write_dev

# A municipality's own name for its stadspas: words the packaged model cannot know.
LOST = "stadspas"
CORRECTIONS = (
    "Ik wil de Kanskaart aanvragen voor mijn kinderen.",
    "Hoe kom ik aan een Kanskaart? Ik heb een laag inkomen.",
    "Mijn Kanskaart is verlopen, kan ik een nieuwe krijgen?",
    "Geldt de Kanskaart ook voor de zwemles van mijn dochter?",
    "Ik heb de Kanskaart aangevraagd maar nog niets gehoord.",
    "Waar kan ik met de Kanskaart korting krijgen?",
    "Ik ben mijn Kanskaart kwijt, hoe krijg ik een nieuwe?",
    "Wat moet ik meesturen als ik de Kanskaart aanvraag?",
)
NEW = "Goedemiddag, ik bel over de Kanskaart voor mijn zoon."
OTHER = (
    "Mijn grofvuil is niet opgehaald, de bank staat nog buiten.",
    "Ik wil een parkeervergunning aanvragen voor mijn nieuwe auto.",
    "Ik wil een nieuw paspoort aanvragen, wat kost dat?",
)


@pytest.fixture(autouse=True)
def _packaged_models() -> Any:
    registry.ACTIVE.replace({})
    yield
    registry.ACTIVE.replace({})


def _main_upl(text: str) -> str:
    return topics.classify(text)[0].upl


def _correct_all(db: Database, settings: Settings) -> str:
    first = ""
    for text in CORRECTIONS:
        _uuid, proposed = confirm(db, settings, text, {"vragen[0].upl": LOST})
        first = first or proposed["vragen[0].upl"]
    return first


def _train(db: Database, settings: Settings, dev: Path) -> Any:
    learner = TopicLearner(anchors=300)
    return train_all(db, settings.home, [learner], dev, retention_days=365)


def test_corrections_become_redacted_examples_without_the_employee(
    db: Database, settings: Settings, users: dict[str, Any]
) -> None:
    confirm(
        db,
        settings,
        "Ik ben mijn paspoort verloren, mijn BSN is 111222333 en bel me op 0612345678.",
        {"vragen[0].upl": LOST},
    )
    with db.session() as session:
        (row,) = session.scalars(select(Example)).all()
        assert row.kind == "registratie" and row.capability == "assist"
        assert row.label["vragen"][0]["upl"] == LOST
        assert row.proposed is not None and row.proposed["vragen"][0]["upl"] != LOST
        assert "111222333" not in row.text and "0612345678" not in row.text
        assert "inwoner: Ik ben mijn paspoort verloren" in row.text
        stored = json.dumps([row.text, row.label, row.proposed], ensure_ascii=False)
        for who in ("medewerker@", "Test medewerker", str(users["medewerker"].username) + '"'):
            assert who not in stored
        columns = set(Example.__table__.columns.keys())
        assert not {"user_id", "medewerker", "employee", "actor"} & columns


def test_corrections_change_the_next_proposal_and_rollback_undoes_it(
    db: Database, settings: Settings, users: dict[str, Any], tmp_path: Path
) -> None:
    _uuid, before = proposal(db, settings, NEW)
    assert before["vragen[0].upl"] != LOST
    first = _correct_all(db, settings)
    assert first != LOST, "the packaged model proposed the other product"
    dev = write_dev(tmp_path / "dev", [(t, _main_upl(t)) for t in OTHER])

    (outcome,) = _train(db, settings, dev)
    assert outcome.activated and outcome.version == 1
    assert outcome.examples == len(CORRECTIONS)
    assert outcome.before.main == outcome.after.main == 1.0
    _uuid, after = proposal(db, settings, NEW)
    assert after["vragen[0].upl"] == LOST
    assert (settings.home / "models" / topics.LEARNER / "0001" / topics.MODEL_FILE).is_file()
    # Other questions keep their product.
    for text in OTHER:
        assert proposal(db, settings, text)[1]["vragen[0].upl"] == _main_upl(text)

    with db.session() as session:
        assert registry.rollback(session, topics.LEARNER) is None
        registry.refresh(session, settings.home)
    assert proposal(db, settings, NEW)[1]["vragen[0].upl"] == before["vragen[0].upl"]
    with db.session() as session, pytest.raises(Exception, match="nothing to roll back"):
        registry.rollback(session, topics.LEARNER)


def test_a_model_that_is_worse_on_blind_dev_is_not_activated(
    db: Database, settings: Settings, users: dict[str, Any], tmp_path: Path
) -> None:
    _correct_all(db, settings)
    # This dev set says the Kanskaart is something else: the corrections make it worse.
    contrary = "Kan ik de Kanskaart ook voor mijn kleinzoon aanvragen?"
    assert _main_upl(contrary) != LOST
    dev = write_dev(
        tmp_path / "dev",
        [(contrary, _main_upl(contrary)), *((t, _main_upl(t)) for t in OTHER)],
    )
    (outcome,) = _train(db, settings, dev)
    assert not outcome.activated
    assert outcome.after.main < outcome.before.main
    assert "slechter" in outcome.reason
    with db.session() as session:
        (version,) = session.scalars(select(ModelVersion)).all()
        assert version.status == "afgewezen" and not version.active
        assert registry.active_version(session, topics.LEARNER) is None
    assert not (settings.home / "models" / topics.LEARNER / "0001").exists()
    assert proposal(db, settings, NEW)[1]["vragen[0].upl"] != LOST


@pytest.mark.parametrize(("others", "activated"), [(14, True), (1, False)])
def test_a_version_better_on_the_own_work_may_lose_a_little_on_blind_dev(
    db: Database,
    settings: Settings,
    users: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    others: int,
    activated: bool,
) -> None:
    # The newest correction is held out (eight corrections, one held out): the packaged model
    # gets it wrong, a probe learned from the other seven gets it right, so the version is
    # better on the municipality's own work. Blind dev has one contrary conversation: among
    # 43 that is a loss within DRIFT (activated), among 4 it is not (rejected).
    monkeypatch.setattr(training, "MIN_HOLD_OUT", 1)
    _correct_all(db, settings)
    contrary = "Kan ik de Kanskaart ook voor mijn kleinzoon aanvragen?"
    dev = write_dev(
        tmp_path / "dev",
        [(contrary, _main_upl(contrary)), *((t, _main_upl(t)) for t in OTHER * others)],
    )
    (outcome,) = _train(db, settings, dev)
    assert outcome.before.values[training.OWN] == 0.0
    assert outcome.after.values[training.OWN] == 1.0
    assert outcome.after.main < outcome.before.main
    assert outcome.activated is activated, outcome.reason
    assert "eigen werk 0.000 → 1.000" in outcome.reason
    assert activated or "beter op eigen werk" in outcome.reason
    assert (proposal(db, settings, NEW)[1]["vragen[0].upl"] == LOST) is activated
    assert not (settings.home / "models" / topics.LEARNER / "0001" / "proef").exists()


def test_the_gate_weighs_blind_dev_own_work_and_the_packaged_floor() -> None:
    assert accept(Evidence(0.60, 0.60))  # not worse on blind dev
    assert not accept(Evidence(0.60, 0.59))  # worse, nothing else measured
    assert not accept(Evidence(0.60, 0.59, 0.60, 0.70, 0.70))  # own work not better
    assert accept(Evidence(0.60, 0.59, 0.60, 0.70, 0.75))  # own better, within DRIFT
    assert not accept(Evidence(0.60, 0.57, 0.60, 0.70, 0.90))  # own better, beyond DRIFT
    # The floor is the packaged model: small steps down cannot add up.
    assert not accept(Evidence(0.58, 0.57, 0.60, 0.70, 0.80))
    assert not accept(Evidence(None, 0.60)) and not accept(Evidence(0.60, None))
    # The packaged model is measured only when the gate reads it.
    assert training.needs_packaged(Evidence(0.60, 0.59, None, 0.70, 0.75))
    assert not training.needs_packaged(Evidence(0.60, 0.60, None, 0.70, 0.75))
    assert not training.needs_packaged(Evidence(0.60, 0.59, None, 0.70, 0.70))
    assert not training.needs_packaged(Evidence(0.60, 0.59))
    assert training.newest_held_out(list(range(99))) == (list(range(99)), [])
    learned, held = training.newest_held_out(list(range(100)))
    assert learned == list(range(80)) and held == list(range(80, 100))


def test_without_a_dev_set_nothing_is_activated(
    db: Database, settings: Settings, users: dict[str, Any], tmp_path: Path
) -> None:
    _correct_all(db, settings)
    (outcome,) = _train(db, settings, tmp_path / "missing")
    assert not outcome.activated and "geen blind-dev-set" in outcome.reason


def test_rollback_returns_to_the_previous_version(
    db: Database, settings: Settings, users: dict[str, Any], tmp_path: Path
) -> None:
    _correct_all(db, settings)
    dev = write_dev(tmp_path / "dev", [(t, _main_upl(t)) for t in OTHER])
    assert _train(db, settings, dev)[0].activated
    assert _train(db, settings, dev)[0].version == 2
    with db.session() as session:
        assert registry.active_version(session, topics.LEARNER).number == 2  # type: ignore[union-attr]
        previous = registry.rollback(session, topics.LEARNER)
        assert previous is not None and previous.number == 1
        registry.refresh(session, settings.home)
    assert registry.ACTIVE.folder(topics.LEARNER) == registry.version_folder(
        settings.home, topics.LEARNER, 1
    )


def test_erasing_a_resident_erases_their_examples(
    db: Database, settings: Settings, users: dict[str, Any]
) -> None:
    confirm(db, settings, "Mijn paspoort is kwijt. Mijn BSN is 111222333.", {"vragen[0].upl": LOST})
    confirm(db, settings, "Mijn grofvuil is niet opgehaald, de bank staat nog buiten.")
    with db.session() as session:
        assert examples.counts(session)["registratie"] == 2
        assert examples.erase_resident(session, link_key(settings), ["BSN 111222333"]) == 1
    with db.session() as session:
        (left,) = session.scalars(select(Example)).all()
        assert "grofvuil" in left.text
        # Deleting a contact (any erasure of it) takes its examples along.
        session.execute(delete(Klantcontact).where(Klantcontact.id == left.klantcontact_id))
    with db.session() as session:
        assert examples.counts(session)["registratie"] == 0


def test_retention_deletes_old_examples(
    db: Database, settings: Settings, users: dict[str, Any]
) -> None:
    confirm(db, settings, "Mijn grofvuil is niet opgehaald.")
    from datetime import timedelta

    from reisgenoot.store.base import utcnow

    with db.session() as session:
        assert examples.purge_expired(session, 30) == 0
        assert examples.purge_expired(session, 30, now=utcnow() + timedelta(days=31)) == 1


def test_learn_status_json_and_rollback_in_the_cli(cli_env: Settings) -> None:
    runner = CliRunner()
    result = runner.invoke(cli_app, ["learn", "status", "--json"])
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)
    assert status["voorbeelden"] == {"registratie": 0, "vraag_artikel": 0, "beoordeling": 0}
    names = [m["model"] for m in status["modellen"]]
    assert names == [
        topics.LEARNER,
        "assist.outcome",
        "assist.followup",
        "knowledge.known_questions",
    ]
    assert all(m["actieve_versie"] is None for m in status["modellen"])
    nothing = runner.invoke(cli_app, ["learn", "rollback", topics.LEARNER])
    assert nothing.exit_code == 1
    assert "meegeleverde model al in gebruik" in nothing.stderr
    unknown = runner.invoke(cli_app, ["learn", "rollback", "bestaat.niet"])
    assert unknown.exit_code == 1 and "bestaat niet" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_training_keeps_each_example_s_vector_of_its_redacted_text(
    db: Database, settings: Settings, users: dict[str, Any], tmp_path: Path
) -> None:
    secret = "Mijn Kanskaart is kwijt, mijn BSN is 111222333."
    confirm(db, settings, secret, {"vragen[0].upl": LOST})
    _correct_all(db, settings)
    dev = write_dev(tmp_path / "dev", [(t, _main_upl(t)) for t in OTHER])
    with db.session() as session:
        assert all(row.vector is None for row in session.scalars(select(Example)))
    _train(db, settings, dev)
    with db.session() as session:
        rows = session.scalars(select(Example).order_by(Example.id)).all()
        first = rows[0]
        stored = examples.vector_of(first.vector)
        assert all(row.vector is not None and len(row.vector) == 2 * 384 for row in rows)
        assert "111222333" not in first.text
    # The vector is that of the stored, redacted conversation, not of what was said.
    redacted = example_vector(first.text)
    assert stored is not None and redacted is not None
    assert float(stored @ redacted) > 0.999
    said = example_vector(f"inwoner: {secret}")
    assert said is not None and float(stored @ said) < 0.999
    # A second run reads the stored vectors instead of computing them again.
    with db.session() as session:
        loaded = examples.load(session)
    assert all(e.vector is not None and e.id is not None for e in loaded)
    assert with_vectors(db, TopicLearner(anchors=10), loaded) == loaded


def test_without_sentence_vectors_nothing_is_embedded(
    db: Database,
    settings: Settings,
    users: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REISGENOOT_ASSIST_EMBEDDINGS", "0")
    _correct_all(db, settings)
    dev = write_dev(tmp_path / "dev", [(t, _main_upl(t)) for t in OTHER])
    (outcome,) = _train(db, settings, dev)
    assert outcome.activated
    assert proposal(db, settings, NEW)[1]["vragen[0].upl"] == LOST
    with db.session() as session:
        assert all(row.vector is None for row in session.scalars(select(Example)))
