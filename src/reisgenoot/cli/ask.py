"""``reisgenoot ask``: an extractive, grounded answer from the kennisbank, or a hand-off."""

from __future__ import annotations

from typing import Any

import typer

from reisgenoot.cli.context import database, model
from reisgenoot.cli.io import dumps, run_batch, text_field
from reisgenoot.cli.kb import ready_retriever
from reisgenoot.errors import InputError
from reisgenoot.knowledge.answering import Answer, Answerer, validate_question
from reisgenoot.knowledge.replies import Around, active_articles, around, notice_hold

REASONS_NL = {
    "low_confidence": "Ik weet het antwoord niet zeker genoeg.",
    "out_of_scope": "Hierover staat niets in de kennisbank.",
    "escalation": "Deze vraag gaat beter naar een medewerker.",
    "asks_for_person": "U wilt een medewerker spreken.",
    "personal_case": "Het antwoord hangt af van uw eigen situatie of dossier.",
}


def _around(question: str, answer: Answer) -> Around:
    """The chat's crisis notices and referral links for this answer (see ``replies.around``)."""
    with database().session() as session:
        first = answer.sources[0].id if answer.sources else None
        article = active_articles(session, [first]).get(first) if first else None
        return around(session, question, answer.answer, article)


def _with_around(question: str, answer: Answer) -> dict[str, Any]:
    found = _around(question, answer)
    return {
        **answer.to_dict(),
        "notices": [n.as_dict() for n in found.notices],
        "notice_conflict": found.notice_conflict,
        "links": [{"text": k["text"], "id": k["id"], "title": k["title"]} for k in found.links],
    }


def _text(answer: Answer, found: Around) -> list[str]:
    lines = [f"Let op, crisisbericht: {n.title}. {n.text}" for n in found.notices]
    if answer.handoff:
        lines.append(
            f"Doorverwijzen naar een medewerker ({answer.reason}): {REASONS_NL[answer.reason]}"
        )
        lines += [f"  mogelijke bron: {s.title} ({s.id})" for s in answer.sources]
        return lines
    if found.notice_conflict:
        lines.append(notice_hold(len(found.notices)))
        lines += [f"Het gewone artikel: {s.title} ({s.id})" for s in answer.sources[:1]]
        return lines
    lines.append(answer.answer or "")
    lines += [f"Verwijzing: {k['text']} → {k['title']} ({k['id']})" for k in found.links]
    if answer.model:  # each sentence ends in [n]: the n-th source below
        lines += [f"[{n}] Bron: {s.title} ({s.id})" for n, s in enumerate(answer.sources, 1)]
    else:
        lines += [f"Bron: {s.title} ({s.id})" for s in answer.sources]
    lines.append(f"Zekerheid: {answer.confidence:.2f}")
    if answer.model:
        lines.append(f"Geschreven door taalmodel {answer.model}, gecontroleerd op de bronnen.")
    if answer.model_note:
        lines.append(f"Let op: {answer.model_note}")
    if answer.b1 is False:
        lines.append("Let op: dit antwoord is niet op B1-niveau (gemeld aan de redacteur).")
    return lines


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask(
        question: str | None = typer.Argument(None, help="De vraag van de inwoner."),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
        batch: str | None = typer.Option(
            None,
            "--batch",
            help='JSON Lines met {"query"} of {"question"}; \'-\' is standaardinvoer.',
        ),
    ) -> None:
        """Beantwoord een vraag uit de kennisbank, of verwijs door naar een medewerker."""
        if batch is None and question is None:
            raise InputError("no question", detail="geef een vraag of gebruik --batch")
        if batch is None and question is not None:
            validate_question(question)
        with database().session() as session:
            answerer = Answerer(ready_retriever(session), model=model())

        def one(record: dict[str, Any]) -> dict[str, Any]:
            text = text_field(record, "query", "question")
            return _with_around(text, answerer.ask(text))

        if batch is not None:
            run_batch(batch, one)
            return
        assert question is not None
        answer = answerer.ask(question)
        if as_json:
            typer.echo(dumps(_with_around(question, answer)))
            return
        for line in _text(answer, _around(question, answer)):
            typer.echo(line)
