"""Generate labelled sentences with personal data in the many forms KCC conversations carry.

    .venv/bin/python scripts/make_pii_variant_data.py [--train 2000] [--heldout 1200] [--seed 49]
    .venv/bin/python scripts/make_pii_variant_data.py --measure   # the detector on the held-out split

Writes ``training-data/pii_variants.jsonl`` (the tagger trains on it) and the held-out split
``evaluation/pii/variants-heldout.jsonl`` (measured, never trained on). The two splits share no
template and no name, street or place value: templates are split by a checksum of their text,
the value pools (:mod:`pii_variant_values`) by the seed. The forms were chosen by thinking about
what Dutch KCC transcripts hold that the written corpus under-represents — numbers with spaces,
dots or said as words, foreign phone numbers, plates without dashes, birth dates in every
notation, lower-case names, particles (van der, ter, el), double surnames, initials, names of
many origins after "mevrouw", house numbers with letters and additions, streets without a street
word — never by reading an evaluation set. Spans follow docs/contracts.md §5.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pii_variant_values as v

ROOT = Path(__file__).resolve().parents[1]
TRAIN_OUT = ROOT / "training-data" / "pii_variants.jsonl"
HELDOUT_OUT = ROOT / "evaluation" / "pii" / "variants-heldout.jsonl"

Value = tuple[str, str | None]  # (text, entity type or None)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


class Filler:
    """Fills one slot of a template from one split's pools."""

    def __init__(self, pools: v.Pools, rnd: random.Random) -> None:
        self.p = pools
        self.r = rnd

    def first(self) -> str:
        return self.r.choice(self.p.first)

    def last(self, title: bool = False) -> str:
        r = self.r
        name = r.choice(self.p.last if r.random() < 0.45 else self.p.dutch_last)
        roll = r.random()
        if roll < 0.3:
            particle = r.choice(v.PARTICLES)
            name = (_cap(particle) if title and r.random() < 0.4 else particle) + " " + name
        elif roll < 0.4:
            name += "-" + r.choice(self.p.dutch_last + self.p.last)
        return name

    def initials(self) -> str:
        count = self.r.choice((1, 1, 2, 2, 3))
        letters = [self.r.choice("ABCDEFGHIJKLMNPRSTVWY") for _ in range(count)]
        return "".join(c + "." for c in letters) if self.r.random() < 0.85 else " ".join(letters)

    def full(self, initials: bool = True) -> str:
        roll = self.r.random()
        if roll < 0.15 and initials:
            return self.initials() + " " + self.last(title=True)
        if roll < 0.22:
            return self.first() + " " + self.first() + " " + self.last()
        return self.first() + " " + self.last()

    def street(self) -> str:
        return self.r.choice(self.p.streets)

    def house(self) -> str:
        r = self.r
        n = str(r.choice((r.randint(1, 40), r.randint(1, 250), r.randint(1, 999))))
        extra = r.choice(
            ("", "", "", "", "a", "A", "b", "B", " a", " C", "-A", "-1", "-2", "-II", "-III",
             " bis", " hs", "-hs", "-3 hoog", "c")
        )  # fmt: skip
        return n + extra

    def place(self) -> str:
        return self.r.choice(self.p.places)

    def postcode(self) -> str:
        r = self.r
        digits = str(r.randint(1000, 9999))
        letters = "".join(r.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
        form = r.choice(("{d} {l}", "{d} {l}", "{d}{l}", "{d} {ll}", "{d}{ll}"))
        return form.format(d=digits, l=letters, ll=letters.lower())

    def phone(self) -> str:
        r = self.r
        mobile = "6" + "".join(str(r.randint(0, 9)) for _ in range(8))
        area = r.choice(("20", "10", "30", "70", "53", "546", "548", "74", "15", "492", "58"))
        rest = "".join(str(r.randint(0, 9)) for _ in range(9 - len(area)))
        m = mobile
        forms = [
            f"0{m}", f"0{m[0]}-{m[1:]}", f"0{m[0]} {m[1:]}", f"0{m[0]} {m[1:5]} {m[5:]}",
            f"0{m[0]} {m[1:3]} {m[3:5]} {m[5:7]} {m[7:]}", f"0{m[0]}-{m[1:3]} {m[3:5]} {m[5:7]} {m[7:]}",
            f"+31 {m[0]} {m[1:5]} {m[5:]}", f"+31{m}", f"+31 (0){m[0]} {m[1:]}",
            f"0031 {m[0]} {m[1:]}", f"(0{m[0]}) {m[1:]}", f"0{m[:3]} {m[3:6]} {m[6:]}",
            f"0{area}-{rest}", f"0{area} {rest[:3]} {rest[3:]}", f"0{area} - {rest}",
            f"(0{area}) {rest}", f"0{area}-{rest[:2]} {rest[2:4]} {rest[4:]}",
            f"+32 4{m[1:3]} {m[3:5]} {m[5:7]} {m[7:]}", f"+90 53{m[1]} {m[2:5]} {m[5:7]} {m[7:]}",
            f"+212 6 {m[1:3]} {m[3:5]} {m[5:7]} {m[7:]}", f"+48 {m[1:4]} {m[4:7]} {m[6:9]}",
            f"+49 15{m[1:3]} {m[3:]}",
        ]  # fmt: skip
        return r.choice(forms)

    def spoken_phone(self) -> str:
        digits = [0, 6] + [self.r.randint(0, 9) for _ in range(8)]
        words = [v.SPELL_DIGITS[d] for d in digits]
        if self.r.random() < 0.5:  # "nul zes" then pairs: "twaalf vierendertig …"
            words = words[:2] + [
                v.number_word(digits[k] * 10 + digits[k + 1]) if digits[k] else words[k] + " " + words[k + 1]
                for k in range(2, 10, 2)
            ]  # fmt: skip
        return " ".join(words)

    def email(self) -> str:
        r = self.r
        first = re.sub(r"[^a-z]", "", self.first().lower()) or "info"
        last = re.sub(r"[^a-z]", "", self.last().lower()) or "mail"
        user = r.choice(
            (f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}{r.randint(50, 99)}",
             f"{first}_{last}", f"{last}.{first[0]}", f"{first}-{last}", f"{first}{r.randint(1, 9)}",
             f"fam.{last}")
        )  # fmt: skip
        address = user + "@" + r.choice(v.MAIL_HOSTS)
        return address.upper() if r.random() < 0.05 else address

    def spoken_email(self) -> str:
        first = re.sub(r"[^a-z]", "", self.first().lower()) or "info"
        last = re.sub(r"[^a-z]", "", self.last().lower()) or "mail"
        host, _, tld = self.r.choice(v.MAIL_HOSTS).rpartition(".")
        at = self.r.choice(("at", "apenstaartje", "at"))
        return f"{first} punt {last} {at} {host} punt {tld}"

    def bsn(self) -> str:
        b = v.bsn(self.r)
        return self.r.choice((b, b, f"{b[:3]} {b[3:6]} {b[6:]}", f"{b[:4]}.{b[4:6]}.{b[6:]}",
                              f"{b[:3]}.{b[3:6]}.{b[6:]}", f"{b[:4]} {b[4:6]} {b[6:]}"))  # fmt: skip

    def iban(self) -> str:
        i = v.iban(self.r)
        spaced = " ".join(i[k : k + 4] for k in range(0, 18, 4))
        return self.r.choice((i, spaced, spaced, spaced.lower(), i.lower()))

    def plate(self) -> str:
        p = v.plate(self.r)
        return self.r.choice((p, p, p.lower(), p.replace("-", ""), p.replace("-", " ").lower()))

    def birth(self) -> str:
        r = self.r
        day, month, year = r.randint(1, 28), r.randint(1, 12), r.randint(1932, 2008)
        forms = [
            f"{day:02d}-{month:02d}-{year}", f"{day}-{month}-{year}", f"{day:02d}/{month:02d}/{year}",
            f"{day}/{month}/{year}", f"{day:02d}.{month:02d}.{year}", f"{day} {v.MONTHS[month - 1]} {year}",
            f"{day} {v.MONTHS_SHORT[month - 1]} {year}", f"{year}-{month:02d}-{day:02d}",
            f"{v.number_word(day)} {v.MONTHS[month - 1]} negentienhonderd {v.number_word(year % 100)}"
            if year < 2000 else f"{v.number_word(day)} {v.MONTHS[month - 1]} {year}",
        ]  # fmt: skip
        return r.choice(forms)

    def zaak(self) -> str:
        r = self.r
        y = r.choice((2024, 2025, 2026))
        return r.choice(
            (f"Z-{y}-{r.randint(0, 99999):06d}", f"ZAAK-{r.randint(0, 9999999):07d}",
             f"{y}-{r.randint(0, 9999999):07d}", f"Z{y}-{r.randint(1000, 99999)}")
        )  # fmt: skip


