"""The kinds of signal, one :class:`~reisgenoot.signals.detection.Detector` each, and
:data:`DETECTORS`: the registry that ``compute_signals`` runs, in this order.

| detector | ``Signal.kind`` | what |
| --- | --- | --- |
| :class:`VolumeGrowth` | ``volume`` | growth per topic, topic × kanaal and kanaal (CUSUM) |
| :class:`ToneShift` | ``toon`` | more boos + bezorgd residents on a topic than its own baseline |
| :class:`HandOffs` | ``kennisbank`` | a topic handed off far more than the other topics |
| :class:`RepeatContacts` | ``herhaalcontact`` | residents back within 7 days on the same topic |
| :class:`EmergingTopics` | ``nieuw_onderwerp`` | recent questions unlike anything asked before |
| :class:`ChatRatings` | ``kennisbank`` | chat answers on a topic rated "niet nuttig" far more often |

The statistics behind them are pure functions in :mod:`reisgenoot.signals.detectors` (shared
with the simulation harness); the explanations are in :mod:`reisgenoot.signals.wording`.

To add a kind: write a class with a ``name`` and ``detect(context) -> list[Signal]``, check
every figure with ``context.suppression`` (k ≥ 5), and add an instance to :data:`DETECTORS`.
The dashboard shows ``KIND_LABELS`` of :mod:`reisgenoot.signals.report` (else the kind itself).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np

from reisgenoot.language.pii import redact
from reisgenoot.signals import aggregate as agg
from reisgenoot.signals.aggregate import ExampleQuery
from reisgenoot.signals.baseline import log_offset
from reisgenoot.signals.detection import (
    VOLUME_FLOOR,
    Context,
    Detector,
    FloatArray,
    Signal,
    group_small,
    members_of,
)
from reisgenoot.signals.detectors import (
    EMERGING_BASELINE_DAYS,
    H_KANAAL,
    H_VOLUME,
    best_alarm,
    emerging_clusters,
    lead_expectation,
    share_shift,
)
from reisgenoot.signals.kanon import K
from reisgenoot.signals.wording import emerging_text, share_text, volume_text

MIN_HISTORY_DAYS = 28  # days before the data began are skipped, down to this many
ALL_TOPICS = "alle onderwerpen"
MIN_HANDOFF_BASE = 20
MIN_RATED = 10  # ratings of chat answers on a topic in the window before it is judged
CHAT_KANAAL = "Chat op de website"  # the self-service chat (kanaal of its rating signals)


# --- volume ----------------------------------------------------------------------------------


class VolumeGrowth:
    """More contacts than the baseline expects: per topic (all channels); per topic × kanaal
    when the topic as a whole does not alarm; and per kanaal over all topics."""

    name = "volume"

    def detect(self, context: Context) -> list[Signal]:
        cells = context.cells
        names, grouped = group_small(cells, cells.contacts)
        members = members_of(cells)
        all_topics = grouped.sum(axis=1)  # days × kanalen
        found: list[Signal] = []
        for t, topic in enumerate(names):
            topic_total = grouped[:, t, :].sum(axis=1)
            exposure = all_topics.sum(axis=1) - topic_total
            signal = self.series(
                context, topic_total, exposure if len(names) > 1 else None, (topic, None)
            )
            if signal is not None:
                found.append(replace(signal, query=ExampleQuery(topics=members[t])))
                continue
            for k, kanaal in enumerate(cells.kanalen):
                series = grouped[:, t, k]
                if series.mean() < VOLUME_FLOOR:
                    continue
                rest = all_topics[:, k] - series if len(names) > 1 else None
                signal = self.series(context, series, rest, (topic, kanaal))
                if signal is not None:
                    query = ExampleQuery(topics=members[t], kanaal=kanaal)
                    found.append(replace(signal, query=query))
        everything = all_topics.sum(axis=1)
        for k, kanaal in enumerate(cells.kanalen):
            # The other channels carry the shared day effect: a busy day for everyone is no
            # signal for one channel.
            rest = everything - all_topics[:, k] if len(cells.kanalen) > 1 else None
            signal = self.series(context, all_topics[:, k], rest, (ALL_TOPICS, kanaal))
            if signal is not None:
                found.append(replace(signal, query=ExampleQuery(kanaal=kanaal)))
        return found

    @staticmethod
    def series(
        context: Context,
        series: FloatArray,
        exposure: FloatArray | None,
        label: tuple[str, str | None],
    ) -> Signal | None:
        """Run the volume detector on one daily series; a signal when it alarms."""
        p = context.period
        n_hist = p.history_days
        if not context.suppression.check_change(
            "volume", int(series[:n_hist].sum()), int(series[n_hist:].sum())
        ):
            return None
        skip = min(context.first_data, max(n_hist - MIN_HISTORY_DAYS, 0))
        days = context.cells.days[skip:]
        offset = None if exposure is None else log_offset(exposure[skip:])
        forecast = lead_expectation(series[skip:], days, n_hist - skip, offset)
        h = H_VOLUME if label[1] is None else H_KANAAL
        alarm = best_alarm(series[n_hist - forecast.lead :], forecast, h)
        if alarm is None:
            return None
        n_hist -= skip
        window = (days[n_hist + alarm.start], days[n_hist + alarm.end])
        topic, kanaal = label
        return Signal(
            "volume",
            topic,
            kanaal,
            window,
            alarm.expected,
            alarm.observed,
            alarm.score,
            volume_text(topic, kanaal, window, alarm, h),
        )


# --- shares ----------------------------------------------------------------------------------


def share_signal(
    context: Context,
    kind: str,
    topic: str,
    counts: tuple[int, int, int, int],
    query: ExampleQuery,
    kanaal: str | None = None,
) -> list[Signal]:
    """A signal when the share ``x/n`` rose clearly above the reference ``x0/n0``."""
    x, n, x0, n0 = counts
    shift = share_shift(x, n, x0, n0, kind)
    if shift is None:
        return []
    window = context.period.window
    return [
        Signal(
            kind,
            topic,
            kanaal,
            window,
            shift.reference,
            shift.share,
            shift.score,
            share_text(kind, topic, window, counts, kanaal),
            query=query,
        )
    ]


class ToneShift:
    """The share of boos + bezorgd residents per topic against the topic's own baseline."""

    name = "toon"

    def detect(self, context: Context) -> list[Signal]:
        cells = context.cells
        names, negative = group_small(cells, cells.negative)
        _, toned = group_small(cells, cells.toned)
        members = members_of(cells)
        n_hist = context.period.history_days
        found: list[Signal] = []
        for t, topic in enumerate(names):
            x0, x = int(negative[:n_hist, t].sum()), int(negative[n_hist:, t].sum())
            n0, n = int(toned[:n_hist, t].sum()), int(toned[n_hist:, t].sum())
            if not context.suppression.check_change("toon", n0, n):
                continue
            query = ExampleQuery(topics=members[t], negative_tone=True)
            found += share_signal(context, "toon", topic, (x, n, x0, n0), query)
        return found


