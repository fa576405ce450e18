"""The registration draft of a conversation, shaped like a Klantinteracties klantcontact.

:func:`draft_registration` returns exactly the contracts §7 object: the klantcontact fields at top
level, ``vragen`` (main question first), ``interneTaak``, ``betrokkenen``, ``actoren``, ``tone``,
``complex`` and ``explanations`` (field path → ``{"why", "turns", "confidence"}``; ``turns`` are
0-based indices into the transcript's turns).

Personal data: ``onderwerp``, ``inhoud``, ``specifiekeVraag``, ``reactie`` and the task's
``toelichting`` are redacted (type tags removed where a sentence can do without them). Only the
betrokkene carries a name (when the resident gave one) and, for a callback, the phone number or
e-mail address the resident gave (contracts §11).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

from sqlalchemy.orm import Session

from reisgenoot.assist.outcome import Finding, FollowUp, follow_up, gespreksresultaat
from reisgenoot.assist.topics import Question, detect_questions, normalise
from reisgenoot.assist.transcript import Transcript, Turn
from reisgenoot.contacts.actors import assistant_fields
from reisgenoot.contacts.models import Betrokkene, InterneTaak, Klantcontact, Vraag
from reisgenoot.contacts.models import Turn as ContactTurn
from reisgenoot.language.pii import Entity, detect, redact
from reisgenoot.language.text import detect_language, sentences
from reisgenoot.language.tone import ToneResult, analyse_tone
from reisgenoot.store import audit

ONDERWERP_MAX = 200
INHOUD_MAX = 1000
REACTIE_MAX = 4000
SPECIFIEK_MAX = 180
DEFAULT_KANAAL = "Telefoon"
CONFIDENTIAL = frozenset(
    {
        "openbare geestelijke gezondheidszorg (oggz)",
        "tijdelijk huisverbod",
        "vrouwenopvang",
        "brp-geheimhoudingsverzoek",
        "crisisopvang",
        "verslavingszorg",
        "jeugdhulp",
    }
)
SPECIALIST = frozenset(
    {
        "schuldhulpverlening",
        "openbare geestelijke gezondheidszorg (oggz)",
        "tijdelijk huisverbod",
        "vrouwenopvang",
        "jeugdhulp",
        "crisisopvang",
    }
)
OPENERS = {
    "Telefoon": "Inwoner belde over",
    "E-mail": "Inwoner mailde over",
    "Contactformulier": "Contactformulier over",
    "Live chat": "Chatgesprek over",
    "WhatsApp": "WhatsApp-bericht over",
    "Balie": "Inwoner aan de balie over",
}
OUTCOME_SENTENCES = {
    "Zelfstandig afgehandeld": "Uitleg gegeven.",
    "Afgehandeld na ruggespraak": "Na overleg met een collega uitleg gegeven.",
    "Afgehandeld, klant belt terug": "Inwoner belt zelf terug.",
    "Doorverbonden naar afdeling": "Doorverbonden naar de vakafdeling.",
    "Doorverbonden naar collega": "Doorverbonden naar een collega.",
    "Klant neemt opnieuw contact op": "Inwoner neemt later opnieuw contact op.",
    "Verbinding verbroken": "Verbinding viel weg.",
    "Verwezen naar ander instantie": "Verwezen naar een andere instantie.",
}
TONE_SENTENCES = {"boos": "Inwoner was boos.", "bezorgd": "Inwoner maakte zich zorgen."}
_GREETING = re.compile(
    r"^\s*((ja,? )?(goede(n)?(morgen|middag|avond)|hallo|hoi|dag|hey|beste)[\w ]{0,20}?[,.!]?\s*|"
    r"(u spreekt met|met|mijn naam is|ik ben) [^,.!?]{0,40}[,.!]\s*)+",
    re.IGNORECASE,
)
_QUESTIONISH = re.compile(
    r"\?|\b(hoe|wat|wanneer|waar|waarom|kan ik|kunt u|wil graag|ik wil|moet ik|mag ik|zou ik|"
    r"ik zoek|ik heb een vraag|ik bel over|ik bel omdat|niet opgehaald|kapot|kwijt|gestolen|doet het niet)\b",
    re.IGNORECASE,
)
_SMALL_TALK = re.compile(
    r"^(fijn|graag gedaan|dank|prima|oké|ok)\b|spreekt met|waarmee kan ik|wat kan ik voor (u|je) doen|"
    r"^(gemeente|goede(morgen|middag|avond))\b|nog een fijne dag|kan ik (u|je) (verder )?nog ergens",
    re.IGNORECASE,
)
_LEAD_CUE = re.compile(
    r"^(en |o ja,? |oh ja,? |verder )?(ik heb )?(ook )?(nog )?(een |één )?(andere |tweede )?(vraag|iets anders|ding)"
    r"( over| hoor)?\s*[:,.!-]\s*",
    re.IGNORECASE,
)
_TAG = re.compile(r"\s*\[[A-Z_]+\]")
_REPRESENTATIVE = re.compile(
    r"\b(namens|voor) (mijn|m'n) (moeder|vader|oma|opa|zoon|dochter|broer|zus|buurman|buurvrouw|"
    r"cliënt|client|man|vrouw|partner|tante|oom)\b|\bik ben (de |haar |zijn )?(bewindvoerder|mantelzorger|"
    r"curator|mentor|begeleider)\b|\bik bel voor (mijn|m'n|iemand)\b",
    re.IGNORECASE,
)
_VULNERABLE = re.compile(
    r"ik (snap|begrijp) (het|er) (echt )?niets? (meer )?van|ik weet (het )?niet meer wat ik moet|"
    r"ik kan (niet|slecht) (goed )?lezen|mijn nederlands is niet|ik ben (helemaal )?alleen|"
    r"ik zie het niet meer zitten|ik ben ten einde raad|ik heb geen eten|ik word uit (mijn|het) huis gezet",
    re.IGNORECASE,
)
_PREFIXES = (
    "van der",
    "van den",
    "van de",
    "in 't",
    "van 't",
    "van",
    "de",
    "den",
    "der",
    "ter",
    "te",
    "ten",
    "'t",
    "op de",
)
_TITLES = re.compile(r"^(mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|heer)\s+", re.IGNORECASE)
_NAME_CUE = re.compile(
    r"(u spreekt met|mijn naam is|met|ik ben|naam is)\s+(mevrouw |meneer |de heer )?$",
    re.IGNORECASE,
)


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ")
    return cut + "…"


def clean(text: str) -> str:
    """Redacted text with the type tags dropped (a sentence reads better without "[NAAM]")."""
    redacted = redact(text).text
    cleaned = _TAG.sub("", redacted)
    cleaned = re.sub(r"\s+([,.?!])", r"\1", cleaned)
    cleaned = re.sub(r"([,.]){2,}", r"\1", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ,")


def _sentence_score(text: str, evidence: Sequence[str]) -> float:
    lemmas = " ".join(normalise(text))
    score = 0.0
    score += sum(2.0 for phrase in evidence if phrase and phrase in lemmas)
    score += 1.0 if _QUESTIONISH.search(text) else 0.0
    score -= 3.0 if detect(text) else 0.0
    score -= 4.0 if len(text) < 12 else 0.0
    return score


def specifieke_vraag(turns: Sequence[Turn], question: Question) -> tuple[str, list[int]]:
    """The resident sentence that states the question best, redacted, ≤ 180 characters."""
    best: tuple[float, int, str] | None = None
    for position, index in enumerate(question.turns):
        turn = turns[index]
        if not turn.is_resident:
            continue
        for sentence in sentences(_GREETING.sub("", turn.text)):
            score = _sentence_score(sentence.text, question.evidence) - 0.1 * position
            if best is None or score > best[0]:
                best = (score, index, sentence.text)
    if best is None:
        return question.upl, []
    text = clean(_LEAD_CUE.sub("", best[2])) or question.upl
    return _cut(text[0].upper() + text[1:], SPECIFIEK_MAX), [best[1]]


def _reactie(turns: Sequence[Turn], indices: Sequence[int]) -> tuple[str, list[int]]:
    """What the resident was told: the employee's informative sentences."""
    picked: list[str] = []
    used: list[int] = []
    for index in indices:
        turn = turns[index]
        if not turn.is_employee:
            continue
        for sentence in sentences(_GREETING.sub("", turn.text)):
            text = sentence.text
            if len(text) < 25 or text.endswith("?") or _SMALL_TALK.search(text):
                continue
            picked.append(clean(text))
            if index not in used:
                used.append(index)
    return _cut(" ".join(picked[:4]), 600), used


