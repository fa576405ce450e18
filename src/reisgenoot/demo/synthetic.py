"""What each synthetic contact says: questions, outcome, tone, team, employee, contactverzoek.

:func:`build_contacts` turns a :class:`~reisgenoot.demo.volume.CountPlan` into contacts: a
time of day from the channel's hours, 1–2 vragen with a UPL name, a specific question from the
topic's templates and a KISS gespreksresultaat, a tone, the complex flag, a team and employee,
sometimes a contactverzoek. No personal data: only callbacks get a betrokkene, with an
obviously fictional name. Every detail is drawn from one ``random.Random``, in a fixed order.

The tables (outcome weights per kind of channel, the sentences of a registration, English
topics, fictional names) are data, read once at import: ``demo/data/history/contacts.yaml``.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

import numpy as np

from reisgenoot.contacts.models import GESPREKSRESULTATEN, TONES
from reisgenoot.demo.accounts import KCC_TEAMS, TEAM_BELASTINGEN
from reisgenoot.demo.datafiles import DataFileError, mapping, numbers, read_yaml, strings
from reisgenoot.demo.topics import Topic
from reisgenoot.demo.volume import (
    AMSTERDAM,
    CHANNEL_KIND,
    CHANNELS,
    CountPlan,
    HistoryConfig,
    segments,
    topic_shares,
)

_DATA = mapping(read_yaml("history", "contacts.yaml"), "contacts.yaml")

OUTCOMES = GESPREKSRESULTATEN  # the 8 KISS outcomes, in the standard order
_KINDS = ("voice", "desk", "chat", "written")


def _outcome_weights() -> Mapping[tuple[str, bool], tuple[float, ...]]:
    rows = mapping(_DATA["outcome_weights"], "contacts.yaml: outcome_weights")
    if set(rows) != set(OUTCOMES):
        raise DataFileError("contacts.yaml: outcome_weights needs one row per gespreksresultaat")
    table = {o: numbers(rows[o], f"outcome_weights.{o}", length=2 * len(_KINDS)) for o in OUTCOMES}
    columns = [(kind, is_complex) for kind in _KINDS for is_complex in (False, True)]
    return {col: tuple(table[o][i] for o in OUTCOMES) for i, col in enumerate(columns)}


# Outcome weights (in OUTCOMES order) per kind of channel, for simple and complex contacts.
OUTCOME_WEIGHTS = _outcome_weights()
TASK_OUTCOMES = frozenset({"Zelfstandig afgehandeld", "Afgehandeld na ruggespraak"})
OPENERS: Mapping[str, str] = mapping(_DATA["openers"], "contacts.yaml: openers")
OUTCOME_SENTENCES: Mapping[str, str] = mapping(_DATA["outcome_sentences"], "outcome_sentences")
TONE_SENTENCES: Mapping[str, str] = {
    tone: f" {text}" if text else ""
    for tone, text in mapping(_DATA["tone_sentences"], "tone_sentences").items()
}
ENGLISH_TOPICS = frozenset(strings(_DATA["english_topics"], "contacts.yaml: english_topics"))
SECOND_QUESTION_SHARE = 0.2
CONSULT_SHARE = 0.75  # share of vragen where the employee opened the kennisartikel
FICTIONAL_FIRST_NAMES = strings(_DATA["first_names"], "contacts.yaml: first_names")
FICTIONAL_SURNAMES: tuple[tuple[str, str], ...] = tuple(
    (prefix, surname)
    for prefix, surname in (strings(row, "contacts.yaml: surnames") for row in _DATA["surnames"])
)
BELASTINGEN_FAMILY = "belastingen"  # its topics go partly to the team TEAM_BELASTINGEN


@dataclass(slots=True)
class SyntheticVraag:
    upl: str
    specifieke_vraag: str
    gespreksresultaat: str
    bronnen: list[str]


@dataclass(slots=True)
class SyntheticTask:
    uuid: str
    gevraagde_handeling: str
    toelichting: str
    department: str
    toegewezen_op: datetime
    afgehandeld_op: datetime | None

    @property
    def status(self) -> str:
        return "te_verwerken" if self.afgehandeld_op is None else "verwerkt"


@dataclass(slots=True)
class SyntheticBetrokkene:
    uuid: str
    voorletters: str
    voornaam: str
    voorvoegsel_achternaam: str
    achternaam: str


@dataclass(slots=True)
class SyntheticContact:
    uuid: str
    kanaal: str
    plaatsgevonden_op: datetime  # UTC
    registered_at: datetime  # UTC, end of the contact
    vragen: list[SyntheticVraag]
    tone: str
    complex: bool
    taal: str
    vertrouwelijk: bool
    team: str
    employee: str  # username
    task: SyntheticTask | None = None
    betrokkene: SyntheticBetrokkene | None = None

    @property
    def indicatie_contact_gelukt(self) -> bool:
        return self.vragen[0].gespreksresultaat != "Verbinding verbroken"

    @property
    def onderwerp(self) -> str:
        first = self.vragen[0]
        return f"{first.upl} ({first.specifieke_vraag})"[:200]

    @property
    def inhoud(self) -> str:
        first = self.vragen[0]
        text = f"{OPENERS[self.kanaal]} {first.upl}: {first.specifieke_vraag}."
        text += f" {OUTCOME_SENTENCES[first.gespreksresultaat]}{TONE_SENTENCES[self.tone]}"
        for extra in self.vragen[1:]:
            text += f" Tweede vraag over {extra.upl}: {extra.specifieke_vraag}."
        if self.task is not None:
            text += f" {self.task.gevraagde_handeling} uitgezet bij {self.task.department}."
        return text.replace("?.", "?")[:1000]

    @property
    def reactie(self) -> str:
        first = self.vragen[0]
        if first.bronnen:
            return f"Informatie gegeven uit kennisartikel {first.bronnen[0]}."
        return OUTCOME_SENTENCES[first.gespreksresultaat]


def build_contacts(
    config: HistoryConfig, plan: CountPlan, rnd: random.Random
) -> Iterator[SyntheticContact]:
    """The contacts of ``plan``, day by day, channel by channel, topic by topic."""
    return _Builder(config, rnd).contacts(plan)


class _Builder:
    """Turns the count plan into contacts, drawing details from one ``random.Random``."""

    def __init__(self, config: HistoryConfig, rnd: random.Random) -> None:
        self.config = config
        self.rnd = rnd
        self.rosters = dict(config.rosters)
        self.articles = dict(config.articles)
        self.end_of_history = datetime.combine(
            config.end + timedelta(days=1), time(0), AMSTERDAM
        ).astimezone(UTC)
        self.topic_cum = {
            channel: list(accumulate(row))
            for channel, row in zip(CHANNELS, topic_shares(config.topics).tolist(), strict=True)
        }

    def contacts(self, plan: CountPlan) -> Iterator[SyntheticContact]:
        for i, c, t in zip(*np.nonzero(plan.counts), strict=True):
            day, channel, topic = plan.dates[i], CHANNELS[c], plan.topics[t]
            for _ in range(int(plan.counts[i, c, t])):
                yield self.contact(day, channel, topic)

    def contact(self, day: date, channel: str, topic: Topic) -> SyntheticContact:
        rnd = self.rnd
        surging = self.config.surge is not None and (
            topic.upl == self.config.surge.topic and self.config.surge.active(day, self.config.end)
        )
        tone = self.tone(topic, surging)
        is_complex = rnd.random() < topic.family.complex_share * (1.5 if tone == "boos" else 1.0)
        start = self.moment(day, channel)
        vragen = [self.vraag(topic, channel, is_complex, surging)]
        if rnd.random() < SECOND_QUESTION_SHARE:
            second = self.other_topic(channel, topic)
            vragen.append(self.vraag(second, channel, is_complex, surging=False))
            is_complex = is_complex or rnd.random() < 0.3
        team = self.team(topic, channel)
        confidential = topic.family.confidential_share
        contact = SyntheticContact(
            uuid=self.new_uuid(),
            kanaal=channel,
            plaatsgevonden_op=start,
            registered_at=start + timedelta(seconds=rnd.randint(120, 900)),
            vragen=vragen,
            tone=tone,
            complex=is_complex,
            taal=self.language(topic),
            vertrouwelijk=confidential > 0 and rnd.random() < confidential,
            team=team,
            employee=rnd.choice(self.rosters[team]),
        )
        self.maybe_task(contact, topic)
        return contact

    def tone(self, topic: Topic, surging: bool) -> str:
        shares = self.config.surge.tone if surging and self.config.surge else topic.tone_shares
        return self.rnd.choices(TONES, weights=shares)[0]

    def moment(self, day: date, channel: str) -> datetime:
        spans = segments(channel, day)
        start, end, _weight = self.rnd.choices(spans, weights=[s[2] for s in spans])[0]
        second = self.rnd.randrange(start * 60, end * 60)
        local = datetime.combine(day, time(0)) + timedelta(seconds=second)
        return local.replace(tzinfo=AMSTERDAM).astimezone(UTC)

    def vraag(self, topic: Topic, channel: str, is_complex: bool, surging: bool) -> SyntheticVraag:
        rnd = self.rnd
        surge = self.config.surge
        if surging and surge is not None and rnd.random() < surge.template_share:
            text = rnd.choice(surge.templates)
        else:
            text = rnd.choice(topic.templates or topic.family.templates).format(p=topic.upl)
        kind = CHANNEL_KIND[channel]
        outcome = rnd.choices(OUTCOMES, weights=OUTCOME_WEIGHTS[(kind, is_complex)])[0]
        # Always two draws, so the rest of the history does not depend on the kennisbank.
        consult, pick = rnd.random() < CONSULT_SHARE, rnd.random()
        ids = self.articles.get(topic.upl, ())
        consulted = [ids[int(pick * len(ids))]] if ids and consult else []
        return SyntheticVraag(topic.upl, text[:180], outcome, consulted)

    def other_topic(self, channel: str, first: Topic) -> Topic:
        topics = self.config.topics
        for _ in range(5):
            index = bisect_right(
                self.topic_cum[channel], self.rnd.random() * self.topic_cum[channel][-1]
            )
            candidate = topics[min(index, len(topics) - 1)]
            if candidate.upl != first.upl:
                return candidate
        return topics[0] if topics[0].upl != first.upl else topics[-1]

    def team(self, topic: Topic, channel: str) -> str:
        if topic.family.name == BELASTINGEN_FAMILY and TEAM_BELASTINGEN in self.rosters:
            share = 0.6 if CHANNEL_KIND[channel] == "written" else 0.4
            if self.rnd.random() < share:
                return TEAM_BELASTINGEN
        kcc = [t for t in KCC_TEAMS if t in self.rosters] or sorted(self.rosters)
        return self.rnd.choice(kcc)

    def language(self, topic: Topic) -> str:
        share = 0.10 if topic.upl in ENGLISH_TOPICS else 0.02
        return "eng" if self.rnd.random() < share else "nld"

    def maybe_task(self, contact: SyntheticContact, topic: Topic) -> None:
        rnd = self.rnd
        first = contact.vragen[0]
        chance = topic.family.task_share * (2.0 if contact.complex else 1.0)
        if first.gespreksresultaat not in TASK_OUTCOMES or rnd.random() >= chance:
            return
        handeling = rnd.choices(
            ("Terugbelverzoek", "Terugmailverzoek", topic.family.handeling), weights=(6, 2, 2)
        )[0]
        done = contact.registered_at + timedelta(hours=rnd.uniform(2, 120))
        contact.task = SyntheticTask(
            uuid=self.new_uuid(),
            gevraagde_handeling=handeling,
            toelichting=f"{handeling} over {topic.upl}: {first.specifieke_vraag}"[:1000],
            department=topic.dept,
            toegewezen_op=contact.registered_at,
            afgehandeld_op=done if done < self.end_of_history else None,
        )
        first_name = rnd.choice(FICTIONAL_FIRST_NAMES)
        prefix, surname = rnd.choice(FICTIONAL_SURNAMES)
        contact.betrokkene = SyntheticBetrokkene(
            self.new_uuid(), f"{first_name[0]}.", first_name, prefix, surname
        )

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rnd.getrandbits(128), version=4))