# Slots: {N} full name, {n} in lower case, {F}/{f} first name, {L}/{l} surname, {I} initials and
# surname, {A}/{a} street and number, {P} postcode, {C} place (not an entity), {T} phone, {t}
# phone said as words, {E} e-mail, {e} e-mail said as words, {B} BSN, {IB} IBAN, {K} plate,
# {G} birth date, {Z} case number, {S} a street without number, {W} a rare word with a
# capital (these two are not entities).
SLOTS: dict[str, tuple[str | None, Callable[[Filler], str]]] = {
    "N": ("naam", lambda f: f.full()),
    "n": ("naam", lambda f: f.full(initials=False).lower()),  # no initials in speech
    "F": ("naam", lambda f: f.first()),
    "f": ("naam", lambda f: f.first().lower()),
    "L": ("naam", lambda f: f.last(title=True)),
    "l": ("naam", lambda f: f.last().lower()),
    "I": ("naam", lambda f: f.initials() + " " + f.last(title=True)),
    "A": ("adres", lambda f: f.street() + " " + f.house()),
    "a": ("adres", lambda f: (f.street() + " " + f.house()).lower()),
    "P": ("postcode", lambda f: f.postcode()),
    "C": (None, lambda f: f.place()),
    "S": (None, lambda f: f.street()),
    "W": (None, lambda f: _cap(f.r.choice(f.p.words))),
    "T": ("telefoon", lambda f: f.phone()),
    "t": ("telefoon", lambda f: f.spoken_phone()),
    "E": ("email", lambda f: f.email()),
    "e": ("email", lambda f: f.spoken_email()),
    "B": ("bsn", lambda f: f.bsn()),
    "IB": ("iban", lambda f: f.iban()),
    "K": ("kenteken", lambda f: f.plate()),
    "G": ("geboortedatum", lambda f: f.birth()),
    "Z": ("zaaknummer", lambda f: f.zaak()),
}
_SLOT = re.compile(r"\[|\]|\{(" + "|".join(sorted(SLOTS, key=len, reverse=True)) + r")(')?\}")