def _tone(turns: Sequence[Turn]) -> tuple[dict[str, Any], list[int]]:
    """The resident's tone: the strongest non-neutral turn (escalation from any turn)."""
    strongest: tuple[ToneResult, int] | None = None
    escalate_reasons: list[str] = []
    cues: list[str] = []
    evidence: list[int] = []
    for index, turn in enumerate(turns):
        if not turn.is_resident or not turn.text:
            continue
        result = analyse_tone(turn.text)
        for reason in result.escalate_reasons:
            if reason not in escalate_reasons:
                escalate_reasons.append(reason)
        if result.tone != "neutraal":
            cues.extend(c for c in result.cues if c not in cues)
            evidence.append(index)
            if strongest is None or result.intensity > strongest[0].intensity:
                strongest = (result, index)
    tone = strongest[0].tone if strongest else "neutraal"
    intensity = strongest[0].intensity if strongest else 0.0
    return (
        {
            "tone": tone,
            "intensity": intensity,
            "escalate": bool(escalate_reasons),
            "escalate_reasons": escalate_reasons,
            "cues": cues[:8],
        },
        evidence,
    )


def _split_name(raw: str) -> dict[str, str]:
    name = _TITLES.sub("", raw.strip())
    lowered = name.lower()
    parts = name.split()
    result = {"voorletters": "", "voornaam": "", "voorvoegselAchternaam": "", "achternaam": ""}
    for prefix in _PREFIXES:
        marker = f" {prefix} "
        at = f" {lowered} ".find(marker)
        if at != -1:
            before, after = name[: max(at - 1, 0)].strip(), name[at + len(prefix) :].strip()
            result["voorvoegselAchternaam"] = prefix
            result["achternaam"] = after
            _first_names(before, result)
            return result
    if len(parts) == 1:
        result["achternaam"] = parts[0]
        return result
    result["achternaam"] = parts[-1]
    _first_names(" ".join(parts[:-1]), result)
    return result


