"""Kennisartikelen in the SDG kennisartikel shape (also used for VACs and crisis notices)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reisgenoot.store.base import Base, utcnow

# SDG section field → (column attribute, Dutch heading used in Markdown and on pages).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("tekst", "tekst", "Inleiding"),
    ("procedureBeschrijving", "procedure_beschrijving", "Aanvraag"),
    ("vereisten", "vereisten", "Voorwaarden"),
    ("bewijs", "bewijs", "Bewijs"),
    ("kostenEnBetaalmethoden", "kosten_en_betaalmethoden", "Kosten"),
    ("uitersteTermijn", "uiterste_termijn", "Termijn"),
    ("bezwaarEnBeroep", "bezwaar_en_beroep", "Bezwaar en beroep"),
    ("wtdBijGeenReactie", "wtd_bij_geen_reactie", "Geen reactie"),
    ("notice", "notice", "Bijzonderheden"),
    ("contact", "contact", "Contact"),
    ("deskMemo", "desk_memo", "Voor medewerkers"),
)
STATUSES = ("actief", "concept", "non-actief", "te-verwijderen")
KINDS = ("kennisartikel", "vac", "crisismelding")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    source_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="kennisartikel")
    title: Mapped[str] = mapped_column(String(500))
    upl: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default="actief", index=True)
    doelgroep: Mapped[str] = mapped_column(String(50), default="inwoner")
    tekst: Mapped[str] = mapped_column(Text, default="")
    procedure_beschrijving: Mapped[str] = mapped_column(Text, default="")
    vereisten: Mapped[str] = mapped_column(Text, default="")
    bewijs: Mapped[str] = mapped_column(Text, default="")
    kosten_en_betaalmethoden: Mapped[str] = mapped_column(Text, default="")
    uiterste_termijn: Mapped[str] = mapped_column(Text, default="")
    bezwaar_en_beroep: Mapped[str] = mapped_column(Text, default="")
    wtd_bij_geen_reactie: Mapped[str] = mapped_column(Text, default="")
    notice: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    desk_memo: Mapped[str] = mapped_column(Text, default="")
    trefwoorden: Mapped[list[str]] = mapped_column(JSON, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    url: Mapped[str | None] = mapped_column(String(1000))
    licence: Mapped[str | None] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    source_updated_at: Mapped[datetime | None] = mapped_column()
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_articles_source"),)

    def section_text(self, field: str) -> str:
        """Text of an SDG section by its SDG field name (``"kostenEnBetaalmethoden"``)."""
        for sdg, attribute, _heading in SECTIONS:
            if sdg == field:
                return str(getattr(self, attribute))
        raise KeyError(field)

    def public_sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) of the non-empty sections residents may see (no deskMemo)."""
        return [
            (sdg, heading, str(getattr(self, attribute)))
            for sdg, attribute, heading in SECTIONS
            if sdg != "deskMemo" and getattr(self, attribute)
        ]
