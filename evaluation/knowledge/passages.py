"""Source of the passage sets: which section of a demo article answers a question.

Run ``python evaluation/knowledge/passages.py`` from the project root to regenerate
``passages-dev.jsonl`` and ``passages-test.jsonl``. Each entry: the demo article that answers
the question, the SDG section field(s) whose text holds the answer (any one counts), the split
and the question. The article is given, so the set measures only which passage of the right
article is shown (``answering.best_passage``), not retrieval. Written for the Reisgenoot
project by a helper engineer (2026-11-29), EUPL-1.2; tune only on dev.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
K, T, P, V, B = "kostenEnBetaalmethoden", "uitersteTermijn", "procedureBeschrijving", "vereisten", "bewijs"
I, N, BB, C = "tekst", "notice", "bezwaarEnBeroep", "contact"

ITEMS: list[tuple[str, str, str, str]] = [
    ("dev", "vbs-paspoort", K, "wat kost een nieuw paspoort voor een volwassene"),
    ("test", "vbs-paspoort", T, "hoe lang duurt het voordat mijn paspoort klaar is"),
    ("dev", "vbs-paspoort", B, "wat moet ik meenemen als ik een paspoort ga aanvragen"),
    ("test", "vbs-paspoort", P, "moet mijn kind zelf mee naar het stadhuis voor een paspoort"),
    ("dev", "vbs-rijbewijs", I, "hoe lang is een rijbewijs geldig"),
    ("test", "vbs-rijbewijs", K, "wat kost het verlengen van mijn rijbewijs"),
    ("dev", "vbs-rijbewijs", f"{V}|{N}", "ik ben 76, wat heb ik nodig voor een nieuw rijbewijs"),
    ("test", "vbs-rijbewijs", P, "kan ik mijn rijbewijs online verlengen"),
    ("dev", "vbs-afvalstoffenheffing", K, "hoeveel afvalstoffenheffing betaal ik met twee personen"),
    ("test", "vbs-afvalstoffenheffing", T, "wanneer krijg ik de aanslag afvalstoffenheffing"),
    ("dev", "vbs-afvalstoffenheffing", BB, "het aantal personen op mijn aanslag afvalheffing klopt niet, wat kan ik doen"),
    ("test", "vbs-grofvuil", K, "wat kost het om grofvuil op te laten halen"),
    ("dev", "vbs-grofvuil", T, "hoe snel komen ze mijn grofvuil ophalen"),
    ("test", "vbs-grofvuil", V, "mogen ze ook asbest en autobanden meenemen met het grofvuil"),
    ("dev", "vbs-grofvuil", P, "hoe laat moet ik mijn oude kast buiten zetten"),
    ("test", "vbs-hondenbelasting", K, "hoeveel hondenbelasting betaal ik voor twee honden"),
    ("dev", "vbs-hondenbelasting", f"{V}|{B}", "moet ik betalen voor mijn blindengeleidehond"),
    ("test", "vbs-hondenbelasting", P, "wanneer moet ik mijn pup aanmelden"),
    ("dev", "vbs-vog", K, "wat kost een vog als ik die online aanvraag"),
    ("test", "vbs-vog", T, "hoe lang duurt het voor ik mijn vog krijg"),
    ("dev", "vbs-vog", N, "hoe oud mag een vog zijn"),
    ("test", "vbs-vog", B, "wat neem ik mee naar de balie voor een vog"),
    ("dev", "vbs-uittreksel-brp", K, "wat kost een uittreksel uit de brp"),
    ("test", "vbs-uittreksel-brp", I, "wat staat er op een uittreksel brp"),
    ("dev", "vbs-uittreksel-brp", V, "mag ik een uittreksel aanvragen voor mijn moeder"),
    ("test", "vbs-kapvergunning", V, "wanneer heb ik een vergunning nodig om een boom te kappen"),
    ("dev", "vbs-kapvergunning", T, "hoe lang duurt het voordat ik weet of ik de boom mag kappen"),
    ("test", "vbs-kapvergunning", K, "wat kost een kapvergunning"),
    ("dev", "vbs-kapvergunning", BB, "de buurman krijgt een kapvergunning maar ik ben het er niet mee eens"),
    ("test", "vbs-terras", V, "tot hoe laat mag mijn terras open zijn"),
    ("dev", "vbs-terras", K, "wat kost een terrasvergunning per jaar"),
    ("test", "vbs-terras", P, "hoe vraag ik een terrasvergunning aan"),
    ("dev", "vbs-trouwen-ceremonie", K, "kan je gratis trouwen in het stadhuis"),
    ("test", "vbs-trouwen-ceremonie", V, "hoeveel gasten passen er in de trouwzaal"),
    ("dev", "vbs-trouwen-ceremonie", T, "hoe ver van tevoren moet ik de trouwdatum reserveren"),
    ("test", "vbs-trouwen-ceremonie", K, "wat kost trouwen op zaterdag"),
    ("dev", "vbs-verhuizen", V, "hoe lang na mijn verhuizing mag ik het nog doorgeven"),
    ("test", "vbs-verhuizen", K, "krijg ik een boete als ik mijn verhuizing te laat doorgeef"),
    ("dev", "vbs-verhuizen", P, "hoe geef ik mijn nieuwe adres door"),
    ("test", "vbs-geboorteaangifte", f"{I}|{V}", "binnen hoeveel dagen moet ik mijn baby aangeven"),
    ("dev", "vbs-geboorteaangifte", B, "wat moet ik meenemen voor de geboorteaangifte"),
    ("test", "vbs-geboorteaangifte", T, "wanneer krijgt mijn kind een bsn"),
    ("dev", "vbs-parkeervergunning", K, "wat kost een parkeervergunning"),
    ("test", "vbs-parkeervergunning", V, "hoeveel vergunningen mag ik per adres hebben"),
    ("dev", "vbs-parkeervergunning", T, "hoe lang duurt het voordat mijn parkeervergunning werkt"),
    ("test", "vbs-parkeervergunning", K, "wat kost parkeren voor mijn bezoek"),
    ("dev", "vbs-parkeervergunning", P, "ik heb een nieuwe auto, hoe verander ik het kenteken van mijn vergunning"),
    ("test", "vbs-parkeervergunning", N, "krijg ik geld terug als ik mijn parkeervergunning opzeg"),
    ("dev", "vbs-paspoort", C, "waar is de balie burgerzaken en wanneer is die open"),
    ("test", "vbs-afvalstoffenheffing", C, "welk telefoonnummer bel ik voor vragen over de afvalstoffenheffing"),
    ("dev", "vbs-vog", I, "wat is een vog eigenlijk"),
    ("test", "vbs-afvalstoffenheffing", I, "wat is afvalstoffenheffing"),
]


def main() -> None:
    sets: dict[str, list[str]] = {"dev": [], "test": []}
    for split, article, sections, query in ITEMS:
        record = {"query": query, "article": article, "sections": sections.split("|")}
        sets[split].append(json.dumps(record, ensure_ascii=False))
    for name, lines in sets.items():
        (HERE / f"passages-{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
