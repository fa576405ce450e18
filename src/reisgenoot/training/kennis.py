"""The kennisartikelen that hold the right answers for the training: this installation's own.

Training reads articles from the kennisbank in the database (the ``articles`` table that
``reisgenoot kb import``, the redactie and ``reisgenoot demo`` fill), and only what search and
answers use too: status ``actief``, no crisis notices. It never reads a folder: a municipality
trains its people on its own articles, and the demo municipality's articles are there only
after ``reisgenoot demo`` imported them.

A scenario names its articles by id (``kennisartikelen: [vbs-paspoort]``). When one of them is
not in this kennisbank, the practice still works, but the amounts and terms the trainee names
are not checked: :class:`Reference` says which articles are missing, the feedback says so in
plain Dutch, and :func:`missing_by_scenario` lists it for the opleider. Nothing is checked
against a text that is not this installation's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from reisgenoot.errors import ReisgenootError
from reisgenoot.knowledge.models import SECTIONS, Article
from reisgenoot.training.scenario import Scenario

__all__ = [
    "ACTIVE",
    "EmptyKennisbankError",
    "KennisArticle",
    "Reference",
    "find_articles",
    "missing_by_scenario",
    "reference_for",
    "usable_for_checks",
]

ACTIVE = "actief"
"""The only article status that training uses (as search and answers do, contracts §2)."""
_NOTICE = "crisismelding"
_DESK_MEMO = "Voor medewerkers"


class EmptyKennisbankError(ReisgenootError):
    """Check-the-AI needs articles, and this kennisbank has none that fit (exit code 1)."""

    code = "kennisbank_leeg_voor_training"

    def dutch(self) -> str:
        return (
            "De kennisbank heeft nog geen actieve kennisartikelen met kosten en een aanvraag of "
            "termijn. Die zijn nodig om een antwoord te controleren."
        )


@dataclass(frozen=True, slots=True)
class KennisArticle:
    """An article as training needs it: id, title and its sections by Dutch heading."""

    id: str
    title: str
    sections: dict[str, str]

    @classmethod
    def from_article(cls, article: Article) -> KennisArticle:
        ordered = {
            heading: str(getattr(article, attribute))
            for _sdg, attribute, heading in SECTIONS
            if getattr(article, attribute)
        }
        return cls(article.source_id, article.title, ordered)

    def text(self, *, include_desk_memo: bool = True) -> str:
        """All section texts; the desk memo (for staff only) when asked."""
        return "\n".join(
            body
            for heading, body in self.sections.items()
            if include_desk_memo or heading != _DESK_MEMO
        )


@dataclass(frozen=True, slots=True)
class Reference:
    """The kennisbank texts that a scenario's amounts and terms are checked against.

    ``wanted`` are the scenario's article ids, ``texts`` those found in this kennisbank.
    The check runs only when every wanted article is there (:attr:`complete`): with one
    missing, a right amount from that article would be marked wrong.
    """

    wanted: tuple[str, ...]
    texts: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def absent(cls, wanted: Iterable[str]) -> Reference:
        """No kennisbank at hand: nothing can be checked."""
        return cls(tuple(wanted))

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item for item in self.wanted if item not in self.texts)

    @property
    def complete(self) -> bool:
        return bool(self.wanted) and not self.missing


def _active() -> tuple[ColumnElement[bool], ...]:
    """What search and answers use too: active articles, no crisis notices."""
    return (Article.status == ACTIVE, Article.kind != _NOTICE)


def find_articles(session: Session, ids: Iterable[str]) -> dict[str, KennisArticle]:
    """The active articles with these ids (bare source ids), by id; missing ids are absent.

    When two sources share an id, the article imported first is used.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.scalars(
        select(Article).where(Article.source_id.in_(wanted), *_active()).order_by(Article.id)
    )
    found: dict[str, KennisArticle] = {}
    for row in rows:
        found.setdefault(row.source_id, KennisArticle.from_article(row))
    return found


def reference_for(session: Session, scenario: Scenario) -> Reference:
    """The texts of ``scenario``'s kennisartikelen in this kennisbank."""
    found = find_articles(session, scenario.kennisartikelen)
    texts = {item: found[item].text() for item in scenario.kennisartikelen if item in found}
    return Reference(tuple(scenario.kennisartikelen), texts)


def missing_by_scenario(session: Session, scenarios: Iterable[Scenario]) -> dict[str, list[str]]:
    """Scenario name → the ids of its articles that are not (active) in this kennisbank."""
    chosen = list(scenarios)
    wanted = {item for scenario in chosen for item in scenario.kennisartikelen}
    present: set[str] = set()
    if wanted:
        present = set(
            session.scalars(
                select(Article.source_id).where(Article.source_id.in_(sorted(wanted)), *_active())
            )
        )
    return {
        scenario.naam: [item for item in scenario.kennisartikelen if item not in present]
        for scenario in chosen
    }


def usable_for_checks(session: Session) -> list[str]:
    """Ids of the active articles a check-the-AI item can be built from, sorted.

    Such an article states costs, and how to apply or a term (see :mod:`.checkai`).
    """
    rows = session.scalars(
        select(Article.source_id).where(
            *_active(),
            Article.kosten_en_betaalmethoden != "",
            (Article.procedure_beschrijving != "") | (Article.uiterste_termijn != ""),
        )
    )
    return sorted(set(rows))
