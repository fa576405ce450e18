"""The registration draft of a conversation, shaped like a Klantinteracties klantcontact.

:func:`draft_registration` returns exactly the contracts §7 object: the klantcontact fields at top
level, ``vragen`` (main question first), ``interneTaak``, ``betrokkenen``, ``actoren``, ``tone``,
``complex`` and ``explanations`` (field path → ``{"why", "turns", "confidence"}``; ``turns`` are
0-based indices into the transcript's turns). A question whose product is unsure (confidence
below "hoog") carries ``ookMogelijk``: up to two other UPL products for the employee to pick
from — a suggestion, never stored or sent as registration data.

Each turn is analysed once by the language core (:mod:`reisgenoot.assist.analysed`); the steps
read that analysis: the questions and their products (:mod:`~reisgenoot.assist.topics`), the
outcome and follow-up (:mod:`~reisgenoot.assist.outcome`), the sentences of the specific
question and the reactie (:mod:`~reisgenoot.assist.wording`) and the resident's name, contact
details and tone (:mod:`~reisgenoot.assist.resident`). Live assist passes the analyses it keeps.

Personal data: ``onderwerp``, ``inhoud``, ``specifiekeVraag``, ``reactie`` and the task's
``toelichting`` are redacted (type tags removed where a sentence can do without them), and each composed field
is redacted once more as it stands (:func:`~reisgenoot.assist.wording.settled`). Only the
betrokkene carries a name (when the resident gave one) and, for a callback, the phone number or
e-mail address the resident gave (contracts §11). Storing a draft: :mod:`reisgenoot.assist.concept`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from reisgenoot.assist import generated, tables
from reisgenoot.assist.agreement import decide
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turns
from reisgenoot.assist.known_data import KnownData, holds_known, known_data, scrub_known
from reisgenoot.assist.negated_splits import side_questions
from reisgenoot.assist.outcome import Finding, FollowUp, follow_up, gespreksresultaat
from reisgenoot.assist.resident import betrokkenen, resident_tone, vulnerable_turns
from reisgenoot.assist.scrub import known_addresses, known_names, scrub
from reisgenoot.assist.timing import times_and_offers
from reisgenoot.assist.topics import Question, detect_questions
from reisgenoot.assist.transcript import Transcript
from reisgenoot.assist.upl_confidence import calibrated
from reisgenoot.assist.wording import (
    clean,
    end_sentence,
    first_sentence,
    reactie,
    settled,
    specifieke_vraag,
)
from reisgenoot.contacts.actors import assistant_fields
from reisgenoot.language.text import detect_language, shorten
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.web.formatting import zekerheid

ONDERWERP_MAX = 200
INHOUD_MAX = 1000
REACTIE_MAX = 4000
ANSWER_MAX = 220  # of the reactie's first sentence, in the inhoud
DEFAULT_KANAAL = "Telefoon"
PHRASES = tables.load("registration.yaml")
CONFIDENTIAL = frozenset(PHRASES["confidential"])
SPECIALIST = frozenset(PHRASES["specialist"])
OPENERS: dict[str, str] = PHRASES["openers"]
OUTCOME_SENTENCES: dict[str, str] = PHRASES["outcome_sentences"]
TONE_SENTENCES: dict[str, str] = PHRASES["tone_sentences"]
HELPED = ("Afgehandeld na ruggespraak", "Doorverbonden naar collega")
HANDLED = "Zelfstandig afgehandeld"  # its sentence ("Uitleg gegeven.") repeats the explanation
ALSO_POSSIBLE = 2  # other products shown to the employee when a question's product is unsure


def _explain(why: str, turns: Sequence[int], confidence: float) -> dict[str, Any]:
    return {"why": why, "turns": sorted(set(turns)), "confidence": round(confidence, 2)}


def _inhoud(
    kanaal: str,
    vragen: Sequence[dict[str, Any]],
    task: FollowUp | None,
    tone: str,
    answer: str,
    times: Sequence[str] = (),
    untaken: Sequence[str] = (),
) -> str:
    """At most three sentences (question; explanation; outcome with the other questions and the
    tone) plus what was agreed. The explanation is not a sentence that offers times the
    resident did not take (``untaken``)."""
    opener = OPENERS.get(kanaal, f"Contact via {kanaal} over")
    first = vragen[0]
    parts = [f"{opener} {first['upl']}: {end_sentence(first['specifiekeVraag'])}"]
    explained = first_sentence(answer)
    while explained and any(offer.lower() in explained.lower() for offer in untaken):
        answer = answer[len(explained) :].lstrip()
        explained = first_sentence(answer)
    if explained:
        parts.append(f"Uitleg gegeven: {end_sentence(shorten(explained, ANSWER_MAX))}")
    closing = (
        []
        if explained and first["gespreksresultaat"] == HANDLED
        else [OUTCOME_SENTENCES[first["gespreksresultaat"]].rstrip(".")]
    )
    others = [v["upl"] for v in vragen[1:] if v["upl"] != first["upl"]]
    if others:
        closing.append(f"ook gevraagd over {' en '.join(dict.fromkeys(others))}")
    if tone in TONE_SENTENCES:
        closing.append(TONE_SENTENCES[tone].rstrip(".").replace("Inwoner", "inwoner"))
    if closing:
        sentence = "; ".join(closing)
        parts.append(f"{sentence[0].upper()}{sentence[1:]}.")
    if task is not None:
        handeling = task.gevraagde_handeling
        parts.append(f"Afgesproken: {handeling[0].lower()}{handeling[1:]}.")
    if times:
        parts.append(f"Afspraak of termijn: {'; '.join(times)}.")
    return shorten(clean(" ".join(parts)), INHOUD_MAX)


def _interne_taak(
    task: FollowUp | None,
    vragen: Sequence[dict[str, Any]],
    owners: Sequence[Sequence[int]],
    times: Sequence[str] = (),
) -> dict[str, str] | None:
    if task is None:
        return None
    first = next(
        (v for v, own in zip(vragen, owners, strict=False) if task.turns[0] in own), vragen[0]
    )
    toelichting = f"{task.gevraagde_handeling} over {first['upl']}: {first['specifiekeVraag']}"
    if task.promise:
        toelichting += f" Toezegging: {clean(task.promise)}"
    if times:
        toelichting += f" Tijd: {'; '.join(times)}."
    return {
        "gevraagdeHandeling": shorten(task.gevraagde_handeling, 200),
        "toelichting": shorten(clean(toelichting), 1000),
    }


def _vragen(
    turns: Sequence[AnalysedTurn], known: KnownData = ()
) -> tuple[list[dict[str, Any]], dict[str, Any], list[Finding], list[Question]]:
    vragen: list[dict[str, Any]] = []
    explanations: dict[str, Any] = {}
    outcomes: list[Finding] = []
    questions = side_questions(turns, detect_questions(turns))
    sure = calibrated(questions)
    for number, question in enumerate(questions):
        specific, specific_turns = specifieke_vraag(turns, question, known)
        outcome = gespreksresultaat(turns, question.turns if len(questions) > 1 else None)
        outcomes.append(outcome)
        vragen.append(
            {"upl": question.upl, "specifiekeVraag": specific, "gespreksresultaat": outcome.value}
        )
        words = ", ".join(f"'{w}'" for w in question.evidence[:4]) or "de woorden van de inwoner"
        explanations[f"vragen[{number}].upl"] = _explain(
            f"UPL-product herkend uit {words}",
            [i for i in question.turns if turns[i].is_resident][:6],
            sure[number],
        )
        explanations[f"vragen[{number}].specifiekeVraag"] = _explain(
            "zin van de inwoner die de vraag het best weergeeft (persoonsgegevens verwijderd)",
            specific_turns,
            0.6,
        )
        said = (
            ", ".join(f"'{clean(w)}'" for w in outcome.words) or "geen bijzondere afloop gevonden"
        )
        explanations[f"vragen[{number}].gespreksresultaat"] = _explain(
            f"{outcome.value}: {said}", outcome.turns, outcome.confidence
        )
    return vragen, explanations, outcomes, questions


def _also_possible(draft: dict[str, Any], questions: Sequence[Question]) -> dict[str, Any]:
    """``draft`` with ``ookMogelijk`` on each question whose product is not sure (confidence
    label below "hoog"): the classifier's next products, at most :data:`ALSO_POSSIBLE`, by
    their UPL names. When the language model's second opinion replaced the product, the
    classifier's first product is one of them. A suggestion for the employee, not registration
    data: nothing stored or sent reads it."""
    for number, (vraag, question) in enumerate(zip(draft["vragen"], questions, strict=True)):
        if zekerheid(draft["explanations"][f"vragen[{number}].upl"]["confidence"]) == "hoog":
            continue
        ranked = [question.upl, *(upl for upl, _ in question.alternatives)]
        others = [upl for upl in dict.fromkeys(ranked) if upl != vraag["upl"]]
        if others:
            vraag["ookMogelijk"] = others[:ALSO_POSSIBLE]
    return draft


def _given_names(people: Sequence[dict[str, Any]]) -> list[str]:
    """The name parts of the betrokkenen (they are scrubbed from the texts too)."""
    return [str(v) for p in people for v in (p.get("contactnaam") or {}).values() if v]


@dataclass(frozen=True, slots=True)
class _Redaction:
    """What a composed field loses: the conversation's names, addresses and other personal data
    (:func:`~reisgenoot.assist.scrub.scrub`, then :func:`~reisgenoot.assist.known_data.scrub_known`)."""

    names: frozenset[str]
    addresses: frozenset[str]
    known: KnownData

    def __call__(self, text: str, keep: Sequence[str] = ()) -> str:
        return scrub_known(scrub(text, self.names, self.addresses, keep), self.known)


def _scrub_task(
    task: dict[str, str] | None, redact: _Redaction, keep: Sequence[str]
) -> dict[str, str] | None:
    if task is None:
        return None
    scrubbed = {key: redact(value, keep) for key, value in task.items()}
    scrubbed["toelichting"] = settled(scrubbed["toelichting"], keep)
    return scrubbed


def _taal(turns: Sequence[AnalysedTurn]) -> str:
    """The resident's language, from the words of their turns' analyses."""
    resident = [t.analysis for t in turns if t.is_resident]
    text = " ".join(a.text for a in resident)
    known = [word for a in resident for word in a.words()]
    return detect_language(text, known_words=known) if text else "nld"


def _complex(
    tone: dict[str, Any], vragen: Sequence[dict[str, Any]], turns: Sequence[AnalysedTurn]
) -> tuple[bool, str, list[int]]:
    reasons: list[str] = []
    if tone["escalate"]:
        reasons.append("toon vraagt om escalatie: " + ", ".join(tone["escalate_reasons"]))
    if any(v["upl"] in SPECIALIST for v in vragen):
        reasons.append("onderwerp vraagt om een specialist")
    if vragen[0]["gespreksresultaat"] in HELPED:
        reasons.append("medewerker had hulp nodig")
    vulnerable = vulnerable_turns(turns)
    if vulnerable:
        reasons.append("inwoner is kwetsbaar of raakt de weg kwijt")
    return (
        bool(reasons),
        "; ".join(reasons) or "geen reden voor specialistische aandacht",
        vulnerable,
    )


def _task_why(task: FollowUp | None) -> str:
    if task is None:
        return "geen terugbelverzoek of doorzetten naar een afdeling afgesproken"
    said = ", ".join(f"'{clean(w)}'" for w in task.words)
    return f"{task.gevraagde_handeling}: {said}"


def _kanaal_why(kanaal: str | None, transcript: Transcript) -> str:
    if kanaal:
        return "opgegeven met --kanaal"
    return "uit het JSON-bestand" if transcript.kanaal else "standaard voor tekst en WebVTT"


def draft_registration(
    transcript: Transcript,
    *,
    kanaal: str | None = None,
    medewerker: str | None = None,
    analysed: Sequence[AnalysedTurn] | None = None,
    model: GuardedModel | None = None,
) -> dict[str, Any]:
    """The contracts §7 registration draft of ``transcript``.

    ``analysed`` are its turns with their analyses when the caller keeps them (live assist);
    otherwise each turn is analysed here, once.
    """
    turns = analyse_turns(transcript.turns) if analysed is None else analysed
    if len(turns) != len(transcript.turns):
        raise ValueError("the analysed turns are not the transcript's turns")
    chosen_kanaal = (kanaal or transcript.kanaal or DEFAULT_KANAAL)[:50]
    known = known_data(turns)
    vragen, explanations, outcomes, questions = _vragen(turns, known)
    owners = [q.turns for q in questions]
    main = owners[0] if len(owners) > 1 else None
    outcomes[0], task = decide(turns, outcomes[0], follow_up(turns), question=main)
    if vragen[0]["gespreksresultaat"] != outcomes[0].value:
        vragen[0]["gespreksresultaat"] = outcomes[0].value
        said = (
            ", ".join(f"'{clean(w)}'" for w in outcomes[0].words) or "het verloop van het gesprek"
        )
        explanations["vragen[0].gespreksresultaat"] = _explain(
            f"{outcomes[0].value}: {said}", outcomes[0].turns, outcomes[0].confidence
        )
    answer, answer_turns = reactie(turns, range(len(turns)))
    tone, tone_turns = resident_tone(turns)
    is_complex, complex_why, complex_turns = _complex(tone, vragen, turns)
    people, people_turns, people_why = betrokkenen(turns, task)
    redact = _Redaction(known_names(turns, _given_names(people)), known_addresses(turns), known)
    keep = [v["upl"] for v in vragen]
    for vraag in vragen:
        vraag["specifiekeVraag"] = settled(redact(vraag["specifiekeVraag"]))
    answer = redact(answer)
    agreed, untaken = times_and_offers(turns)
    times = [redact(phrase) for _, phrase in agreed if not holds_known(phrase, known)]
    taal = _taal(turns)
    vertrouwelijk = any(v["upl"] in CONFIDENTIAL for v in vragen)
    started = transcript.started_at
    gelukt = outcomes[0].value != "Verbinding verbroken"
    result: dict[str, Any] = {
        "kanaal": chosen_kanaal,
        "onderwerp": settled(
            shorten(f"{vragen[0]['upl']} ({vragen[0]['specifiekeVraag']})", ONDERWERP_MAX), keep
        ),
        "inhoud": settled(
            redact(
                _inhoud(chosen_kanaal, vragen, task, tone["word"], answer, times, untaken), keep
            ),
            keep,
        ),
        "reactie": shorten(answer, REACTIE_MAX),
        "indicatieContactGelukt": gelukt,
        "taal": taal,
        "vertrouwelijk": vertrouwelijk,
        "plaatsgevondenOp": started.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if started
        else None,
        "vragen": vragen,
        "interneTaak": _scrub_task(_interne_taak(task, vragen, owners, times), redact, keep),
        "betrokkenen": people,
        "actoren": [
            {"naam": medewerker or "Medewerker KCC", "soortActor": "medewerker"},
            assistant_fields(),
        ],
        "tone": tone,
        "complex": is_complex,
    }
    explanations.update(
        {
            "kanaal": _explain(_kanaal_why(kanaal, transcript), [], 1.0),
            "onderwerp": _explain(
                "UPL-product van de hoofdvraag met de specifieke vraag",
                explanations["vragen[0].upl"]["turns"],
                explanations["vragen[0].upl"]["confidence"],
            ),
            "inhoud": _explain(
                "korte samenvatting uit vragen, antwoord en afloop; persoonsgegevens verwijderd",
                list(range(len(turns))),
                0.6,
            ),
            "reactie": _explain("uitleg van de medewerker", answer_turns, 0.6),
            "indicatieContactGelukt": _explain(
                "verbinding verbroken" if not gelukt else "gesprek afgerond",
                list(outcomes[0].turns),
                outcomes[0].confidence,
            ),
            "taal": _explain(
                f"taal van de inwoner herkend als {taal}",
                [i for i, t in enumerate(turns) if t.is_resident][:3],
                0.8,
            ),
            "vertrouwelijk": _explain(
                "gevoelig onderwerp" if vertrouwelijk else "geen gevoelig onderwerp", [], 0.7
            ),
            "plaatsgevondenOp": _explain(
                "tijd van de eerste beurt" if started else "geen tijden in de invoer",
                [0] if started else [],
                1.0,
            ),
            "interneTaak": _explain(
                _task_why(task), list(task.turns) if task else [], task.confidence if task else 0.7
            ),
            "betrokkenen": _explain(people_why, people_turns, 0.7),
            "actoren": _explain(
                "de medewerker die het gesprek voerde en Reisgenoot als geautomatiseerde actor",
                [],
                1.0,
            ),
            "tone": _explain(
                f"toon van de inwoner: {tone['tone']}",
                tone_turns,
                max(0.5, min(0.95, tone["intensity"] or 0.6)),
            ),
            "complex": _explain(complex_why, complex_turns, 0.6),
        }
    )
    result["explanations"] = explanations
    return _also_possible(generated.apply(model, result, turns), questions)
