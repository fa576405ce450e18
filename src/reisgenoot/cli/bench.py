"""Command group ``bench``: measurements that stay out of CI (``reisgenoot bench language``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from reisgenoot.cli.io import dumps
from reisgenoot.errors import InputError

_CORPUS = Path("evaluation/pii/cases.jsonl")


def _rate(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"overgeslagen: {result['error']}"
    return (
        f"{result['chars_per_s'] / 1000:,.0f}k tekens/s, {result['texts_per_s']:,.0f} teksten/s, "
        f"piekgeheugen {result['peak_rss_mb']:.0f} MB, laden {result['load_s']:.1f} s"
    )


def _progress(text: str) -> None:
    typer.echo(f"meten: {text}", err=True)


def _frozen_state() -> dict[str, Any]:
    from reisgenoot.bench.sets import frozen_mismatches

    wrong = frozen_mismatches()
    return {"intact": not wrong, "changed": wrong}


def _frozen_line(state: dict[str, Any]) -> str:
    if state["intact"]:
        return "Blinde testset: ongewijzigd (SHA256SUMS klopt)."
    return "Let op: de blinde testset is gewijzigd of onvolledig: " + ", ".join(state["changed"])


def report_lines(report: dict[str, Any]) -> list[str]:
    """The benchmark as a readable table (Dutch labels)."""
    from reisgenoot.bench.language import total_recall

    engines = report["engines"]
    lines = [f"Corpus: {report['corpus']}", ""]
    for name, label in (
        ("ours", "Reisgenoot"),
        ("deduce", "deduce"),
        ("tone", "toon"),
        ("b1", "B1"),
    ):
        if name in engines:
            lines.append(f"{label:<11} {_rate(engines[name])}")
    if "throughput_ratio" in report:
        lines.append(f"Verhouding Reisgenoot/deduce: {report['throughput_ratio']:.1f}×")
    lines += ["", "Recall per type (overlap)   Reisgenoot   deduce"]
    ours = engines.get("ours", {}).get("recall", {})
    theirs = engines.get("deduce", {}).get("recall", {})
    for type_, (got, total) in ours.items():
        other = theirs.get(type_)
        other_text = f"{other[0] / other[1]:.3f}" if other and other[1] else "-"
        lines.append(f"  {type_:<25} {got / total if total else 0:>10.3f}   {other_text:>6}")
    if ours:
        overall = f"{total_recall(theirs):.3f}" if theirs else "-"
        lines.append(f"  {'totaal':<25} {total_recall(ours):>10.3f}   {overall:>6}")
    lines += ["", "Reisgenoot, exacte spans   precisie  recall   F1"]
    for type_, score in report["evaluation"]["per_type"].items():
        lines.append(
            f"  {type_:<24} {score['precision']:>8.3f} {score['recall']:>7.3f} {score['f1']:>6.3f}"
        )
    lines.append(f"  macro-F1 {report['evaluation']['macro_f1']:.3f}")
    return lines


def knowledge(
    rijksoverheid: Path | None = typer.Option(
        None,
        "--rijksoverheid",
        help="Map met de Rijksoverheid-CSV's (CC0) voor de testkennisbank "
        "(standaard: die van de demogemeente).",
    ),
    fit: bool = typer.Option(
        False, "--fit", help="Fit fusie en betrouwbaarheid op dev en schrijf calibration.json."
    ),
    no_speed: bool = typer.Option(False, "--no-speed", help="Sla de snelheidsmeting over."),
    no_blind_test: bool = typer.Option(
        False, "--no-blind-test", help="Laat de bevroren blinde testset weg (tijdens tunen)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Kennisbank: Recall@1/3, MRR, doorverwijzen en snelheid, naast gewone BM25 (bm25s).

    Elk kwaliteitscijfer in drie kolommen: eigen testset, blind dev, blind test."""
    from reisgenoot.bench.knowledge import EVALUATION, report_lines, run_benchmark
    from reisgenoot.bench.knowledge_fit import write_calibration

    if not (EVALUATION / "test.jsonl").is_file():
        raise InputError(
            "no corpus", code="bestand_onleesbaar", file=str(EVALUATION), detail="bestaat niet"
        )
    report = run_benchmark(
        rijksoverheid=rijksoverheid, fit=fit, speed=not no_speed, blind_test=not no_blind_test
    )
    report["blind_frozen"] = _frozen_state()
    if fit:
        write_calibration(report["calibration"])
    if as_json:
        typer.echo(dumps(report))
        return
    typer.echo("\n".join([*report_lines(report), _frozen_line(report["blind_frozen"])]))


