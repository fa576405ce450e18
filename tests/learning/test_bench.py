"""The learning bench: a realistic frequency distribution and a stream that learns."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reisgenoot.assist import upl_neighbours
from reisgenoot.bench.learning import FREQUENT, draw, stream, weights
from reisgenoot.cli import app as cli_app
from tests.learning.conftest import write_dev

LOST = "stadspas"
LOSSES = [
    "Ik wil de Kanskaart aanvragen voor mijn kinderen.",
    "Mijn Kanskaart is verlopen, kan ik een nieuwe krijgen?",
    "Geldt de Kanskaart ook voor de zwemles van mijn dochter?",
    "Ik heb de Kanskaart aangevraagd maar nog niets gehoord.",
    "Ik ben mijn Kanskaart kwijt, hoe krijg ik een nieuwe?",
    "Wat moet ik meesturen als ik de Kanskaart aanvraag?",
]


def test_the_30_most_frequent_products_make_about_80_percent() -> None:
    products = [f"product {n}" for n in range(200)]
    shares = weights(products, seed=1)
    assert abs(sum(shares.values()) - 1) < 1e-9
    top = sorted(shares.values(), reverse=True)[:FREQUENT]
    assert abs(sum(top) - 0.80) < 1e-9
    assert top[0] > 5 * top[-1]  # a Zipf curve, not even


def test_a_drawn_stream_follows_the_shares(tmp_path: Path) -> None:
    from reisgenoot.bench.learning import conversations

    items = [(f"Ik heb een vraag over onderwerp {n}.", f"product {n}") for n in range(60)]
    pool = conversations(write_dev(tmp_path, items) / "transcripts" / "dev")
    contacts = draw(pool, 5000, seed=3)
    top = Counter(c.upl for c in contacts).most_common(FREQUENT)
    assert 0.75 < sum(n for _p, n in top) / len(contacts) < 0.85


def _stream(
    tmp_path: Path, confirmed: list[tuple[str, str]], dev: list[tuple[str, str]]
) -> dict[str, Any]:
    """The stream bench over ``confirmed`` conversations, judged on ``dev``: before and after
    40 confirmations."""
    training = write_dev(tmp_path / "train", confirmed)
    held_out = write_dev(tmp_path / "dev", dev)
    return stream(
        training / "transcripts" / "dev",
        held_out / "transcripts" / "dev",
        tmp_path / "work",
        checkpoints=(0, 40),
        anchors=300,
    )


def test_the_stream_learns_corrections_without_hurting_blind_dev(tmp_path: Path) -> None:
    bulky = (
        "Mijn grofvuil is niet opgehaald, de bank staat nog buiten.",
        "afvalinzameling grofvuil",
    )
    result = _stream(tmp_path, [(t, LOST) for t in LOSSES], [bulky] * 4)
    before, after = result["metingen"]
    assert after["stroom"] >= before["stroom"] + 0.2, result
    assert after["stroom_nieuw"] >= before["stroom_nieuw"]
    assert after["blind_dev"] >= before["blind_dev"]
    assert after["geactiveerd"] and after["actief"]["stroom"] == after["stroom"]


def test_the_stream_keeps_the_previous_version_when_blind_dev_gets_worse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The gate is under test, not the classifier: without the packaged nearest examples
    # (ADR 57), which would hold this one conversation at its product however it is confirmed.
    monkeypatch.setattr(upl_neighbours, "packaged", lambda: None)
    bulky = "Mijn grofvuil is niet opgehaald, de bank staat nog buiten."
    wrong = [(f"{bulky} {n}", LOST) for n in range(6)]  # confirmed under the wrong product
    result = _stream(tmp_path, wrong, [(bulky, "afvalinzameling grofvuil")] * 4)
    before, after = result["metingen"]
    assert after["blind_dev"] < before["blind_dev"], result  # the new version is worse …
    assert not after["geactiveerd"]  # … so the gate keeps the packaged model
    assert after["actief"]["blind_dev"] == before["blind_dev"]
    assert after["actief"]["stroom"] <= after["stroom"]


def test_the_cli_refuses_a_folder_without_the_sets(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["bench", "learning", "--root", str(tmp_path)])
    assert result.exit_code == 2 and "bestaat niet" in result.stderr
    assert "Traceback" not in result.output