class HandOffs:
    """Kennisbank gaps: topics whose questions are handed off far more than the rest."""

    name = "kennisbank_overdracht"

    def detect(self, context: Context) -> list[Signal]:
        cells = context.cells
        names, handoffs = group_small(cells, cells.handoffs)
        _, contacts = group_small(cells, cells.contacts)
        members = members_of(cells)
        n_hist = context.period.history_days
        per_topic_x = handoffs[n_hist:].sum(axis=(0, 2)).astype(np.int64)
        per_topic_n = contacts[n_hist:].sum(axis=(0, 2)).astype(np.int64)
        total_x, total_n = int(per_topic_x.sum()), int(per_topic_n.sum())
        found: list[Signal] = []
        for t, topic in enumerate(names):
            x, n = int(per_topic_x[t]), int(per_topic_n[t])
            if n < MIN_HANDOFF_BASE:
                context.suppression.check("kennisbank", n)
                continue
            counts = (x, n, total_x - x, total_n - n)
            if context.suppression.check_change("kennisbank", counts[3], n):
                query = ExampleQuery(topics=members[t], handoff=True)
                found += share_signal(context, "kennisbank", topic, counts, query)
        return found


class RepeatContacts:
    """Residents (a betrokkene with a name) back within 7 days on the same topic, against the
    topic's own earlier repeat share; ≥ K distinct residents on both sides."""

    name = "herhaalcontact"

    def detect(self, context: Context) -> list[Signal]:
        p = context.period
        cells = agg.repeat_cells(
            context.session, p.history_start, p.window_start, p.until, context.team_id
        )
        empty = agg.RepeatCell(0, 0, 0, 0)
        found: list[Signal] = []
        for topic in sorted({t for t, _ in cells}):
            before, now = cells.get((topic, 0), empty), cells.get((topic, 1), empty)
            if now.repeats == 0 and now.contacts == 0:
                continue
            if not context.suppression.check_change(
                "herhaalcontact", before.contacts, now.contacts, before.people, now.people
            ):
                continue
            if now.repeat_people < K:
                continue
            counts = (now.repeats, now.contacts, before.repeats, before.contacts)
            query = ExampleQuery(topics=[topic])
            found += share_signal(context, "herhaalcontact", topic, counts, query)
        return found


