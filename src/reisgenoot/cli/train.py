"""Command ``train``: practise a conversation with a simulated resident in the terminal.

``reisgenoot train [SCENARIO] [--seed N] [--script FILE] [--json] [--list]`` (contracts §8).
The conversation goes to stderr; stdout carries only the result: the feedback (or the list).
With ``--trainee USER`` the practice belongs to that account, as on the web: the adaptive path
picks from their own ratings, every line is stored as it is typed, and the result updates their
ratings and progress (which their opleider sees).
``reisgenoot train assign --opleider USER --trainee USER [--remove]`` links (or unlinks) a
trainee to an opleider in the database (audited); ``train assign [--opleider USER]`` without
``--trainee`` lists the links. Command ``check-ai`` practises checking an AI answer against a
kennisartikel.

Scenarios are the shipped ones plus the municipality's own folder (``REISGENOOT_SCENARIO_DIR``,
:mod:`reisgenoot.training.catalogue`), read strictly: a bad own file stops the command with
its file, line and field (exit 2); ``train --list`` is how an opleider checks their files.

Kennisartikelen come from this installation's kennisbank in the database (contracts §1: a
fresh home holds no demo data). On a fresh home ``train`` still plays every scenario, says on
stderr that amounts and terms are not checked because the article is missing, and the feedback
says so too; ``train --list`` names the missing articles; ``check-ai`` exits 1 with a Dutch
message, because it needs an article to build its answer from.
"""

from __future__ import annotations

import getpass
import json
import random
import sys
from collections.abc import Iterator

import typer

from reisgenoot.cli.context import database, model, settings
from reisgenoot.cli.io import dumps, iter_lines
from reisgenoot.errors import InputError
from reisgenoot.llm import voice
from reisgenoot.training import checkai, coaching, kennis
from reisgenoot.training import service as practice
from reisgenoot.training.catalogue import Catalogue, catalogue_for
from reisgenoot.training.elo import TraineeProfile, pick_next, priors
from reisgenoot.training.feedback import FORMATIVE_NOTICE, Feedback, feedback, render_text
from reisgenoot.training.models import SPEAKER_RESIDENT
from reisgenoot.training.scenario import Scenario
from reisgenoot.training.simulator import Session

_STOP = {"/stop", "/klaar"}
_IMPORT_HINT = (
    "Zet de kennisartikelen van uw gemeente in de kennisbank met 'reisgenoot kb import MAP', "
    "of probeer de demo-gemeente met 'reisgenoot demo'."
)
ASSIGN = "assign"


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _script_lines(source: str) -> Iterator[str]:
    for _number, line in iter_lines(source):
        text = line.strip()
        if text and not text.startswith("#"):
            yield text


