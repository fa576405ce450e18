"""Learning from confirmed work, measured: the import target and a simulated stream of contacts.

**Import target** (:func:`import_check`): the conversations of a set (the own set
``evaluation/assist``) are learned from as if imported with ``reisgenoot learn import``; the
UPL product of the main question — what ``register`` proposes — is measured on those
conversations (learned from) and on the blind dev set (not learned from), before and after.

**Stream** (:func:`stream`): a municipality's contacts are not spread evenly over the 449
products: a few products make up most of the work. The stream draws contacts from a pool of
conversations with gold registrations (``training-data/transcripts`` and the blind DEV
transcripts — never blind test) so that the 30 most frequent products make up about 80 %:
products are ranked in a fixed random order, the top 30 share 80 % by a Zipf curve and the rest
share 20 % evenly. At 0, 100, 500 and 2,000 confirmations a new version is learned from the
confirmations so far; its UPL accuracy is measured on the next contacts of the stream (the
conversations that come in after; the same conversation may come back, as a resident's
question comes back in other words) and on the blind dev conversations that never entered the
stream (the gate's figure). Because the pool is small, most contacts after a few hundred
confirmations repeat a conversation already confirmed; the accuracy on the contacts whose
conversation was *not* confirmed before (``stroom_nieuw``) is printed beside it.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reisgenoot.assist import topics
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns
from reisgenoot.assist.learners import ANCHORS, TopicLearner, example_vector
from reisgenoot.assist.transcript import read_transcript
from reisgenoot.learning.examples import LearningExample, conversation_text
from reisgenoot.learning.models import REGISTRATION
from reisgenoot.learning.registry import ACTIVE
from reisgenoot.learning.training import Evidence, accept, newest_held_out

CHECKPOINTS = (0, 100, 500, 2000)
FREQUENT = 30
FREQUENT_SHARE = 0.80
WINDOW = 300  # contacts after a checkpoint on which the stream accuracy is measured
DEV_SHARE = 0.5  # share of the blind dev conversations that may enter the stream


@dataclass(frozen=True, slots=True)
class Conversation:
    """One conversation of a set with its gold main UPL product."""

    source: str
    upl: str
    turns: tuple[AnalysedTurn, ...]
    example: LearningExample


def conversations(folder: Path) -> list[Conversation]:
    """The conversations of a set folder (``gold.jsonl`` and ``transcripts/``)."""
    found: list[Conversation] = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        transcript = read_transcript(folder / "transcripts" / gold["source"])
        label = {
            "kanaal": gold.get("kanaal", ""),
            "vragen": [
                {"upl": v["upl"], "gespreksresultaat": v.get("gespreksresultaat", "")}
                for v in gold["vragen"]
            ],
            "interneTaak": bool(gold.get("interneTaak")),
        }
        text = conversation_text((t.speaker, t.text) for t in transcript.turns)
        # As a training run keeps it on the example: the vector of the redacted conversation.
        vector = example_vector(text)
        example = LearningExample(REGISTRATION, text, label, capability="import", vector=vector)
        found.append(
            Conversation(
                gold["source"], gold["vragen"][0]["upl"], analyse_turns(transcript.turns), example
            )
        )
    return found


def accuracy(items: Sequence[Conversation], folder: Path | None) -> float:
    """Share of ``items`` whose main question gets the gold UPL product under ``folder``."""
    if not items:
        return 0.0
    with ACTIVE.using(topics.LEARNER, folder):
        right = sum(1 for c in items if topics.detect_questions(c.turns)[0].upl == c.upl)
    return round(right / len(items), 4)


def _train(learner: TopicLearner, items: Sequence[Conversation], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    learner.train(learner.examples_of([c.example for c in items]), folder)
    return folder


def _own_figures(
    learner: TopicLearner, confirmed: Sequence[Conversation], active: Path | None, probe: Path
) -> tuple[float | None, float | None]:
    """The gate's own-work figures: the active version and a probe that learned from the older
    confirmations, on the newest ones (as :func:`reisgenoot.learning.training.newest_held_out`)."""
    learned, held = newest_held_out(list(confirmed))
    if not held:
        return None, None
    return accuracy(held, active), accuracy(held, _train(learner, learned, probe))


def import_check(own: Path, dev: Path, work: Path, test: Path | None = None) -> dict[str, Any]:
    """Learn from every conversation of ``own``; UPL accuracy before and after on ``own``
    (learned from) and on blind dev and blind test (``test``: None leaves it out; not learned
    from)."""
    learner = TopicLearner()
    learned, unseen = conversations(own), conversations(dev)
    started = time.perf_counter()
    folder = _train(learner, learned, work / "import")
    seconds = round(time.perf_counter() - started, 1)
    result: dict[str, Any] = {
        "geleerd_van": len(learned),
        "trainen_s": seconds,
        "eigen_set": {"voor": accuracy(learned, None), "na": accuracy(learned, folder)},
        "blind_dev": {"voor": accuracy(unseen, None), "na": accuracy(unseen, folder)},
        "blind_test": None,
    }
    if test is not None:
        frozen = conversations(test)
        result["blind_test"] = {"voor": accuracy(frozen, None), "na": accuracy(frozen, folder)}
    return result


def weights(products: Sequence[str], seed: int) -> dict[str, float]:
    """A realistic share per product: the first ``FREQUENT`` of a seeded shuffle share
    ``FREQUENT_SHARE`` by a Zipf curve (1/rank), the rest share what is left evenly."""
    ranked = sorted(set(products))
    random.Random(seed).shuffle(ranked)
    head, tail = ranked[:FREQUENT], ranked[FREQUENT:]
    zipf = [1.0 / (rank + 1) for rank in range(len(head))]
    shares = {p: FREQUENT_SHARE * z / sum(zipf) for p, z in zip(head, zipf, strict=True)}
    shares.update({p: (1 - FREQUENT_SHARE) / len(tail) for p in tail} if tail else {})
    return shares


def draw(pool: Sequence[Conversation], count: int, seed: int) -> list[Conversation]:
    """``count`` contacts drawn from ``pool``: a product by its share, then one of its
    conversations at random."""
    by_product: dict[str, list[Conversation]] = {}
    for item in pool:
        by_product.setdefault(item.upl, []).append(item)
    shares = weights(list(by_product), seed)
    products = list(shares)
    rng = random.Random(seed + 1)
    chosen = rng.choices(products, weights=[shares[p] for p in products], k=count)
    return [rng.choice(by_product[p]) for p in chosen]


def stream(
    training: Path,
    dev: Path,
    work: Path,
    *,
    checkpoints: Sequence[int] = CHECKPOINTS,
    seed: int = 2026,
    anchors: int = ANCHORS,
    progress: Callable[[str], None] | None = None,
    test: Path | None = None,
) -> dict[str, Any]:
    """Replay a stream of contacts and measure UPL accuracy after each number of confirmations."""
    say = progress or (lambda _text: None)
    dev_items = conversations(dev)
    random.Random(seed).shuffle(dev_items)
    cut = int(len(dev_items) * DEV_SHARE)
    pool = conversations(training) + dev_items[:cut]
    held_out = dev_items[cut:]
    frozen = conversations(test) if test is not None else None
    contacts = draw(pool, max(checkpoints) + WINDOW, seed)
    top = Counter(c.upl for c in contacts).most_common(FREQUENT)
    learner = TopicLearner(anchors=anchors)
    rows: list[dict[str, Any]] = []
    active: Path | None = None  # the version an installation runs (the gate's choice)
    active_dev = packaged_dev = accuracy(held_out, None)
    for confirmed in checkpoints:
        folder: Path | None = None
        seconds = 0.0
        if confirmed:
            say(f"leren van {confirmed} bevestigingen")
            started = time.perf_counter()
            folder = _train(learner, contacts[:confirmed], work / f"stream-{confirmed:05d}")
            seconds = round(time.perf_counter() - started, 1)
        window = contacts[confirmed : confirmed + WINDOW]
        seen = {c.source for c in contacts[:confirmed]}
        dev_figure = accuracy(held_out, folder)
        # The gate of an installation (learning.training.accept), with blind dev the half that
        # never enters the stream and the own work the newest confirmations a probe did not learn.
        own = _own_figures(learner, contacts[:confirmed], active, work / f"probe-{confirmed:05d}")
        evidence = Evidence(active_dev, dev_figure, packaged_dev, *own)
        accepted = folder is None or accept(evidence)
        if accepted:
            active, active_dev = folder, dev_figure
        row: dict[str, Any] = {
            "bevestigd": confirmed,
            "stroom": accuracy(window, folder),
            "stroom_nieuw": accuracy([c for c in window if c.source not in seen], folder),
            "nieuw_in_venster": sum(1 for c in window if c.source not in seen),
            "blind_dev": dev_figure,
            "blind_test": accuracy(frozen, folder) if frozen is not None else None,
            "trainen_s": seconds,
            "eigen_werk": {"actief": own[0], "proef": own[1]},
            "geactiveerd": accepted,
        }
        row["actief"] = {
            "stroom": row["stroom"] if accepted else accuracy(window, active),
            "blind_dev": active_dev,
            "blind_test": row["blind_test"]
            if accepted or frozen is None
            else accuracy(frozen, active),
        }
        rows.append(row)
    return {
        "pool": len(pool),
        "producten": len({c.upl for c in pool}),
        "aandeel_top30": round(sum(n for _p, n in top) / len(contacts), 3),
        "venster": WINDOW,
        "blind_dev_buiten_stroom": len(held_out),
        "metingen": rows,
    }


def run(
    root: Path,
    *,
    progress: Callable[[str], None] | None = None,
    checkpoints: Sequence[int] = CHECKPOINTS,
    blind_test: bool = True,
    speed: bool = True,
) -> dict[str, Any]:
    """Both measurements on the repository's sets (``root``: the repository), and the
    training time and responsiveness (:mod:`reisgenoot.bench.learning_speed`) unless
    ``speed`` is off. The blind test column only with ``blind_test`` (once, at the end)."""
    from reisgenoot.assist import embedding

    # Every conversation is measured again at each checkpoint: keep all their turns' vectors
    # (the run-time cache holds a few thousand; the sets have more).
    embedding.CACHE_SIZE = max(embedding.CACHE_SIZE, 100_000)
    blind = root / "evaluation" / "blind" / "transcripts"
    dev = blind / "dev"
    test = blind / "test" if blind_test else None
    say = progress or (lambda _text: None)
    with tempfile.TemporaryDirectory(prefix="reisgenoot-learning-") as work:
        say("import: leren van de eigen set")
        check = import_check(root / "evaluation" / "assist", dev, Path(work), test)
        result = stream(
            root / "training-data" / "transcripts",
            dev,
            Path(work),
            checkpoints=checkpoints,
            progress=progress,
            test=test,
        )
    report: dict[str, Any] = {"import": check, "stroom": result, "snelheid": None, "web": None}
    if speed:
        from reisgenoot.bench import learning_speed

        say("snelheid: trainen op 10.000 voorbeelden, één kern")
        report["snelheid"] = learning_speed.training_time(root)
        say("web-app tijdens het trainen")
        report["web"] = learning_speed.responsiveness(root)
    return report


def _pair(figures: dict[str, float] | None) -> str:
    if figures is None:
        return "—"
    return f"{figures['voor']:.3f} → {figures['na']:.3f}"


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def report_lines(report: dict[str, Any]) -> list[str]:
    """The measurements as a readable table (Dutch labels)."""
    from reisgenoot.bench.learning_speed import report_lines as speed_lines

    check, flow = report["import"], report["stroom"]
    lines = [
        f"Import: geleerd van {check['geleerd_van']} gesprekken ({check['trainen_s']} s)",
        "UPL hoofdvraag, voor → na:  eigen set (geleerd)   blind dev   blind test",
        f"                            {_pair(check['eigen_set'])}       "
        f"{_pair(check['blind_dev'])}   {_pair(check.get('blind_test'))}",
        "",
        f"Stroom: {flow['pool']} gesprekken over {flow['producten']} producten, "
        f"top 30 = {flow['aandeel_top30']:.0%} van de contacten; "
        f"stroom gemeten op de volgende {flow['venster']} contacten, "
        f"blind dev op {flow['blind_dev_buiten_stroom']} gesprekken buiten de stroom",
        "bevestigd   UPL stroom   nieuwe gesprekken (n)   blind dev   blind test   trainen"
        "   eigen werk: actief → proef   poort   actief: stroom / blind dev / blind test",
    ]
    for row in flow["metingen"]:
        active = row.get("actief") or {}
        own = row.get("eigen_werk") or {}
        lines.append(
            f"{row['bevestigd']:>9}   {row['stroom']:>10.3f}   "
            f"{row['stroom_nieuw']:>11.3f} ({row['nieuw_in_venster']:>3})      "
            f"{row['blind_dev']:>9.3f}   {_cell(row.get('blind_test')):>10}   "
            f"{row['trainen_s']:>5.1f} s   "
            f"{_cell(own.get('actief')):>12} → {_cell(own.get('proef')):<5}     "
            f"{'ja ' if row.get('geactiveerd') else 'nee'}     "
            f"{_cell(active.get('stroom'))} / {_cell(active.get('blind_dev'))} / "
            f"{_cell(active.get('blind_test'))}"
        )
    extra = speed_lines(report.get("snelheid"), report.get("web"))
    return [*lines, *([""] if extra else []), *extra]
