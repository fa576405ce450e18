"""Detectors on small synthetic database histories (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import cast

import numpy as np
import pytest
from sqlalchemy import Table, insert

from reisgenoot.contacts.models import Betrokkene, Klantcontact, Vraag
from reisgenoot.language.calendar import dutch_public_holidays
from reisgenoot.signals import aggregate as agg
from reisgenoot.signals.baseline import after_holiday, day_type
from reisgenoot.signals.kanon import Suppression, change_shown, shown
from reisgenoot.signals.service import compute_signals
from reisgenoot.store.engine import Database
from tests.signals.history import TOPICS, fill, plain, world

END = date(2026, 11, 27)  # a Friday


def kinds(report: object, kind: str) -> list[str]:
    return [s.topic for s in report.signals if s.kind == kind]  # type: ignore[attr-defined]


def test_local_day_bucketing_in_sql(db: Database) -> None:
    moments = [
        datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # winter: 00:30 on 29 March
        datetime(2026, 7, 1, 21, 30, tzinfo=UTC),  # summer: 23:30 on 1 July
        datetime(2026, 7, 1, 22, 30, tzinfo=UTC),  # summer: 00:30 on 2 July
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # before the switch: 02:30 CEST on 25 Oct
        datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # 00:30 on New Year's Day
    ]
    rows = [
        {
            "id": i + 1,
            "uuid": f"u{i}",
            "kanaal": "Telefoon",
            "onderwerp": "x",
            "plaatsgevonden_op": m,
            "status": "bevestigd",
            "tone": "neutraal",
        }
        for i, m in enumerate(moments)
    ]
    vragen = [
        {
            "klantcontact_id": i + 1,
            "upl": "paspoort",
            "gespreksresultaat": "Zelfstandig afgehandeld",
        }
        for i in range(5)
    ]
    with db.engine.begin() as connection:
        connection.execute(insert(cast(Table, Klantcontact.__table__)), rows)
        connection.execute(insert(cast(Table, Vraag.__table__)), vragen)
    with db.session() as session:
        cells = agg.daily_cells(session, date(2026, 3, 1), date(2027, 1, 2))
    got = {d for d, n in zip(cells.days, cells.contacts.sum(axis=(1, 2)), strict=True) if n}
    assert got == {
        date(2026, 3, 29),
        date(2026, 7, 1),
        date(2026, 7, 2),
        date(2026, 10, 25),
        date(2027, 1, 1),
    }


def test_empty_database_gives_no_signals(db: Database) -> None:
    with db.session() as session:
        report = compute_signals(session)
    assert report.signals == [] and report.suppressed == 0


def test_injected_surge_and_tone_shift_are_found(db: Database) -> None:
    w = world(END)
    injected = plain(w)
    injected.volume[-2:, 0] = 1.8  # +80 % on the last two days for paspoort
    injected.tone[-7:, 1] = 0.45  # afval: boos/bezorgd from 20 % to 45 %
    fill(db, w, injected)
    with db.session() as session:
        report = compute_signals(session)
    assert TOPICS[0] in kinds(report, "volume")
    assert kinds(report, "toon") == [TOPICS[1]]
    surge = next(s for s in report.signals if s.kind == "volume" and s.topic == TOPICS[0])
    assert surge.window[1] == END and surge.observed > surge.baseline
    assert "Normaal" in surge.explanation and surge.examples


def test_flat_history_gives_no_alarm(db: Database) -> None:
    fill(db, world(END), plain(world(END)), seed=11)
    with db.session() as session:
        report = compute_signals(session)
    assert [s for s in report.signals if s.kind in ("volume", "toon")] == []


@pytest.mark.parametrize("until", [date(2025, 12, 29), date(2026, 4, 7), date(2026, 11, 30)])
def test_weekends_holidays_and_mondays_are_not_surges(db: Database, until: date) -> None:
    """Windows ending on a Monday peak, after Christmas and Easter Monday catch-up days."""
    w = world(until, days=120)
    fill(
        db, w, plain(w), seed=2
    )  # a fixed history; the false-alarm rate is measured by the harness
    with db.session() as session:
        report = compute_signals(session, until=until)
    assert [s for s in report.signals if s.kind == "volume"] == []


def test_calendar() -> None:
    assert date(2026, 4, 27) in dutch_public_holidays(2026)
    assert day_type(date(2025, 12, 25)) == 6 and day_type(date(2025, 12, 29)) == 0
    assert after_holiday(date(2026, 4, 7))  # Tuesday after Tweede paasdag
    assert not after_holiday(date(2026, 11, 30))  # an ordinary Monday


def test_small_cells_are_suppressed_and_counted(db: Database) -> None:
    w = world(END, volumes=(80, 70, 0.02))  # the third topic has a handful of contacts
    fill(db, w, plain(w), seed=5)
    with db.session() as session:
        report = compute_signals(session)
    assert report.suppressed >= 1
    assert all(s.topic != TOPICS[2] for s in report.signals)
    assert shown(5) and not shown(4) and not shown(10, people=4)
    assert not change_shown(4, 100) and not change_shown(100, 4) and change_shown(5, 5)
    tally = Suppression()
    assert not tally.check("volume", 3) and tally.count == 1


def _add_people(db: Database, day: date, people: int, topic: str, visits: int, base: int) -> None:
    """``people`` residents who each contact ``visits`` times, two days apart, on ``topic``."""
    contacts, vragen, betrokkenen = [], [], []
    for p in range(people):
        for visit in range(visits):
            cid = base + visits * p + visit
            moment = datetime.combine(day - timedelta(days=2 * visit), datetime.min.time(), UTC)
            contacts.append(
                {
                    "id": cid,
                    "uuid": f"r{cid}",
                    "kanaal": "Telefoon",
                    "status": "bevestigd",
                    "onderwerp": f"{topic} terugbellen 06-1234567{p % 10}",
                    "plaatsgevonden_op": moment + timedelta(hours=10),
                    "tone": "neutraal",
                }
            )
            vragen.append(
                {
                    "klantcontact_id": cid,
                    "upl": topic,
                    "gespreksresultaat": "Zelfstandig afgehandeld",
                }
            )
            betrokkenen.append(
                {
                    "klantcontact_id": cid,
                    "uuid": f"b{cid}",
                    "voornaam": f"Inwoner{base}x{p}",
                    "achternaam": "Fictief",
                }
            )
    with db.engine.begin() as connection:
        connection.execute(insert(cast(Table, Klantcontact.__table__)), contacts)
        connection.execute(insert(cast(Table, Vraag.__table__)), vragen)
        connection.execute(insert(cast(Table, Betrokkene.__table__)), betrokkenen)


def _with_people(db: Database, repeaters: int) -> None:
    fill(db, world(END), plain(world(END)), seed=11)
    for week in range(2, 12):  # earlier weeks: residents who come once
        _add_people(db, END - timedelta(days=7 * week), 6, TOPICS[3], 1, 700_000 + 100 * week)
    _add_people(db, END, 6, TOPICS[3], 1, 790_000)
    _add_people(db, END, repeaters, TOPICS[3], 2, 900_000)


def test_repeat_contacts_need_five_people(db: Database) -> None:
    _with_people(db, 4)
    with db.session() as session:
        assert kinds(compute_signals(session), "herhaalcontact") == []


def test_repeat_contacts_found(db: Database) -> None:
    _with_people(db, 8)
    with db.session() as session:
        report = compute_signals(session)
    assert kinds(report, "herhaalcontact") == [TOPICS[3]]
    signal = next(s for s in report.signals if s.kind == "herhaalcontact")
    assert all("1234567" not in e for e in signal.examples)  # personal data redacted


def test_new_topic_is_found_and_labelled(db: Database) -> None:
    fill(db, world(END), plain(world(END)), seed=11)
    texts = [
        "Stroomstoring in de wijk, wanneer is de stroomstoring opgelost?",
        "Lantaarnpalen doen het niet door de stroomstoring",
        "Is er al bekend hoe lang de stroomstoring duurt?",
    ]
    rows, vragen = [], []
    for i in range(24):
        cid = 800_000 + i
        moment = datetime.combine(
            END - timedelta(days=i % 3), datetime.min.time(), UTC
        ) + timedelta(hours=11)
        rows.append(
            {
                "id": cid,
                "uuid": f"n{cid}",
                "kanaal": "Telefoon",
                "status": "bevestigd",
                "onderwerp": "overig (stroomstoring)",
                "plaatsgevonden_op": moment,
                "tone": "bezorgd",
            }
        )
        vragen.append(
            {
                "klantcontact_id": cid,
                "upl": "overig",
                "specifieke_vraag": texts[i % 3],
                "gespreksresultaat": "Zelfstandig afgehandeld",
            }
        )
    with db.engine.begin() as connection:
        connection.execute(insert(cast(Table, Klantcontact.__table__)), rows)
        connection.execute(insert(cast(Table, Vraag.__table__)), vragen)
    with db.session() as session:
        report = compute_signals(session)
    new = [s for s in report.signals if s.kind == "nieuw_onderwerp"]
    assert len(new) == 1 and "stroomstoring" in new[0].topic
    assert new[0].observed == 24 and new[0].examples


def test_kennisbank_gap(db: Database) -> None:
    fill(db, world(END), plain(world(END)), seed=11)
    with db.engine.begin() as connection:
        ids = [
            r[0]
            for r in connection.exec_driver_sql(
                "SELECT v.id FROM vragen v JOIN klantcontacten k ON k.id = v.klantcontact_id "
                f"WHERE v.upl = '{TOPICS[2]}' ORDER BY k.plaatsgevonden_op DESC LIMIT 150"
            )
        ]
        connection.execute(
            cast(Table, Vraag.__table__)
            .update()
            .where(cast(Table, Vraag.__table__).c.id.in_(ids[::2]))
            .values(gespreksresultaat="Doorverbonden naar afdeling")
        )
    with db.session() as session:
        report = compute_signals(session)
    assert kinds(report, "kennisbank") == [TOPICS[2]]


def test_team_filter_and_unknown_team(db: Database) -> None:
    from reisgenoot.errors import InputError

    with db.session() as session, pytest.raises(InputError):
        compute_signals(session, team="Bestaat niet")


def test_harness_volume_counts_arrays_match_database(db: Database) -> None:
    """The database aggregation gives the counts the harness generated."""
    w = world(END, days=30)
    counts, _ = fill(db, w, plain(w), seed=2)
    with db.session() as session:
        cells = agg.daily_cells(session, w.start, END)
    order = [cells.topics.index(t) for t in TOPICS]
    assert np.array_equal(cells.contacts.sum(axis=2)[:, order], counts)


def test_examples_show_the_question_the_signal_is_about(db: Database) -> None:
    """A contact with two questions: a signal on the second topic shows that question, not the
    contact's onderwerp (which names the first)."""
    moment = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    contact = {
        "id": 1,
        "uuid": "two-questions",
        "kanaal": "Telefoon",
        "onderwerp": "paspoort (Paspoort kwijt)",
        "plaatsgevonden_op": moment,
        "status": "bevestigd",
        "tone": "neutraal",
    }
    done = "Zelfstandig afgehandeld"
    vragen = [
        {"klantcontact_id": 1, "upl": "paspoort", "specifieke_vraag": "Paspoort kwijt"},
        {"klantcontact_id": 1, "upl": "rijbewijs", "specifieke_vraag": "Rijbewijs verlengen"},
    ]
    vragen = [v | {"gespreksresultaat": done} for v in vragen]
    with db.engine.begin() as connection:
        connection.execute(insert(cast(Table, Klantcontact.__table__)), [contact])
        connection.execute(insert(cast(Table, Vraag.__table__)), vragen)
    day = moment.date()
    with db.session() as session:
        on_topic = agg.example_subjects(session, day, day, agg.ExampleQuery(topics=["rijbewijs"]))
        on_channel = agg.example_subjects(session, day, day, agg.ExampleQuery(kanaal="Telefoon"))
    assert on_topic == ["rijbewijs (Rijbewijs verlengen)"]
    assert on_channel == ["paspoort (Paspoort kwijt)"]
