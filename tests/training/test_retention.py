"""Check-the-AI items come back after a delay (1, 3, 7, … days), the check page offers a due
item first and says "herhaling", and retention is measured — all on a controlled clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from reisgenoot.store.engine import Database
from reisgenoot.training import checkai, retention, routes, service
from tests.training.test_web import as_user, user_id
from tests.web.fixtures import Account, csrf_from

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def item_with_errors(db: Database) -> tuple[checkai.CheckItem, int]:
    with db.session() as session:
        seed = next(s for s in range(1, 80) if checkai.make_item(session, seed=s).errors)
        return checkai.make_item(session, seed=seed), seed


def make_item(db: Database, seed: int) -> checkai.CheckItem:
    with db.session() as session:
        return checkai.make_item(session, seed=seed)


def right_marks(item: checkai.CheckItem) -> set[int]:
    return {error.index + 1 for error in item.errors}


def check(
    db: Database, trainee: int, item: checkai.CheckItem, seed: int, marks: set[int], now: datetime
) -> bool:
    with db.session() as session:
        attempt = service.record_check(
            session, trainee, item, seed, checkai.score(item, marks), now=now
        )
        return bool(attempt.result["herhaling"])


def due_at(db: Database, trainee: int, now: datetime) -> tuple[str, int] | None:
    with db.session() as session:
        found = retention.due_item(session, trainee, now)
        return (found.article_id, found.seed) if found else None


@pytest.mark.usefixtures("users", "kennisbank")
def test_wrong_items_come_back_after_one_day_and_then_later(db: Database) -> None:
    trainee = user_id(db, "trainee")
    item, seed = item_with_errors(db)
    key = (item.article_id, seed)
    assert check(db, trainee, item, seed, set(), T0) is False  # missed every error
    assert due_at(db, trainee, T0 + 23 * timedelta(hours=1)) is None
    assert due_at(db, trainee, T0 + DAY) == key
    # practising it again before it is due is no review and changes nothing
    assert check(db, trainee, item, seed, right_marks(item), T0 + timedelta(hours=2)) is False
    assert due_at(db, trainee, T0 + DAY) == key

    now = T0 + DAY + timedelta(hours=1)
    assert check(db, trainee, item, seed, right_marks(item), now) is True
    assert due_at(db, trainee, now + 3 * DAY - timedelta(minutes=1)) is None
    assert due_at(db, trainee, now + 3 * DAY) == key  # right: next step is 3 days

    later = now + 3 * DAY
    assert check(db, trainee, item, seed, {*right_marks(item), 1, 2}, later) is True  # mistake
    assert due_at(db, trainee, later + DAY) == key  # back to 1 day

    with db.session() as session:
        found = retention.retention(session, trainee, later + timedelta(hours=1))
    assert (found.reviews, found.right, found.share) == (2, 1, 50)
    assert (found.due, found.planned) == (0, 1)


@pytest.mark.usefixtures("users", "kennisbank")
def test_right_items_come_back_later_and_are_learnt_after_the_last_step(db: Database) -> None:
    trainee = user_id(db, "trainee")
    item = make_item(db, 3)
    marks = right_marks(item)
    check(db, trainee, item, 3, marks, T0)
    assert due_at(db, trainee, T0 + DAY) is None
    now = T0
    for days in checkai.REVIEW_DAYS[1:]:
        now += days * DAY
        assert due_at(db, trainee, now) == (item.article_id, 3)
        assert check(db, trainee, item, 3, marks, now) is True
    assert due_at(db, trainee, now + 365 * DAY) is None  # learnt
    with db.session() as session:
        found = retention.retention(session, trainee, now)
    assert found.share == 100 and found.reviews == len(checkai.REVIEW_DAYS) - 1


@pytest.mark.usefixtures("users", "kennisbank")
def test_the_earliest_due_item_comes_first_and_only_for_its_trainee(db: Database) -> None:
    trainee, other = user_id(db, "trainee"), user_id(db, "opleider")
    first, second = make_item(db, 11), make_item(db, 12)
    check(db, trainee, second, 12, set(), T0 + timedelta(hours=1))
    check(db, trainee, first, 11, set(), T0)
    assert due_at(db, trainee, T0 + 2 * DAY) == (first.article_id, 11)
    assert due_at(db, other, T0 + 2 * DAY) is None


# --- in the browser pages -------------------------------------------------------------------


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def submit(client: TestClient, url: str, marks: set[int]) -> str:
    page = client.get(url)
    assert page.status_code == 200
    seed = re.search(r'name="seed" value="(\d+)"', page.text)
    article = re.search(r'name="artikel" value="([^"]+)"', page.text)
    assert seed and article
    data = {
        "csrf_token": csrf_from(page.text),
        "seed": seed.group(1),
        "artikel": article.group(1),
        "fout": [str(n) for n in sorted(marks)],
    }
    response = client.post("/training/controleren", data=data)
    assert response.status_code == 200
    text: str = response.text
    return text


def test_check_page_offers_the_due_item_first_and_says_herhaling(
    client: TestClient,
    users: dict[str, Account],
    db: Database,
    kennisbank: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock(T0)
    monkeypatch.setattr(routes, "utcnow", clock)
    as_user(client, "trainee")
    item, seed = item_with_errors(db)
    url = f"/training/controleren?seed={seed}&artikel={item.article_id}"
    first = submit(client, url, set())  # every error missed
    assert "herhaling" not in first.lower().replace("herhalingen", "")
    assert "komt later terug" in first

    clock.now = T0 + 2 * DAY
    response = client.get("/training/controleren")
    assert response.status_code == 303
    assert response.headers["location"] == url
    page = client.get(url)
    assert "Herhaling: dit antwoord heb je eerder gecontroleerd." in page.text
    outcome = submit(client, url, right_marks(item))
    assert "Dit was een herhaling." in outcome

    # nothing is due any more: a new, random item
    response = client.get("/training/controleren")
    assert response.headers["location"] != url
    progress = client.get("/training/voortgang")
    assert "Bij herhalingen helemaal goed: <strong>1 van de 1</strong> (100%)" in progress.text
    assert "Later aan de beurt: 1" in progress.text