def assist(
    seconds: float = typer.Option(3.0, "--seconds", help="Meettijd per onderdeel (warm)."),
    sessions: int = typer.Option(
        200, "--sessions", min=0, max=1000, help="Gelijktijdige live sessies (0 = overslaan)."
    ),
    live_seconds: float = typer.Option(
        30.0, "--live-seconds", min=1.0, max=600.0, help="Duur van de live meting."
    ),
    no_blind_test: bool = typer.Option(
        False, "--no-blind-test", help="Laat de bevroren blinde testset weg (tijdens tunen)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Registratieconcepten tegen de TF-IDF-basislijn, snelheid per beurt en live sessies.

    Elk kwaliteitscijfer in drie kolommen: eigen set, blind dev, blind test."""
    from reisgenoot.bench.assist import EVALUATION, run_assist_bench, train_baseline
    from reisgenoot.bench.assist_blind import three_columns

    if not (EVALUATION / "gold.jsonl").is_file():
        raise InputError(
            "no corpus", code="bestand_onleesbaar", file=str(EVALUATION), detail="bestaat niet"
        )
    report = run_assist_bench(EVALUATION, seconds=seconds)
    report["columns"] = three_columns(
        test=not no_blind_test, predict=train_baseline(), progress=_progress
    )
    report["blind_frozen"] = _frozen_state()
    if sessions:
        from reisgenoot.bench.assist_live import run_live_bench

        report["live"] = run_live_bench(
            sessions,
            duration=live_seconds,
            progress=lambda text: typer.echo(f"live: {text}", err=True),
        )
    if as_json:
        typer.echo(dumps(report))
        return
    _print_assist(report)


def _print_assist(report: dict[str, Any]) -> None:
    from reisgenoot.bench.sets import table

    speed = report["speed"]
    for line in table(report["columns"]["columns"], title="Registratie"):
        typer.echo(line)
    typer.echo(_frozen_line(report["blind_frozen"]))
    typer.echo("")
    typer.echo(f"Batch:              {speed['ours_transcripts_per_s']:.0f} gesprekken/s")
    typer.echo(
        f"Per beurt:          p50 {speed['turn_p50_ms']:.2f} ms, p95 {speed['turn_p95_ms']:.2f} ms"
    )
    if "live" in report:
        live = report["live"]
        typer.echo(
            f"Live ({live['connected']}/{live['sessions']} sessies): "
            f"beurt→suggestie p50 {live['p50_ms']:.1f} ms, p95 {live['p95_ms']:.1f} ms, "
            f"{live['turns_per_s']:.0f} beurten/s, {live['errors']} fouten"
        )


def training(
    no_blind_test: bool = typer.Option(
        False, "--no-blind-test", help="Laat de bevroren blinde testset weg (tijdens tunen)."
    ),
    errors: bool = typer.Option(
        False, "--errors", help="Toon de verschillen per gesprek van de eigen set."
    ),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Feedback op oefengesprekken tegen opleiders: Cohen's kappa per criterium en onjuiste uitspraken.

    Elk cijfer in drie kolommen (eigen set, blind dev, blind test), naast de vorige versie."""
    from reisgenoot.bench.sets import table
    from reisgenoot.bench.training import rows, run_training_bench

    report = run_training_bench(test=not no_blind_test, progress=_progress)
    report["blind_frozen"] = _frozen_state()
    if as_json:
        typer.echo(dumps(report))
        return
    for line in table(rows(report), title="Oefengesprekken"):
        typer.echo(line)
    typer.echo(_frozen_line(report["blind_frozen"]))
    if errors:  # the own set only: blind items are judged without being read
        for error in (report["current"].get("own") or {}).get("errors", []):
            typer.echo(dumps(error))


def llm(
    base_url: str = typer.Option(
        ..., "--base-url", help="OpenAI-compatibele server, bv. http://127.0.0.1:8080."
    ),
    model: str = typer.Option(..., "--model", help="Naam van het model op die server."),
    api_key: str | None = typer.Option(
        None, "--api-key", envvar="REISGENOOT_LLM_API_KEY", help="API-sleutel."
    ),
    timeout: float = typer.Option(
        20.0, "--timeout", min=0.1, max=600.0, help="Seconden per antwoord."
    ),
    limit: int = typer.Option(50, "--limit", min=1, max=100_000, help="Eerste N items per set."),
    no_blind_test: bool = typer.Option(
        False, "--no-blind-test", help="Laat de bevroren blinde testset weg (tijdens tunen)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Taalmodel naast het pad zonder model: antwoorden, registratie en escalatie.

    Elk cijfer voor beide paden, in drie kolommen: eigen set, blind dev, blind test."""
    from reisgenoot.bench.llm import report_lines, run_llm_bench

    report = run_llm_bench(
        base_url, model, api_key=api_key, timeout=timeout, limit=limit,
        blind_test=not no_blind_test, progress=_progress,
    )  # fmt: skip
    report["blind_frozen"] = _frozen_state()
    if as_json:
        typer.echo(dumps(report))
        return
    typer.echo("\n".join([*report_lines(report), _frozen_line(report["blind_frozen"])]))


def learning(
    root: Path = typer.Option(Path("."), "--root", help="De map van de repository."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    no_blind_test: bool = typer.Option(
        False, "--no-blind-test", help="Zonder de kolom blind test (tijdens het afstemmen)."
    ),
    no_speed: bool = typer.Option(
        False, "--no-speed", help="Zonder trainingstijd en web-app tijdens het trainen."
    ),
) -> None:
    """Leren van bevestigd werk: import van de eigen set, een gesimuleerde stroom van
    contacten (UPL na 0, 100, 500 en 2.000 bevestigingen, naast blind dev en blind test), de
    trainingstijd op 10.000 voorbeelden en de web-app tijdens het trainen."""
    from reisgenoot.bench.learning import report_lines, run

    needed = [
        root / "evaluation" / "assist" / "gold.jsonl",
        root / "training-data" / "transcripts" / "gold.jsonl",
        root / "evaluation" / "blind" / "transcripts" / "dev" / "gold.jsonl",
    ]
    if not no_speed:
        needed.append(root / "training-data" / "upl.jsonl")
    for path in needed:
        if not path.is_file():
            raise InputError(
                "no set", code="bestand_onleesbaar", file=str(path), detail="bestaat niet"
            )
    report = run(root, progress=_progress, blind_test=not no_blind_test, speed=not no_speed)
    typer.echo(dumps(report) if as_json else "\n".join(report_lines(report)))


def register(app: typer.Typer) -> None:
    """Add the ``bench`` group: language, assist, signals, knowledge, training, learning, speech."""
    bench = typer.Typer(help="Metingen (niet in CI): snelheid, geheugen en kwaliteit.")

    @bench.command("language")
    def language(
        corpus: Path = typer.Option(_CORPUS, "--corpus", help="JSON Lines met gelabelde teksten."),
        seconds: float = typer.Option(3.0, "--seconds", help="Meettijd per onderdeel (warm)."),
        no_deduce: bool = typer.Option(False, "--no-deduce", help="Sla deduce over."),
        no_speed: bool = typer.Option(False, "--no-speed", help="Alleen kwaliteit, geen snelheid."),
        no_blind_test: bool = typer.Option(
            False, "--no-blind-test", help="Laat de bevroren blinde testset weg (tijdens tunen)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    ) -> None:
        """Kwaliteit (eigen set, blind dev, blind test) en redactie tegen deduce, plus toon en B1."""
        from reisgenoot.bench.language import run_benchmark
        from reisgenoot.bench.language_quality import language_quality, quality_lines

        if not corpus.is_file():
            raise InputError(
                "no corpus", code="bestand_onleesbaar", file=str(corpus), detail="bestaat niet"
            )
        report: dict[str, Any] = {}
        if not no_speed:
            engines = ("ours", "tone", "b1") if no_deduce else ("ours", "deduce", "tone", "b1")
            report = run_benchmark(corpus, seconds=seconds, engines=engines)
        report["quality"] = language_quality(test=not no_blind_test, progress=_progress)
        report["blind_frozen"] = _frozen_state()
        if as_json:
            typer.echo(dumps(report))
            return
        lines = [*quality_lines(report["quality"]), _frozen_line(report["blind_frozen"])]
        if not no_speed:
            lines += ["", *report_lines(report)]
        for line in lines:
            typer.echo(line)

    @bench.command("signals")
    def signals(
        contacts: int = typer.Option(1_000_000, "--contacts", min=1000, help="Aantal contacten."),
        database_url: str | None = typer.Option(
            None,
            "--database-url",
            envvar="REISGENOOT_DATABASE_URL",
            help="PostgreSQL-server om ook daar te meten (in een tijdelijke database).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    ) -> None:
        """Signalen over 1.000.000 contacten: SQLite en PostgreSQL (doel ≤ 10 s)."""
        from reisgenoot.bench.signals import report_lines, run_signals_bench

        report = run_signals_bench(contacts, database_url)
        typer.echo(dumps(report) if as_json else "\n".join(report_lines(report)))

    bench.command("assist")(assist)
    bench.command("learning")(learning)
    bench.command("knowledge")(knowledge)
    bench.command("training")(training)
    bench.command("llm")(llm)
    from reisgenoot.cli.bench_speech import speech

    bench.command("speech")(speech)
    from reisgenoot.cli.bench_scale import scale

    bench.command("scale")(scale)
    app.add_typer(bench, name="bench")
