"""``reisgenoot bench speech``: speech to text on spoken calls, beside the written transcripts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from reisgenoot.cli.io import dumps
from reisgenoot.errors import InputError


def _backend(kind: str, model_dir: Path | None, url: str | None, model: str | None) -> Any:
    from reisgenoot.cli.context import settings
    from reisgenoot.speech.backends import backend_from_settings

    current = settings()
    if kind == "faster-whisper":
        folder = model_dir or current.speech_model_dir
        if folder is None:
            raise InputError("no model", detail="geef --model-dir MAP met een Whisper-model")
        return backend_from_settings(current.model_copy(update={"speech_model_dir": folder}))
    if kind == "openai":
        address = url or current.speech_url
        if not address:
            raise InputError("no url", detail="geef --url van de spraakserver")
        update = {"speech_model_dir": None, "speech_url": address}
        if model:
            update["speech_model"] = model
        return backend_from_settings(current.model_copy(update=update))
    backend = backend_from_settings(current)
    if backend is None:
        raise InputError(
            "no backend", detail="kies --backend faster-whisper of openai, of stel spraak in"
        )
    return backend


def _lines(report: dict[str, Any]) -> list[str]:
    lines = [f"Spraak: {report['backend']}, {report['calls']} telefoongesprekken (espeak-ng)", ""]
    modes = [m for m in ("stereo", "mono") if m in report]
    lines.append(f"{'':<28}{'geschreven':>12}" + "".join(f"{m:>12}" for m in modes))
    lines.append(
        f"{'woordfoutkans (WER)':<28}{'—':>12}"
        + "".join(f"{report[m]['wer']:>12.1%}" for m in modes)
    )
    lines.append(
        f"{'woorden juiste spreker':<28}{'—':>12}"
        + "".join(f"{report[m]['speaker_words']:>12.1%}" for m in modes)
    )
    for key, label in (
        ("upl_accuracy", "onderwerp (UPL) juist"),
        ("gespreksresultaat_accuracy", "gespreksresultaat juist"),
        ("follow_up_f1", "vervolgactie F1"),
    ):
        lines.append(
            f"{label:<28}{report['written'][key]:>12.1%}"
            + "".join(f"{report[m][key]:>12.1%}" for m in modes)
        )
    lines.append(
        f"{'lekken persoonsgegevens':<28}{report['written']['pii_leaks']:>12}"
        + "".join(f"{report[m]['pii_leaks']:>12}" for m in modes)
    )
    lines.append(
        f"{'rekentijd / gesprekstijd':<28}{'—':>12}"
        + "".join(f"{report[m]['realtime_factor']:>12.2f}" for m in modes)
    )
    latency = report.get("latency")
    if latency and latency.get("utterances"):
        lines += [
            "",
            f"Einde beurt → voorstel ({latency['utterances']} beurten, live, stereo, "
            f"{'met' if latency['partials'] else 'zonder'} tussentijdse tekst): "
            f"p50 {latency['p50_s']:.2f} s, p95 {latency['p95_s']:.2f} s, max {latency['max_s']:.2f} s "
            f"(waarvan voorstellen p50 {latency['suggestions_p50_s']:.2f} s)",
        ]
    return lines


def speech(
    backend: str = typer.Option(
        "instelling", "--backend", help="faster-whisper, openai of instelling (uit de settings)."
    ),
    model_dir: Path | None = typer.Option(None, "--model-dir", help="Map met een Whisper-model."),
    url: str | None = typer.Option(None, "--url", help="Adres van de spraakserver (openai)."),
    model: str | None = typer.Option(None, "--model", help="Modelnaam op de spraakserver."),
    calls: int = typer.Option(12, "--calls", min=1, max=51, help="Aantal telefoongesprekken."),
    mono: bool = typer.Option(True, "--mono/--no-mono", help="Ook de mono-opname meten."),
    latency_calls: int = typer.Option(
        3, "--latency-calls", min=0, max=20, help="Gesprekken voor de live latentie (0 = niet)."
    ),
    partials: bool = typer.Option(
        True, "--partials/--no-partials", help="Live: ook tussentijdse tekst tijdens het spreken."
    ),
    language: str | None = typer.Option("nl", "--language", help="Taalcode voor het model."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Spraak naar tekst: woordfoutkans, registratie uit spraak naast geschreven tekst, latentie."""
    from reisgenoot.bench.speech import run_speech_bench
    from reisgenoot.bench.speech_audio import espeak

    if backend not in ("faster-whisper", "openai", "instelling"):
        raise InputError("bad backend", detail="--backend is faster-whisper, openai of instelling")
    from reisgenoot.bench.assist import EVALUATION

    espeak()  # a clear message when espeak-ng is missing
    if not (EVALUATION / "gold.jsonl").is_file():
        raise InputError(
            "no corpus", code="bestand_onleesbaar", file=str(EVALUATION), detail="bestaat niet"
        )
    report = run_speech_bench(
        _backend(backend, model_dir, url, model),
        limit=calls,
        mono=mono,
        latency_calls=latency_calls,
        partials=partials,
        language=language or None,
        progress=lambda text: typer.echo(f"meten: {text}", err=True),
    )
    typer.echo(dumps(report) if as_json else "\n".join(_lines(report)))
