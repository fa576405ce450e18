"""Draw the call plans that the transcript writers of the blind corpus worked from.

A plan fixes only labels and circumstances — which UPL products the resident asks about (main
question first), the outcome per question, channel, persona, which personal data occur — never
wording. Run once (seed 2026) to make the plans given to the writers; kept for provenance.

    python evaluation/blind/make_plans.py --out DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

# The 30 products a municipal KCC hears most (exact UPL names); each is the main question of
# at least five plans.
TOP30 = [
    "paspoort", "identiteitskaart", "rijbewijs", "verhuismelding", "brp-uittreksel",
    "afvalinzameling grofvuil", "afvalcontainer", "afvalkalender", "afvalstoffenheffing",
    "parkeervergunning", "woz-beschikking", "onroerendezaakbelasting (ozb)",
    "belastingkwijtschelding", "belastingbetalingsregeling", "bijstand",
    "bijzonderebijstandsuitkering", "wmo-voorziening", "huishoudelijke hulp",
    "melding openbare ruimte (algemeen)", "melding openbare ruimte (straatverlichting)",
    "hondenbelasting", "geboorteaangifte", "overlijdensaangifte", "huwelijksaangifte",
    "omgevingsvergunning bouw", "omgevingsvergunning kap", "gehandicaptenparkeerkaart",
    "verklaring omtrent gedrag (vog)", "schuldhulpverlening", "jeugdhulp",
]

OUTCOMES_MAIN = {
    "Zelfstandig afgehandeld": 36,
    "Contactverzoek gemaakt": 22,
    "Doorverbonden naar afdeling": 9,
    "Doorverbonden naar collega": 5,
    "Afgehandeld na ruggespraak": 7,
    "Afgehandeld, klant belt terug": 5,
    "Klant neemt opnieuw contact op": 6,
    "Verbinding verbroken": 4,
    "Verwezen naar ander instantie": 6,
}
OUTCOMES_SIDE = {
    "Zelfstandig afgehandeld": 70,
    "Contactverzoek gemaakt": 14,
    "Afgehandeld na ruggespraak": 4,
    "Klant neemt opnieuw contact op": 6,
    "Verwezen naar ander instantie": 6,
}
PHONE_ONLY = {"Doorverbonden naar afdeling", "Doorverbonden naar collega", "Verbinding verbroken"}

CHANNELS = [  # (kanaal, file format, weight)
    ("Telefoon", "txt", 34),
    ("Telefoon", "vtt", 26),
    ("Live chat", "json", 12),
    ("WhatsApp", "json", 8),
    ("E-mail", "json", 10),
    ("Contactformulier", "json", 4),
    ("Balie", "json", 6),
]

PERSONA = {
    "leeftijd": ["18-25", "26-40", "41-65", "66-80", "ouder dan 80"],
    "achtergrond": [
        "Nederlands, Randstad", "Nederlands, Brabant", "Nederlands, Limburg",
        "Nederlands, Groningen", "Nederlands, Friesland (Fries is eerste taal)",
        "Nederlands, Twente", "Nederlands, Zeeland", "Nederlands, Rotterdam",
        "Nederlands, Amsterdam", "Surinaams-Nederlands", "Antilliaans (Papiaments)",
        "Turks (eerste taal Turks)", "Marokkaans (eerste taal Arabisch of Tamazight)",
        "Syrisch (eerste taal Arabisch, sinds 6 jaar in NL)", "Pools (eerste taal Pools)",
        "Oekraïens (sinds 3 jaar in NL)", "Engelstalige expat", "Eritrees (eerste taal Tigrinya)",
        "Indonesisch-Nederlands", "Chinees-Nederlands",
    ],
    "taalvaardigheid": ["laaggeletterd", "eenvoudig Nederlands", "gemiddeld", "hoog opgeleid, formeel"],
    "stemming": ["kalm", "gehaast", "geïrriteerd", "boos", "bezorgd", "verward", "vriendelijk",
                 "beleefd maar woedend", "sarcastisch", "verdrietig"],
    "rol": ["inwoner", "inwoner", "inwoner", "ondernemer", "mantelzorger die belt voor een ouder",
            "ouder die belt voor een kind", "buurman of buurvrouw"],
}
PII = {  # type: probability that the plan asks for it
    "naam": 0.75, "adres": 0.35, "postcode": 0.15, "telefoon": 0.25, "email": 0.15,
    "bsn": 0.10, "iban": 0.06, "geboortedatum": 0.15, "kenteken": 0.06, "zaaknummer": 0.15,
}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def municipal_products(upl: Path) -> list[str]:
    with upl.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = {
        r["UniformeProductnaam"]
        for r in rows
        if r["Gemeente"] == "X" and (r["Burger"] == "X" or r["Bedrijf"] == "X")
    }
    names.discard("UPL-naam nog niet beschikbaar")
    return sorted(names)


def make_plans(upl: Path, n: int = 320, seed: int = 2026) -> list[dict[str, object]]:
    rng = random.Random(seed)
    others = [p for p in municipal_products(upl) if p not in TOP30]
    rng.shuffle(others)
    mains = [p for p in TOP30 for _ in range(5)] + others[: n - 150]
    rng.shuffle(mains)
    plans = []
    for i, main in enumerate(mains, start=1):
        kanaal, fmt = rng.choices([c[:2] for c in CHANNELS], [c[2] for c in CHANNELS])[0]
        phone = kanaal in {"Telefoon", "Balie"}
        extra = rng.choices([0, 1, 2], [63, 30, 7])[0]
        questions = [main]
        while len(questions) < 1 + extra:
            side = rng.choice(TOP30) if rng.random() < 0.5 else rng.choice(others)
            if side not in questions:
                questions.append(side)
        results = []
        for j, _ in enumerate(questions):
            while True:
                outcome = _pick(rng, OUTCOMES_MAIN if j == 0 else OUTCOMES_SIDE)
                if phone or outcome not in PHONE_ONLY:
                    break
            results.append(outcome)
        vragen = [{"upl": q, "gespreksresultaat": r} for q, r in zip(questions, results, strict=True)]
        plan = {
            "id": f"t{i:03d}",
            "kanaal": kanaal,
            "formaat": fmt,
            "vragen": vragen,
            "hoofdvraag_eerst": extra == 0 or rng.random() < 0.6,
            "interneTaak": "Contactverzoek gemaakt" in results,
            "terugbeltijd": "Contactverzoek gemaakt" in results and rng.random() < 0.5,
            "afspraak_of_termijn": rng.random() < 0.2,
            "persona": {k: rng.choice(v) for k, v in PERSONA.items()},
            "persoonsgegevens": sorted(t for t, p in PII.items() if rng.random() < p),
            "lengte": rng.choice(["kort (4-8 beurten)", "middel (8-16 beurten)", "lang (16-30 beurten)"]),
        }
        plans.append(plan)
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--upl", type=Path, default=Path("vendor/upl/UPL-actueel.csv"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    plans = make_plans(args.upl)
    args.out.mkdir(parents=True, exist_ok=True)
    for w in range(args.writers):
        part = plans[w :: args.writers]
        path = args.out / f"plans-T{w + 1}.jsonl"
        path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in part), encoding="utf-8")
    products = {v["upl"] for p in plans for v in p["vragen"]}  # type: ignore[index, union-attr]
    print(f"{len(plans)} plannen, {len(products)} producten")  # noqa: T201


if __name__ == "__main__":
    main()