class ChatRatings:
    """Kennisbank gaps seen by residents: topics whose answers in the self-service chat were
    rated "niet nuttig" far more often than the other topics' answers.

    Only for the whole municipality: the chat is no team's work. Ratings are anonymous; a
    topic needs ≥ :data:`MIN_RATED` ratings from ≥ K chats, and the other topics ≥ K.
    """

    name = "kennisbank_chat"

    def detect(self, context: Context) -> list[Signal]:
        if context.team_id is not None:
            return []
        p = context.period
        cells = agg.rating_cells(context.session, p.window_start, p.until)
        total_n = sum(c.rated for c in cells)
        total_x = sum(c.not_helpful for c in cells)
        found: list[Signal] = []
        for cell in cells:
            if not context.suppression.check("kennisbank", cell.rated, cell.chats):
                continue
            if cell.rated < MIN_RATED:
                continue
            counts = (
                cell.not_helpful,
                cell.rated,
                total_x - cell.not_helpful,
                total_n - cell.rated,
            )
            if context.suppression.check_change("kennisbank", counts[3], cell.rated):
                query = ExampleQuery(topics=[cell.topic], unhelpful_chat=True)
                found += share_signal(context, "kennisbank", cell.topic, counts, query, CHAT_KANAAL)
        return found


# --- new topics ------------------------------------------------------------------------------


class EmergingTopics:
    """Recent specific questions unlike anything asked in the 4 weeks before and far from
    their own UPL topic, grouped and labelled with key terms."""

    name = "nieuw_onderwerp"

    def detect(self, context: Context) -> list[Signal]:
        p, session, team_id = context.period, context.session, context.team_id
        recent = agg.question_texts(session, p.window_start, p.until, team_id)
        first = max(p.history_start, p.window_start - timedelta(days=EMERGING_BASELINE_DAYS))
        before_days = (p.window_start - first).days
        before = agg.question_texts(session, first, p.window_start - timedelta(days=1), team_id)
        found: list[Signal] = []
        for cluster in emerging_clusters(recent, before, p.window_days, before_days):
            label = redact(", ".join(cluster.label)).text
            expected = cluster.before / max(before_days, 1) * p.window_days
            found.append(
                Signal(
                    "nieuw_onderwerp",
                    f"nieuw: {label}",
                    None,
                    p.window,
                    expected,
                    float(cluster.recent),
                    cluster.recent / max(expected, 0.5),
                    emerging_text(label, cluster.recent, p.window, before_days, cluster.before),
                    query=ExampleQuery(questions=cluster.questions[:50]),
                )
            )
        return found


# --- the registry ----------------------------------------------------------------------------

DETECTORS: tuple[Detector, ...] = (
    VolumeGrowth(),
    ToneShift(),
    HandOffs(),
    RepeatContacts(),
    EmergingTopics(),
    ChatRatings(),
)
"""Every kind of signal ``compute_signals`` looks for, in the order it runs them."""