def fill(template: str, filler: Filler) -> tuple[str, list[dict[str, object]]]:
    """The text of ``template`` and its entities. ``{L'}`` repeats the last value of ``{L}``;
    ``[…]`` makes one name of the slots inside it (``[{F} {L}]``)."""
    text = ""
    entities: list[dict[str, object]] = []
    values: dict[str, str] = {}
    group: int | None = None
    last = 0
    for match in _SLOT.finditer(template):
        text += template[last : match.start()]
        last = match.end()
        if match.group() == "[":
            group = len(text)
            continue
        if match.group() == "]":
            entities.append({"start": group, "end": len(text), "type": "naam"})
            group = None
            continue
        slot = match.group(1)
        type_, make = SLOTS[slot]
        value = values[slot] if match.group(2) else make(filler)
        values[slot] = value
        if type_ and group is None:
            entities.append({"start": len(text), "end": len(text) + len(value), "type": type_})
        text += value
    return text + template[last:], entities


def heldout_template(template: str) -> bool:
    return zlib.crc32(template.encode()) % 4 == 0


def measure() -> None:
    """Exact-span figures of the packaged detector on the held-out split."""
    sys.path.insert(0, str(ROOT / "src"))
    from reisgenoot.bench.language_quality import evaluate_pii_set

    result = evaluate_pii_set(HELDOUT_OUT)
    for group in ("structured", "names_addresses"):
        figures = result[group]
        print(f"{group}: recall {figures['recall']:.3f} precision {figures['precision']:.3f}")
    for type_, figures in sorted(result["per_type"].items()):
        print(f"  {type_}: recall {figures['recall']:.3f} precision {figures['precision']:.3f}")


def main() -> None:
    from pii_variant_templates import TEMPLATES

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--heldout", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=49)
    parser.add_argument("--measure", action="store_true", help="only measure the held-out split")
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    train_pools, heldout_pools = v.pools(args.seed)
    for held, pools, count, out, prefix in (
        (False, train_pools, args.train, TRAIN_OUT, "V"),
        (True, heldout_pools, args.heldout, HELDOUT_OUT, "VH"),
    ):
        rnd = random.Random(args.seed * 2 + held)  # each split its own draw
        templates = [t for t in TEMPLATES if heldout_template(t) == held]
        filler = Filler(pools, rnd)
        seen: set[str] = set()
        with out.open("w", encoding="utf-8") as handle:
            while len(seen) < count:
                text, entities = fill(rnd.choice(templates), filler)
                if text in seen:
                    continue
                seen.add(text)
                row = {"id": f"{prefix}-{len(seen):04d}", "text": text, "entities": entities}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{count} sentences from {len(templates)} templates -> {out}")


if __name__ == "__main__":
    main()
