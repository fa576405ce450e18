"""What the chat puts around an answer: links, crisis-notice conflicts, acknowledgement.

- **Referrals are links.** Kennisbank text says "Lees het artikel ‘Bezwaar maken tegen een
  belastingaanslag’", "Lees het artikel over kwijtschelding", "Zie daarvoor het artikel over
  aktes" or "De tarieven staan in het artikel ‘…’" (any verb, or none, before "het
  artikel"). :func:`referrals` finds the active article each one means (the exact title;
  else the title that contains the subject, also in the singular, the municipality's own
  articles first) and :func:`linked` renders the answer with those phrases as links to the
  public article page.
- **A crisis notice wins.** When an active notice on the topic of the question is also on the
  topic of the answered article (:func:`notice_conflict`), the chat shows the notice and holds
  the article's passage back: it may say what the notice changes ("Meld dat dezelfde dag"
  against "U hoeft dit niet te melden"). The exchange is flagged for the redacteur.
- **Anger and complaints are acknowledged** (:func:`acknowledgement`) and a person is offered,
  also when the kennisbank has an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.normalize import fold
from reisgenoot.knowledge.notices import Notice, active_notices, matches

_QUOTES = "‘’'\"“”"
REFERRAL = re.compile(
    r"(?:(?:Lees|Zie|Kijk) (?:dan |daarvoor |ook |meer in |in )?)?[Hh]et artikel "
    rf"(?:[{_QUOTES}](?P<title>[^{_QUOTES}\n]{{3,150}})[{_QUOTES}]"
    r"|over (?P<subject>[^\s.,;:!?()]+(?: [^\s.,;:!?()]+){0,3}))"
)
NATIONAL = "rijksoverheid"

ACKNOWLEDGEMENTS = {
    "boos": "Vervelend dat dit zo gaat. Ik begrijp dat u boos bent.",
    "klacht": "Vervelend dat u niet tevreden bent. Dat nemen wij serieus.",
    "zorgen": "Ik begrijp dat u zich zorgen maakt.",
}
PERSON_OFFER = "Wilt u liever iemand van de gemeente spreken? Dat kan."
NOTICE_HOLD = (
    "Door de melding hierboven geldt nu misschien iets anders dan normaal. "
    "Lees eerst de melding. Heeft u daarna nog een vraag? Een medewerker helpt u graag."
)
NOTICES_HOLD = (
    "Door de meldingen hierboven geldt nu misschien iets anders dan normaal. "
    "Lees eerst de meldingen. Heeft u daarna nog een vraag? Een medewerker helpt u graag."
)


def notice_hold(count: int) -> str:
    """Why the passage is held back, for one notice or several above it."""
    return NOTICE_HOLD if count <= 1 else NOTICES_HOLD


def _public(session: Session) -> list[Article]:
    return list(
        session.scalars(
            select(Article).where(Article.status == "actief", Article.kind != "crisismelding")
        )
    )


def _find(articles: Sequence[Article], title: str | None, subject: str | None) -> Article | None:
    own_first = sorted(articles, key=lambda a: (a.source == NATIONAL, len(a.title), a.source_id))
    if title:
        wanted = fold(title).strip()
        return next((a for a in own_first if fold(a.title).strip() == wanted), None)
    if subject:
        words = fold(subject).split()
        for size in range(len(words), 0, -1):
            for phrase in _singular_too(" ".join(words[:size])):
                pattern = re.compile(rf"\b{re.escape(phrase)}")
                found = next((a for a in own_first if pattern.search(fold(a.title))), None)
                if found is not None:
                    return found
    return None


def _singular_too(phrase: str) -> list[str]:
    """``phrase`` and, when its last word ends in a plural ending, that word without it.

    "over aktes" means the article titled "... een akte ...", "over vergunningen" one on a
    "vergunning": the title names the singular.
    """
    found = [phrase]
    for ending in ("s", "en"):
        stem = phrase.removesuffix(ending)
        if stem != phrase and len(stem.split()[-1]) >= 3:
            found.append(stem)
    return found


def referrals(session: Session, text: str | None) -> list[dict[str, str]]:
    """Each referral of ``text`` with the article it means: text, id, title, source."""
    if not text or "artikel" not in text:
        return []
    articles: list[Article] | None = None
    found: list[dict[str, str]] = []
    for match in REFERRAL.finditer(text):
        articles = articles if articles is not None else _public(session)
        article = _find(articles, match.group("title"), match.group("subject"))
        if article is not None:
            found.append(
                {
                    "text": match.group(0),
                    "id": article.source_id,
                    "title": article.title,
                    "source": article.source,
                }
            )
    return found


def article_url(link: Mapping[str, Any]) -> str:
    return f"/hulp/artikel/{link['id']}?bron={link['source']}"


def linked(rendered: Markup, links: Sequence[Mapping[str, Any]]) -> Markup:
    """``rendered`` (escaped answer HTML) with each referral phrase as a link to its article."""
    html = str(rendered)
    for link in links:
        phrase = str(escape(str(link["text"])))
        anchor = (
            f'<a href="{escape(article_url(link))}" title="{escape(str(link["title"]))}">'
            f"{phrase}</a>"
        )
        html = html.replace(phrase, anchor, 1)
    return Markup(html)  # noqa: S704 - built from escaped parts only


def active_articles(session: Session, ids: Sequence[str]) -> dict[str, Article]:
    """The active articles with these source ids, by source id."""
    if not ids:
        return {}
    rows = session.scalars(
        select(Article).where(Article.source_id.in_(list(ids)), Article.status == "actief")
    )
    return {a.source_id: a for a in rows}


@dataclass(frozen=True, slots=True)
class Around:
    """What goes around one answer: notices on the question's topic, a conflict, links."""

    notices: list[Notice]
    notice_conflict: bool
    links: list[dict[str, str]]


def around(session: Session, question: str, answer: str | None, article: Article | None) -> Around:
    """The crisis notices, whether one holds the answer back, and the answer's referral links.

    The chat and ``reisgenoot ask`` both show this, so an answer is never read without the
    notice that changes it.
    """
    notices = active_notices(session, question)
    conflict = answer is not None and notice_conflict(notices, article)
    return Around(notices, conflict, referrals(session, answer))


def notice_conflict(notices: Sequence[Notice], article: Article | None) -> bool:
    """Whether an active notice on the question's topic is also on the article's topic."""
    if article is None:
        return False
    about = " ".join([article.title, article.upl or "", *(article.trefwoorden or [])])
    return any(
        (n.topic is not None and n.topic == article.upl) or matches(n, about) for n in notices
    )


def acknowledgement(situation: str | None, intent: str | None) -> str | None:
    """The words that acknowledge an angry, complaining or worried resident, or None."""
    if situation == "boos":
        return ACKNOWLEDGEMENTS["boos"]
    if intent == "klacht":
        return ACKNOWLEDGEMENTS["klacht"]
    if situation in {"zorgen", "crisis"}:
        return ACKNOWLEDGEMENTS["zorgen"]
    return None