def _first_names(text: str, into: dict[str, str]) -> None:
    if not text:
        return
    if re.fullmatch(r"([A-Z]\.)+", text.replace(" ", "")):
        into["voorletters"] = text.replace(" ", "")
        return
    into["voornaam"] = text
    into["voorletters"] = "".join(f"{p[0].upper()}." for p in text.split())[:10]


def _given_name(turns: Sequence[Turn]) -> tuple[dict[str, str] | None, int | None]:
    for index, turn in enumerate(turns):
        if not turn.is_resident:
            continue
        for entity in detect(turn.text):
            if entity.type == "naam" and _NAME_CUE.search(
                turn.text[max(0, entity.start - 25) : entity.start]
            ):
                return _split_name(entity.text), index
    return None, None


def _contact_details(turns: Sequence[Turn]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for turn in turns:
        if not turn.is_resident:
            continue
        for entity in detect(turn.text):
            kind = {"telefoon": "telefoonnummer", "email": "email"}.get(entity.type)
            if kind and all(d["adres"] != entity.text for d in found):
                found.append({"soortDigitaalAdres": kind, "adres": entity.text})
    return found


def _betrokkenen(
    turns: Sequence[Turn], task: FollowUp | None
) -> tuple[list[dict[str, Any]], list[int], str]:
    name, name_turn = _given_name(turns)
    representative = next(
        (i for i, t in enumerate(turns) if t.is_resident and _REPRESENTATIVE.search(t.text)), None
    )
    betrokkene: dict[str, Any] = {
        "rol": "vertegenwoordiger" if representative is not None else "klant",
        "initiator": True,
        "contactnaam": name,
        "organisatienaam": "",
    }
    if task is not None:
        details = _contact_details(turns)
        if details:
            betrokkene["digitaleAdressen"] = details
    used = [i for i in (name_turn, representative) if i is not None]
    why = "naam genoemd door de inwoner" if name else "geen naam genoemd"
    if representative is not None:
        why += "; belt namens een ander"
    return [betrokkene], used, why


def _explain(why: str, turns: Sequence[int], confidence: float) -> dict[str, Any]:
    return {"why": why, "turns": sorted(set(turns)), "confidence": round(confidence, 2)}


def _inhoud(
    kanaal: str, vragen: Sequence[dict[str, Any]], task: FollowUp | None, tone: str, reactie: str
) -> str:
    opener = OPENERS.get(kanaal, f"Contact via {kanaal} over")
    first = vragen[0]
    parts = [f"{opener} {first['upl']}: {_end(first['specifiekeVraag'])}"]
    if reactie:
        parts.append(f"Gegeven antwoord: {_cut(reactie, 400)}")
    parts.append(OUTCOME_SENTENCES[first["gespreksresultaat"]])
    for other in vragen[1:]:
        parts.append(
            f"Ook gevraagd over {other['upl']}: {_end(other['specifiekeVraag'])} "
            f"{OUTCOME_SENTENCES[other['gespreksresultaat']]}"
        )
    if task is not None:
        handeling = task.gevraagde_handeling
        parts.append(f"Afgesproken: {handeling[0].lower()}{handeling[1:]}.")
    if tone in TONE_SENTENCES:
        parts.append(TONE_SENTENCES[tone])
    return _cut(clean(" ".join(parts)), INHOUD_MAX)


def _interne_taak(
    task: FollowUp | None, vragen: Sequence[dict[str, Any]], owners: Sequence[Sequence[int]]
) -> dict[str, str] | None:
    if task is None:
        return None
    first = next(
        (v for v, own in zip(vragen, owners, strict=False) if task.turns[0] in own), vragen[0]
    )
    toelichting = f"{task.gevraagde_handeling} over {first['upl']}: {first['specifiekeVraag']}"
    if task.promise:
        toelichting += f" Toezegging: {clean(task.promise)}"
    return {
        "gevraagdeHandeling": _cut(task.gevraagde_handeling, 200),
        "toelichting": _cut(clean(toelichting), 1000),
    }


def _vragen(
    transcript: Transcript,
) -> tuple[list[dict[str, Any]], dict[str, Any], list[Finding], list[list[int]]]:
    turns = transcript.turns
    vragen: list[dict[str, Any]] = []
    explanations: dict[str, Any] = {}
    outcomes: list[Finding] = []
    questions = detect_questions(transcript)
    for number, question in enumerate(questions):
        specific, specific_turns = specifieke_vraag(turns, question)
        outcome = gespreksresultaat(turns, question.turns if len(questions) > 1 else None)
        outcomes.append(outcome)
        vragen.append(
            {"upl": question.upl, "specifiekeVraag": specific, "gespreksresultaat": outcome.value}
        )
        words = ", ".join(f"'{w}'" for w in question.evidence[:4]) or "de woorden van de inwoner"
        explanations[f"vragen[{number}].upl"] = _explain(
            f"UPL-product herkend uit {words}",
            [i for i in question.turns if turns[i].is_resident][:6],
            question.confidence,
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
    return vragen, explanations, outcomes, [q.turns for q in questions]


def _taal(turns: Sequence[Turn]) -> str:
    text = " ".join(t.text for t in turns if t.is_resident)
    return detect_language(text) if text else "nld"


def _complex(
    tone: dict[str, Any], vragen: Sequence[dict[str, Any]], turns: Sequence[Turn]
) -> tuple[bool, str, list[int]]:
    reasons: list[str] = []
    used: list[int] = []
    if tone["escalate"]:
        reasons.append("toon vraagt om escalatie: " + ", ".join(tone["escalate_reasons"]))
    if any(v["upl"] in SPECIALIST for v in vragen):
        reasons.append("onderwerp vraagt om een specialist")
    if vragen[0]["gespreksresultaat"] in (
        "Afgehandeld na ruggespraak",
        "Doorverbonden naar collega",
    ):
        reasons.append("medewerker had hulp nodig")
    vulnerable = [i for i, t in enumerate(turns) if t.is_resident and _VULNERABLE.search(t.text)]
    if vulnerable:
        reasons.append("inwoner is kwetsbaar of raakt de weg kwijt")
        used.extend(vulnerable)
    return bool(reasons), "; ".join(reasons) or "geen reden voor specialistische aandacht", used


def draft_registration(
    transcript: Transcript, *, kanaal: str | None = None, medewerker: str | None = None
) -> dict[str, Any]:
    """The contracts §7 registration draft of ``transcript``."""
    turns = transcript.turns
    chosen_kanaal = (kanaal or transcript.kanaal or DEFAULT_KANAAL)[:50]
    vragen, explanations, outcomes, owners = _vragen(transcript)
    task = follow_up(turns)
    reactie, reactie_turns = _reactie(turns, range(len(turns)))
    tone, tone_turns = _tone(turns)
    is_complex, complex_why, complex_turns = _complex(tone, vragen, turns)
    betrokkenen, betrokken_turns, betrokken_why = _betrokkenen(turns, task)
    inhoud = _inhoud(chosen_kanaal, vragen, task, tone["tone"], reactie)
    onderwerp = _cut(f"{vragen[0]['upl']} ({vragen[0]['specifiekeVraag']})", ONDERWERP_MAX)
    taal = _taal(turns)
    vertrouwelijk = any(v["upl"] in CONFIDENTIAL for v in vragen)
    started = transcript.started_at
    gelukt = outcomes[0].value != "Verbinding verbroken"
    medewerker_actor = {"naam": medewerker or "Medewerker KCC", "soortActor": "medewerker"}
    result: dict[str, Any] = {
        "kanaal": chosen_kanaal,
        "onderwerp": onderwerp,
        "inhoud": inhoud,
        "reactie": _cut(reactie, REACTIE_MAX),
        "indicatieContactGelukt": gelukt,
        "taal": taal,
        "vertrouwelijk": vertrouwelijk,
        "plaatsgevondenOp": started.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if started
        else None,
        "vragen": vragen,
        "interneTaak": _interne_taak(task, vragen, owners),
        "betrokkenen": betrokkenen,
        "actoren": [medewerker_actor, assistant_fields()],
        "tone": tone,
        "complex": is_complex,
    }
    kanaal_why = (
        "opgegeven met --kanaal"
        if kanaal
        else "uit het JSON-bestand"
        if transcript.kanaal
        else "standaard voor tekst en WebVTT"
    )
    all_turns = list(range(len(turns)))
    explanations.update(
        {
            "kanaal": _explain(kanaal_why, [], 1.0),
            "onderwerp": _explain(
                "UPL-product van de hoofdvraag met de specifieke vraag",
                explanations["vragen[0].upl"]["turns"],
                explanations["vragen[0].upl"]["confidence"],
            ),
            "inhoud": _explain(
                "korte samenvatting uit vragen, antwoord en afloop; persoonsgegevens verwijderd",
                all_turns,
                0.6,
            ),
            "reactie": _explain("uitleg van de medewerker", reactie_turns, 0.6),
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
            "betrokkenen": _explain(betrokken_why, betrokken_turns, 0.7),
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
    return result


def _task_why(task: FollowUp | None) -> str:
    if task is None:
        return "geen terugbelverzoek of doorzetten naar een afdeling afgesproken"
    said = ", ".join(f"'{clean(w)}'" for w in task.words)
    return f"{task.gevraagde_handeling}: {said}"


def entities_in(text: str) -> list[Entity]:
    """Personal data the language core finds in ``text`` (used by tests and the evaluation)."""
    return detect(text)


def save_concept(
    session: Session,
    transcript: Transcript,
    draft: Mapping[str, Any],
    *,
    audit_key: bytes,
    actor: str,
) -> Klantcontact:
    """Store ``draft`` as a concept klantcontact with its turns (nothing is confirmed yet)."""
    started = transcript.started_at
    contact = Klantcontact(
        kanaal=draft["kanaal"],
        onderwerp=draft["onderwerp"],
        inhoud=draft["inhoud"],
        reactie=draft["reactie"],
        indicatie_contact_gelukt=draft["indicatieContactGelukt"],
        taal=draft["taal"],
        vertrouwelijk=draft["vertrouwelijk"],
        plaatsgevonden_op=started.astimezone(UTC) if started else None,
        status="concept",
        tone=draft["tone"]["tone"],
        complex=draft["complex"],
        meta={"bron": "reisgenoot register", "ai_concept": "ja"},
    )
    for position, vraag in enumerate(draft["vragen"]):
        contact.vragen.append(
            Vraag(
                position=position,
                upl=vraag["upl"],
                specifieke_vraag=vraag["specifiekeVraag"],
                gespreksresultaat=vraag["gespreksresultaat"],
            )
        )
    for betrokkene in draft["betrokkenen"]:
        naam = betrokkene.get("contactnaam") or {}
        contact.betrokkenen.append(
            Betrokkene(
                rol=betrokkene["rol"],
                initiator=betrokkene["initiator"],
                voorletters=naam.get("voorletters", ""),
                voornaam=naam.get("voornaam", ""),
                voorvoegsel_achternaam=naam.get("voorvoegselAchternaam", ""),
                achternaam=naam.get("achternaam", ""),
            )
        )
    taak = draft.get("interneTaak")
    if taak:
        contact.interne_taken.append(
            InterneTaak(
                gevraagde_handeling=taak["gevraagdeHandeling"], toelichting=taak["toelichting"]
            )
        )
    for position, turn in enumerate(transcript.turns):
        at = turn.at.astimezone(UTC) if turn.at else None
        contact.turns.append(
            ContactTurn(position=position, speaker=turn.speaker, text=turn.text, at=at)
        )
    session.add(contact)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="klantcontact_concept",
        object_type="klantcontact",
        object_id=contact.uuid,
        details={
            "vragen": len(draft["vragen"]),
            "interne_taak": bool(taak),
            "turns": len(transcript.turns),
        },
    )
    return contact