def _interactive_lines() -> Iterator[str]:
    while True:
        sys.stderr.write("U: ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            return
        text = line.strip()
        if text in _STOP:
            return
        if text:
            yield text


def _scenarios() -> Catalogue:
    """The installation's scenarios, read strictly: a broken own file stops with its error."""
    return catalogue_for(settings(), strict=True)


def _list(as_json: bool) -> None:
    """The scenarios; which are the municipality's own; which kennisartikelen are missing."""
    scenarios = _scenarios()
    with database().session() as session:
        missing = kennis.missing_by_scenario(session, scenarios.values())
    if as_json:
        typer.echo(dumps([_listed(scenarios, s, missing[s.naam]) for s in scenarios.values()]))
    else:
        for scenario in sorted(scenarios.values(), key=lambda s: (s.niveau, s.naam)):
            line = f"{scenario.naam}\tniveau {scenario.niveau} ({scenario.level_name})"
            line += f"\t{scenario.titel}"
            if missing[scenario.naam]:
                line += f"\tontbreekt in de kennisbank: {', '.join(missing[scenario.naam])}"
            typer.echo(line)
    _say_own(scenarios)
    lacking = sum(1 for ids in missing.values() if ids)
    if lacking:
        _err(
            f"{lacking} van de {len(scenarios)} scenario's missen een kennisartikel in deze "
            "kennisbank. Die gesprekken kunt u oefenen, maar bedragen en termijnen worden dan "
            "niet gecontroleerd."
        )
        _err(_IMPORT_HINT)


def _listed(scenarios: Catalogue, scenario: Scenario, missing: list[str]) -> dict[str, object]:
    return {
        "naam": scenario.naam,
        "niveau": scenario.niveau,
        "titel": scenario.titel,
        "onderwerp": scenario.onderwerp,
        "bron": scenarios.origins[scenario.naam],
        "kennisartikelen": list(scenario.kennisartikelen),
        "ontbrekende_artikelen": missing,
    }


def _say_own(scenarios: Catalogue) -> None:
    """On stderr: which scenarios come from the municipality's own folder."""
    if scenarios.own_dir is None:
        return
    own = scenarios.own
    _err(f"Eigen scenario's uit {scenarios.own_dir}: {', '.join(own) if own else 'geen'}.")
    if scenarios.replaced:
        _err(f"Deze vervangen een meegeleverd scenario: {', '.join(scenarios.replaced)}.")


class _NoArticlesYet(kennis.EmptyKennisbankError):
    """The kennisbank lacks articles for check-the-AI; the message says how to add them."""

    def dutch(self) -> str:
        return f"{super().dutch()} {_IMPORT_HINT}"


def _warn_unchecked(reference: kennis.Reference) -> None:
    """Say before the practice that amounts and terms will not be checked, and why."""
    if reference.complete:
        return
    names = ", ".join(reference.missing)
    _err(
        f"Let op: {names} staat niet in de kennisbank van deze installatie. U kunt oefenen, "
        "maar bedragen en termijnen worden niet gecontroleerd."
    )
    _err(_IMPORT_HINT)


def _choose(name: str | None) -> Scenario:
    scenarios = _scenarios()
    if name is not None:
        return scenarios.get(name)
    picked = pick_next(TraineeProfile(), priors((s.naam, s.niveau) for s in scenarios.values()))
    _err(f"Gekozen scenario (leerpad): {picked}")
    return scenarios.get(picked)


def _introduce(scenario: Scenario, seed: int, hints: bool, reference: kennis.Reference) -> None:
    _err(f"Oefengesprek: {scenario.titel} (niveau {scenario.niveau}, seed {seed})")
    _err(f"Situatie: {scenario.situatie.strip()}")
    _err(f"Opdracht: {scenario.opdracht.strip()}")
    _err(f"Kennisartikelen: {', '.join(scenario.kennisartikelen)}")
    if hints:
        for tip in scenario.tips:
            _err(f"Tip: {tip}")
    _warn_unchecked(reference)
    _err("Typ uw antwoord en druk op Enter. Stoppen: /stop of Ctrl-D.")
    _err("")


def _resident(name: str, text: str, hint: str | None) -> None:
    _err(f"{name}: {text}")
    if hint:
        _err(f"  ({hint})")


def _play(session: Session, lines: Iterator[str], *, echo: bool) -> str | None:
    """Play the lines; the language model that voiced the resident, if any (docs/llm.md)."""
    name = session.scenario.persona.naam
    used: str | None = None
    _resident(name, session.opening.text, session.opening.hint)
    for line in lines:
        turn = session.respond(line)
        if echo:
            _err(f"U: {line}")
        facts = [fact.omschrijving for fact in session.scenario.feiten]
        said = voice.maybe_phrase(model(), turn.text, line, facts)
        used = said.model or used
        _resident(name, said.text, turn.hint)
        if said.note:  # a configured model's line was refused or too late: the scenario's line
            _err(f"  (Let op: {said.note})")
        if session.finished:
            break
    _err("")
    return used


def _print_feedback(result: Feedback, as_json: bool, model_id: str | None = None) -> None:
    if as_json:
        typer.echo(dumps({**result.to_dict(), "model": model_id}))
        return
    for line in render_text(result):
        typer.echo(line)


def _run_train_as(
    username: str,
    name: str | None,
    seed: int | None,
    script: str | None,
    as_json: bool,
    hints: bool,
) -> None:
    """Practise as ``username``: stored in the database like a practice on the web."""
    scenarios = _scenarios()
    db = database()
    with db.session() as session:
        user = coaching.find_user(session, username)
        if user is None:
            raise InputError("unknown user", detail=f"er is geen actief account '{username}'")
        row = practice.start_session(
            session, user.id, name, scenarios=scenarios, seed=seed, hints=hints
        )
        ids = (row.id, user.id)
        chosen, used_seed, opening = scenarios.get(row.scenario), row.seed, row.turns[0]
        if name is None:
            _err(f"Gekozen scenario (leerpad van {username}): {row.scenario}")
        _introduce(chosen, used_seed, hints, kennis.reference_for(session, chosen))
        _resident(chosen.persona.naam, opening.text, opening.hint)
    lines = _script_lines(script) if script is not None else _interactive_lines()
    for line in lines:
        with db.session() as session:  # the line is committed before the reply is computed
            practice.store_trainee_line(session, *ids, line)
        if script is not None:
            _err(f"U: {line}")
        with db.session() as session:
            turns = practice.answer(session, *ids, scenarios=scenarios)
            for turn in turns:
                if turn.speaker == SPEAKER_RESIDENT:
                    _resident(chosen.persona.naam, turn.text, turn.hint)
            done = practice.get_session(session, *ids).finished
        if done:
            break
    with db.session() as session:
        row = practice.stop(session, *ids, scenarios=scenarios)
        result = feedback(practice.load_simulation(session, row, scenarios=scenarios))
    _err(f"Bewaard bij {username}: de opleider ziet de voortgang.")
    _print_feedback(result, as_json)


def _parse_marks(marks: str) -> set[int]:
    try:
        return {int(part) for part in marks.replace(" ", "").split(",") if part}
    except ValueError as exc:
        raise InputError("bad marks", detail="geef zinnummers, gescheiden door komma's") from exc


def _run_train(
    name: str | None, seed: int | None, script: str | None, as_json: bool, hints: bool
) -> None:
    chosen = _choose(name)
    used_seed = seed if seed is not None else random.SystemRandom().randrange(1, 100_000)
    with database().session() as db:
        reference = kennis.reference_for(db, chosen)
    session = Session.start(chosen, used_seed, hints=hints, reference=reference)
    _introduce(chosen, used_seed, hints, reference)
    lines = _script_lines(script) if script is not None else _interactive_lines()
    used = _play(session, lines, echo=script is not None)
    _print_feedback(feedback(session), as_json, used)


def _run_check(
    article: str | None, seed: int, marks: str | None, as_json: bool, hints: bool
) -> None:
    try:
        with database().session() as session:
            item = checkai.make_item(session, article, seed=seed)
    except kennis.EmptyKennisbankError as exc:
        raise _NoArticlesYet(str(exc)) from exc
    _err(f"Vraag van de inwoner: {item.question}")
    _err(f"Kennisartikel: {item.article_id}")
    for number, sentence in enumerate(item.sentences, start=1):
        _err(f"  {number}. {sentence}")
    if hints:
        _err(checkai.hint(item))
    if marks is None:
        sys.stderr.write("Welke zinnen kloppen niet? (nummers met komma's, leeg = geen): ")
        sys.stderr.flush()
        marks = sys.stdin.readline()
    result = checkai.score(item, _parse_marks(marks))
    if as_json:
        typer.echo(dumps({**result.to_dict(), "let_op": FORMATIVE_NOTICE}))
        return
    for line in checkai.render_result(item, result):
        typer.echo(line)
    typer.echo(FORMATIVE_NOTICE)


def _list_links(opleider: str | None) -> None:
    with database().session() as session:
        guide_id: int | None = None
        if opleider is not None:
            guide = coaching.find_user(session, opleider)
            if guide is None:
                raise coaching.AssignmentError("unknown user", reason="onbekend", name=opleider)
            guide_id = guide.id
        for item in coaching.links(session, guide_id):
            typer.echo(
                json.dumps({"opleider": item.opleider, "trainee": item.trainee}, ensure_ascii=False)
            )


def _run_assign(opleider: str | None, trainee: str | None, remove: bool) -> None:
    """Link or unlink a trainee; without ``--trainee`` list the links (JSON Lines)."""
    if trainee is None:
        if remove:
            raise InputError("missing trainee", detail="geef --trainee bij --remove")
        _list_links(opleider)
        return
    if opleider is None:
        raise InputError("missing opleider", detail="geef --opleider en --trainee")
    actor = f"cli:{getpass.getuser()}"
    key = settings().audit_secret()
    with database().session() as session:
        if remove:
            guide = coaching.find_user(session, opleider)
            learner = coaching.find_user(session, trainee)
            if guide is None or learner is None:
                missing = opleider if guide is None else trainee
                raise coaching.AssignmentError("unknown user", reason="onbekend", name=missing)
            coaching.unlink(session, guide.id, learner.id, audit_key=key, actor=actor)
            _err(f"{trainee} is losgekoppeld van opleider {opleider}.")
            return
        _guide, _learner, new = coaching.link(
            session, opleider, trainee, audit_key=key, actor=actor
        )
    if new:
        _err(f"{trainee} is gekoppeld aan opleider {opleider}.")
    else:
        _err(f"{trainee} was al gekoppeld aan opleider {opleider}; er is niets veranderd.")


def register(app: typer.Typer) -> None:
    """Add ``train`` and ``check-ai`` to the root command."""

    @app.command("train")
    def train(
        scenario: str | None = typer.Argument(None, help="Naam van het scenario (zie --list)."),
        seed: int | None = typer.Option(None, "--seed", help="Zelfde seed = zelfde gesprek."),
        script: str | None = typer.Option(
            None, "--script", help="Bestand met uw zinnen, één per regel ('-' = standaardinvoer)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Feedback als JSON."),
        list_only: bool = typer.Option(False, "--list", help="Toon de scenario's met niveau."),
        hints: bool = typer.Option(False, "--hints", help="Tips tijdens het gesprek (beginners)."),
        opleider: str | None = typer.Option(
            None, "--opleider", help="Bij 'train assign': inlognaam van de opleider."
        ),
        trainee: str | None = typer.Option(
            None,
            "--trainee",
            help="Oefen als dit account: het leerpad en de voortgang worden bewaard. "
            "Bij 'train assign': de trainee om te koppelen.",
        ),
        remove: bool = typer.Option(
            False, "--remove", help="Bij 'train assign': koppel de trainee los."
        ),
    ) -> None:
        """Oefen een gesprek met een gesimuleerde inwoner en krijg feedback.

        Zonder SCENARIO kiest het leerpad een passend scenario. De feedback is om van te
        leren: alleen voor u en uw opleider, nooit om u te beoordelen.

        'reisgenoot train assign --opleider NAAM --trainee NAAM [--remove]' koppelt een
        trainee aan een opleider (of los). Zonder --trainee: toon de koppelingen.
        """
        if scenario == ASSIGN:
            _run_assign(opleider, trainee, remove)
            return
        if opleider is not None or remove:
            raise InputError(
                "assign options without assign",
                detail="--opleider en --remove horen bij 'reisgenoot train assign'",
            )
        if list_only:
            _list(as_json)
            return
        if trainee is not None:
            _run_train_as(trainee, scenario, seed, script, as_json, hints)
            return
        _run_train(scenario, seed, script, as_json, hints)

    @app.command("check-ai")
    def check_ai(
        article: str | None = typer.Argument(None, help="Artikel-id, bijvoorbeeld vbs-paspoort."),
        seed: int = typer.Option(0, "--seed", help="Zelfde seed = zelfde oefening."),
        marks: str | None = typer.Option(
            None, "--marks", help="Zinnummers die volgens u fout zijn, bv. '2,4'. Leeg = geen."
        ),
        as_json: bool = typer.Option(False, "--json", help="Uitkomst als JSON."),
        hints: bool = typer.Option(False, "--hints", help="Hulp voor beginners: aantal fouten."),
    ) -> None:
        """Controleer een AI-antwoord: welke zinnen kloppen niet met het kennisartikel?"""
        _run_check(article, seed, marks, as_json, hints)
