"""The Detector protocol and the registry of signal kinds (signals/detection.py, kinds.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from importlib import resources

from reisgenoot.signals.aggregate import ExampleQuery
from reisgenoot.signals.detection import Context, Detector, Signal
from reisgenoot.signals.kanon import K
from reisgenoot.signals.kinds import DETECTORS
from reisgenoot.signals.service import compute_signals
from reisgenoot.store.engine import Database
from tests.signals.history import TOPICS, fill, plain, world

END = date(2026, 11, 27)  # a Friday


class ContactsPerTopic:
    """A made-up kind for the test: every topic with ≥ K contacts in the window."""

    name = "test_contacten"

    def detect(self, context: Context) -> list[Signal]:
        n_hist = context.period.history_days
        found = []
        for t, topic in enumerate(context.cells.topics):
            n = int(context.cells.contacts[n_hist:, t, :].sum())
            if context.suppression.check("test", n):
                found.append(
                    Signal(
                        "test",
                        topic,
                        None,
                        context.period.window,
                        0.0,
                        float(n),
                        float(t),
                        f"{n} contacten",
                        query=ExampleQuery(topics=[topic]),
                    )
                )
        return found


def test_every_kind_is_registered_once_in_one_place() -> None:
    names = [d.name for d in DETECTORS]
    assert names == [
        "volume",
        "toon",
        "kennisbank_overdracht",
        "herhaalcontact",
        "nieuw_onderwerp",
        "kennisbank_chat",
    ]
    assert len(set(names)) == len(names)
    assert all(callable(d.detect) for d in DETECTORS)


def test_a_registered_detector_runs_beside_the_others_with_examples(db: Database) -> None:
    w = world(END)
    fill(db, w, plain(w))
    extra: Detector = ContactsPerTopic()
    with db.session() as session:
        only = compute_signals(session, until=END, detectors=(extra,))
        both = compute_signals(session, until=END, detectors=(*DETECTORS, extra))
        default = compute_signals(session, until=END)
    assert sorted(s.topic for s in only.signals) == sorted(TOPICS)
    assert [s.score for s in only.signals] == sorted((s.score for s in only.signals), reverse=True)
    assert all(s.kind == "test" and s.observed >= K for s in only.signals)
    assert all(1 <= len(s.examples) <= 3 for s in only.signals)
    assert all(e.startswith(s.topic) for s in only.signals for e in s.examples)
    assert [s for s in both.signals if s.kind != "test"] == default.signals
    assert both.suppressed == default.suppressed


LABEL_PROBE = """
from reisgenoot.signals.detectors import emerging_clusters
recent = [("Klopt de nieuwe ophaaldag in de app wel?", "huishoudelijk afvalinzameling", 12),
          ("Container stond op de oude ophaaldag buiten", "huishoudelijk afvalinzameling", 9)]
before = [("Paspoort kwijt, wat moet ik doen?", "paspoort", 40),
          ("Container is niet geleegd", "huishoudelijk afvalinzameling", 30)]
print([c.label for c in emerging_clusters(recent, before, 7, 28)])
"""


def test_new_topics_get_the_same_label_in_every_process() -> None:
    """The label is part of a signal's key (marks, cache): string hashing must not order it."""
    labels = {
        subprocess.run(
            [sys.executable, "-c", LABEL_PROBE],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout.strip()
        for seed in range(6)
    }
    assert labels == {"[['klopt', 'nieuwe', 'app'], ['stond', 'oude', 'buiten']]"}


def test_the_detection_path_never_imports_the_marks() -> None:
    """compute_signals and every kind run without the marks module ever being loaded."""
    code = (
        "import sys, reisgenoot.signals.service; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('reisgenoot.signals'))))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert {"reisgenoot.signals.detection", "reisgenoot.signals.kinds"} <= loaded
    assert not loaded & {"reisgenoot.signals.marks", "reisgenoot.signals.models"}
    package = resources.files("reisgenoot.signals")
    for name in ("detection.py", "kinds.py", "wording.py"):
        source = (package / name).read_text("utf-8")
        for word in ("marks", "SignalMark", "signal_marks", "signals.models"):
            assert word not in source, (name, word)
