"""The synthetic contact history: reproducible, realistic patterns, the injected surge."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from reisgenoot.contacts.models import GESPREKSRESULTATEN, KANALEN, TONES
from reisgenoot.demo.history import (
    AMSTERDAM,
    CHANNELS,
    DEFAULT_END,
    SURGE,
    TASK_OUTCOMES,
    TOPICS,
    HistoryConfig,
    SyntheticContact,
    describe,
    expected_counts,
    generate_history,
    plan_counts,
)
from reisgenoot.demo.seed import article_ids_by_upl, load_kennisbank
from reisgenoot.language.calendar import dutch_public_holidays
from reisgenoot.language.pii import redact

UPL_CSV = Path(__file__).resolve().parents[2] / "vendor" / "upl" / "UPL-actueel.csv"
OFFICE = ("Telefoon", "Balie")


@pytest.fixture(scope="module")
def history() -> list[SyntheticContact]:
    return generate_history()


def _local_day(contact: SyntheticContact) -> date:
    return contact.plaatsgevonden_op.astimezone(AMSTERDAM).date()


def test_default_history_is_large_enough_and_inside_its_range(
    history: list[SyntheticContact],
) -> None:
    config = HistoryConfig()
    assert config.days >= 90
    assert config.end == DEFAULT_END == date(2026, 11, 27)
    assert len(history) >= 20_000
    days = {_local_day(c) for c in history}
    assert min(days) == config.start == date(2026, 8, 30)
    assert max(days) == config.end
    assert history == sorted(history, key=lambda c: (c.plaatsgevonden_op, c.uuid))


# SHA-256 over every field of every contact of the default history (seed 2026, 90 days to
# 2026-11-27), recorded before the tables moved from history.py into demo/data/history/.
DEFAULT_FINGERPRINT = "359873a01970c6318d6ce5c0c052be34df424e1529b6f417a4c66b2afa14af51"


def _fingerprint(contacts: list[SyntheticContact]) -> str:
    digest = hashlib.sha256()
    for c in contacts:
        task, person = c.task, c.betrokkene
        record = [
            c.uuid,
            c.kanaal,
            c.plaatsgevonden_op.isoformat(),
            c.registered_at.isoformat(),
            [[v.upl, v.specifieke_vraag, v.gespreksresultaat, v.bronnen] for v in c.vragen],
            c.tone,
            c.complex,
            c.taal,
            c.vertrouwelijk,
            c.team,
            c.employee,
            None
            if task is None
            else [
                task.uuid,
                task.gevraagde_handeling,
                task.toelichting,
                task.department,
                task.toegewezen_op.isoformat(),
                None if task.afgehandeld_op is None else task.afgehandeld_op.isoformat(),
                task.status,
            ],
            None
            if person is None
            else [
                person.uuid,
                person.voorletters,
                person.voornaam,
                person.voorvoegsel_achternaam,
                person.achternaam,
            ],
            c.indicatie_contact_gelukt,
            c.onderwerp,
            c.inhoud,
            c.reactie,
        ]
        digest.update(json.dumps(record, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def test_default_history_is_exactly_the_recorded_one(history: list[SyntheticContact]) -> None:
    """The same seed gives the same history, byte for byte, whoever edits the code around it.

    A different fingerprint means the data files in ``demo/data/history/``, the order of the
    random draws or numpy's generators changed. Only update it on purpose, together with the
    figures in docs/demo.md and docs/signals.md.
    """
    assert len(history) == 23_921
    assert _fingerprint(history) == DEFAULT_FINGERPRINT


def test_same_seed_gives_the_same_history_and_another_seed_does_not() -> None:
    config = HistoryConfig(days=10)
    first, second = generate_history(config), generate_history(config)
    assert [(c.uuid, c.plaatsgevonden_op, c.inhoud, c.employee) for c in first] == [
        (c.uuid, c.plaatsgevonden_op, c.inhoud, c.employee) for c in second
    ]
    other = generate_history(HistoryConfig(days=10, seed=7))
    assert [c.uuid for c in other] != [c.uuid for c in first]
    assert plan_counts(config).total == len(first)


def test_weekday_pattern_monday_highest_friday_lower_weekend_very_low(
    history: list[SyntheticContact],
) -> None:
    per_weekday = Counter(_local_day(c).weekday() for c in history)
    monday, tuesday, wednesday, thursday, friday, saturday, sunday = (
        per_weekday[i] for i in range(7)
    )
    assert monday > max(tuesday, wednesday, thursday) > friday
    assert friday > 5 * max(saturday, sunday)
    weekend_channels = {c.kanaal for c in history if _local_day(c).weekday() >= 5}
    assert weekend_channels <= {"E-mail", "Live chat", "Contactformulier", "WhatsApp"}


def test_office_channels_keep_office_hours_with_a_morning_peak(
    history: list[SyntheticContact],
) -> None:
    phone_hours: Counter[int] = Counter()
    for contact in history:
        if contact.kanaal not in OFFICE:
            continue
        local = contact.plaatsgevonden_op.astimezone(AMSTERDAM)
        minutes = local.hour * 60 + local.minute
        closing = 20 * 60 if contact.kanaal == "Balie" and local.weekday() == 3 else 17 * 60
        assert 8 * 60 + 30 <= minutes < closing, contact
        if contact.kanaal == "Telefoon":
            phone_hours[local.hour] += 1
    assert phone_hours[10] > phone_hours[14] > phone_hours[16]
    evening_desk = [
        c
        for c in history
        if c.kanaal == "Balie" and c.plaatsgevonden_op.astimezone(AMSTERDAM).hour >= 17
    ]
    assert evening_desk
    assert all(_local_day(c).weekday() == 3 for c in evening_desk)


def test_channel_mix_follows_kiss_with_telephone_most(history: list[SyntheticContact]) -> None:
    channels = Counter(c.kanaal for c in history)
    assert set(channels) == set(CHANNELS) <= set(KANALEN)
    ranked = [name for name, _n in channels.most_common()]
    assert ranked[0] == "Telefoon"
    assert ranked[-1] == "WhatsApp"
    assert channels["Telefoon"] > 0.4 * len(history)


def test_public_holidays_are_closed() -> None:
    holidays = dutch_public_holidays(2026)
    assert holidays[date(2026, 4, 5)] == "Eerste paasdag"
    assert holidays[date(2026, 4, 27)] == "Koningsdag"
    assert holidays[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert holidays[date(2026, 5, 25)] == "Tweede pinksterdag"
    assert holidays[date(2026, 12, 25)] == "Eerste kerstdag"
    assert date(2025, 5, 5) in dutch_public_holidays(2025)
    assert date(2026, 5, 5) not in holidays
    spring = generate_history(HistoryConfig(days=70, end=date(2026, 5, 31), surge=None))
    closed = {d for d in holidays if date(2026, 3, 23) <= d <= date(2026, 5, 31)}
    assert len(closed) == 6
    on_holidays = [c for c in spring if _local_day(c) in closed]
    assert on_holidays, "written channels still come in on holidays"
    assert not [c for c in on_holidays if c.kanaal in OFFICE]


def test_topics_are_exact_municipal_upl_names_with_a_skewed_popularity(
    history: list[SyntheticContact],
) -> None:
    names = [t.upl for t in TOPICS]
    assert len(names) == len(set(names))
    with UPL_CSV.open(encoding="utf-8") as handle:
        municipal = {
            row["UniformeProductnaam"] for row in csv.DictReader(handle) if row["Gemeente"]
        }
    assert set(names) <= municipal
    popularity = Counter(c.vragen[0].upl for c in history).most_common()
    assert popularity[0][0] == "paspoort"
    assert popularity[0][1] > 20 * popularity[-1][1]
    assert {v.upl for c in history for v in c.vragen} <= set(names)


def test_kennisbank_topics_are_covered_and_consulted() -> None:
    by_upl = article_ids_by_upl(load_kennisbank())
    assert by_upl
    missing = sorted(set(by_upl) - {t.upl for t in TOPICS})
    assert not missing, f"give these kennisbank topics a weight in TOPICS: {missing}"
    config = HistoryConfig(days=7).with_articles(by_upl)
    contacts = generate_history(config)
    consulted = [s for c in contacts for v in c.vragen for s in v.bronnen]
    assert consulted
    without = generate_history(HistoryConfig(days=7))
    assert [(c.uuid, c.onderwerp) for c in without] == [(c.uuid, c.onderwerp) for c in contacts]
    assert set(consulted) <= {i for ids in by_upl.values() for i in ids}


def test_fields_keep_the_klantinteracties_and_kiss_limits(
    history: list[SyntheticContact],
) -> None:
    for contact in history:
        assert 1 <= len(contact.vragen) <= 2
        assert len(contact.onderwerp) <= 200
        assert contact.onderwerp.startswith(f"{contact.vragen[0].upl} (")
        assert 0 < len(contact.inhoud) <= 1000
        assert contact.tone in TONES
        assert contact.taal in ("nld", "eng")
        for vraag in contact.vragen:
            assert vraag.gespreksresultaat in GESPREKSRESULTATEN
            assert 0 < len(vraag.specifieke_vraag) <= 180
        assert contact.indicatie_contact_gelukt == (
            contact.vragen[0].gespreksresultaat != "Verbinding verbroken"
        )
    outcomes = Counter(c.vragen[0].gespreksresultaat for c in history)
    # "Contactverzoek gemaakt" (issue 15) has weight 0 in the demo, so the history stays the same.
    assert set(outcomes) == set(GESPREKSRESULTATEN) - {"Contactverzoek gemaakt"}
    assert outcomes.most_common(1)[0][0] == "Zelfstandig afgehandeld"
    assert 0.005 < sum(c.taal == "eng" for c in history) / len(history) < 0.1
    assert 0.1 < sum(len(c.vragen) == 2 for c in history) / len(history) < 0.3


def test_contactverzoeken_only_where_the_municipality_owes_work(
    history: list[SyntheticContact],
) -> None:
    tasks = [c for c in history if c.task is not None]
    assert len(tasks) > 500
    for contact in tasks:
        assert contact.task is not None
        assert contact.vragen[0].gespreksresultaat in TASK_OUTCOMES
        assert contact.betrokkene is not None
        assert contact.task.status in ("te_verwerken", "verwerkt")
    assert any(c.task and c.task.gevraagde_handeling == "Terugbelverzoek" for c in tasks)
    assert all(c.betrokkene is None for c in history if c.task is None)


def test_no_personal_data_in_the_texts(history: list[SyntheticContact]) -> None:
    texts = sorted({c.inhoud for c in history} | {c.task.toelichting for c in history if c.task})
    found = {text: redact(text).entities for text in texts[:3000]}
    assert not {t: e for t, e in found.items() if e}


def test_surge_parameters_and_effect(history: list[SyntheticContact]) -> None:
    config = HistoryConfig()
    assert describe(config)["surge"] == {
        "topic": "huishoudelijk afvalinzameling",
        "start": "2026-11-09",
        "peak_factor": 2.5,
        "decay_days": 10,
        "tone": {"boos": 0.25, "bezorgd": 0.35, "neutraal": 0.37, "positief": 0.03},
    }
    start = SURGE.start(config.end)
    assert start.weekday() == 0
    assert SURGE.factor(start, config.end) == 2.5
    assert SURGE.factor(start - timedelta(days=1), config.end) == 1.0
    assert SURGE.factor(start + timedelta(days=10), config.end) == 1.0
    expected = expected_counts(config)
    index = next(i for i, t in enumerate(config.topics) if t.upl == SURGE.topic)
    day = (start - config.start).days
    ratio = expected[day, :, index].sum() / expected[day - 7, :, index].sum()
    assert ratio == pytest.approx(2.5)

    def window(first: date, days: int) -> list[SyntheticContact]:
        last = first + timedelta(days=days)
        return [
            c for c in history if c.vragen[0].upl == SURGE.topic and first <= _local_day(c) < last
        ]

    week_before, during = window(start - timedelta(days=7), 5), window(start, 5)
    assert len(during) > 1.6 * len(week_before)
    before = window(start - timedelta(days=28), 28)

    def upset(contacts: list[SyntheticContact]) -> float:
        return sum(c.tone in ("boos", "bezorgd") for c in contacts) / len(contacts)

    assert upset(during) > upset(before) + 0.2
