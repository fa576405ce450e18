"""The nightly run trains in a low-priority child process; the web app keeps answering."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reisgenoot.app import create_app
from reisgenoot.assist import topics
from reisgenoot.assist.learners import TopicLearner
from reisgenoot.learning import registry
from reisgenoot.learning.nightly import NICENESS, NightlyTraining, seconds_until
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.learning.conftest import write_dev
from tests.learning.test_learning import LOST, NEW, OTHER, _correct_all, _main_upl


@pytest.fixture(autouse=True)
def _packaged_models() -> Any:
    registry.ACTIVE.replace({})
    yield
    registry.ACTIVE.replace({})


def test_a_page_answers_while_the_nightly_run_trains_in_a_child_process(
    db: Database, settings: Settings, users: dict[str, Any], tmp_path: Path
) -> None:
    _correct_all(db, settings)
    dev = write_dev(tmp_path / "dev", [(t, _main_upl(t)) for t in OTHER])
    config = settings.model_copy(update={"learn_dev_dir": dev, "learn_nightly_hour": None})
    app = create_app(config, db)
    nightly = NightlyTraining(config, db, [TopicLearner(anchors=300)])
    seen: dict[str, Any] = {}

    def while_training(child: int) -> None:
        # Called after the run was handed to the child and before its result is read.
        seen["child"] = child
        seen["priority"] = os.getpriority(os.PRIO_PROCESS, child)
        with TestClient(app) as client:
            seen["status"] = client.get("/login").status_code

    assert registry.ACTIVE.folder(topics.LEARNER) is None
    (outcome,) = nightly.run_now(started=while_training)
    assert seen["status"] == 200
    assert seen["child"] != os.getpid()
    assert seen["priority"] == min(os.getpriority(os.PRIO_PROCESS, 0) + NICENESS, 19)
    assert outcome.activated, outcome.reason
    # The web process uses the version the child made, without a restart.
    assert registry.ACTIVE.folder(topics.LEARNER) == registry.version_folder(
        settings.home, topics.LEARNER, 1
    )
    assert topics.classify(NEW)[0].upl == LOST


def test_the_next_run_is_at_the_configured_hour() -> None:
    # 02:30 UTC on 6 December is 03:30 in Amsterdam: the next 03:00 is 23.5 hours away.
    now = datetime(2026, 12, 6, 2, 30, tzinfo=UTC)
    assert seconds_until(3, now) == 23.5 * 3600
    assert seconds_until(4, now) == 1800
