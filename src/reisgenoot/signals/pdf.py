"""The weekly signals report as PDF (fpdf2), with the same content as the HTML report.

Same approach as the teamdialoog PDFs (:mod:`reisgenoot.impact.pdf`, not imported: signals sit
below impact): DejaVu Sans from the system when present (Debian ``fonts-dejavu-core``), else
core Helvetica with latin-1 safe text. Charts are drawn as simple vector lines with the
baseline band; every chart is followed by its figures as text. Below 5 contacts: no figure.
"""

from __future__ import annotations

from reisgenoot.signals.charts import TopicSeries
from reisgenoot.signals.report import Item, Overview
from reisgenoot.web.pdf import PdfDocument

BLUE = (31, 79, 125)
ORANGE = (179, 88, 6)
BAND = (213, 221, 227)


_Document = PdfDocument


def _signal(doc: _Document, item: Item) -> None:
    signal = item.signal
    where = f" (via {signal.kanaal})" if signal.kanaal else ""
    doc.heading(f"{item.kind_label}: {item.topic_text}{where}", 11)
    doc.para(
        f"Wanneer: {item.window_text}. Normaal: {item.baseline_text}. Nu: {item.observed_text}. "
        f"Score: {signal.score:.1f}.",
        size=9,
    )
    doc.para(signal.explanation)
    for example in signal.examples:
        doc.para(f"- voorbeeld: {example}", size=9)
    if item.mark:
        note = f" Notitie: {item.mark.note}" if item.mark.note else ""
        doc.para(f"Markering: {item.mark_label}.{note}", size=9, bold=True)


def _chart_text(doc: _Document, series: TopicSeries) -> None:
    parts = []
    for p in series.points:
        week = f"week {p.start.isocalendar()[1]}"
        if p.value is None:
            parts.append(f"{week}: te weinig gegevens")
        elif series.kind == "toon":
            parts.append(f"{week}: {p.value:.0%}")
        else:
            band = "" if p.lower is None else f" (normaal {p.lower:.0f}-{p.upper or 0:.0f})"
            parts.append(f"{week}: {p.value:.0f}{band}")
    doc.para("; ".join(parts) + ".", size=8)


def _chart(doc: _Document, series: TopicSeries, k: int) -> None:
    """A small line chart with the band, then the figures as text."""
    points = series.points
    values = [p.value for p in points if p.value is not None]
    uppers = [p.upper for p in points if p.upper is not None]
    top = 1.0 if series.kind == "toon" else max([*values, *uppers, float(k)]) * 1.1
    width, height = 170.0, 40.0
    if doc.get_y() + height + 10 > doc.h - doc.b_margin:
        doc.add_page()
    x0, y0 = doc.l_margin, doc.get_y()
    step = width / max(len(points) - 1, 1)

    def at(i: int, v: float) -> tuple[float, float]:
        return x0 + i * step, y0 + height * (1 - min(v, top) / top)

    doc.set_draw_color(180, 180, 180)
    doc.rect(x0, y0, width, height)
    banded = [(i, p) for i, p in enumerate(points) if p.lower is not None and p.upper is not None]
    if len(banded) >= 2:
        outline = [at(i, p.upper or 0) for i, p in banded]
        outline += [at(i, p.lower or 0) for i, p in reversed(banded)]
        doc.set_fill_color(*BAND)
        doc.polygon(outline, style="F")
    doc.set_draw_color(*BLUE)
    doc.set_line_width(0.6)
    doc.set_fill_color(*ORANGE)
    previous: tuple[float, float] | None = None
    for i, p in enumerate(points):
        here = None if p.value is None else at(i, p.value)
        if here is not None and previous is not None:
            doc.line(*previous, *here)
        if here is not None and p.above:
            doc.rect(here[0] - 1.2, here[1] - 1.2, 2.4, 2.4, style="F")
        previous = here
    doc.set_line_width(0.2)
    doc.set_y(y0 + height + 2)
    _chart_text(doc, series)


def _header(doc: _Document, view: Overview) -> None:
    weeks = view.weeks
    if len(weeks) == 1:
        doc.heading(f"Weekrapport signalen: {view.scope.label}", 16)
        doc.para(f"{weeks[0].label[0].upper()}{weeks[0].label[1:]}.")
    else:
        doc.heading(f"Signalen: {view.scope.label}", 16)
        doc.para(f"Van {weeks[0].label} tot en met {weeks[-1].label}.")
    doc.para(
        f"Elke week is vergeleken met de twaalf weken ervoor. Alle cijfers gaan over "
        f"onderwerpen, nooit over één medewerker. Een cijfer staat er alleen als het op minstens "
        f"{view.k} contacten rust. Weggelaten: {view.suppressed}.",
        size=9,
    )


def _charts(doc: _Document, view: Overview) -> None:
    for title, group in (
        ("Aantal contacten per onderwerp (met het normale bereik)", view.volume),
        ("Toon: aandeel boos of bezorgd", view.tone),
    ):
        if group:
            doc.heading(title, 12)
        for series in group:
            doc.para(series.topic, bold=True)
            _chart(doc, series, view.k)
    doc.heading("Nieuwe onderwerpen", 12)
    if not view.emerging:
        doc.para("Geen nieuwe onderwerpen in deze periode.")
    for item in view.emerging:
        topic = item.signal.topic.removeprefix("nieuw: ")
        doc.para(f"- {topic}: {item.signal.observed:.0f} contacten, {item.window_text}")


def week_pdf(view: Overview) -> bytes:
    """The report of ``view`` (one or more weeks) as PDF."""
    doc = _Document(f"Signalen {view.scope.label} {view.weeks[0].code}")
    _header(doc, view)
    if view.team_merged:
        doc.para(
            f"Het team is kleiner dan {view.k} mensen. Daarom staan er geen cijfers in.", bold=True
        )
        return bytes(doc.output())
    for week in view.weeks:
        doc.heading(f"De signalen van {week.label}", 13)
        if not week.items:
            doc.para("Geen signalen in deze week.")
        for item in week.items:
            _signal(doc, item)
    _charts(doc, view)
    return bytes(doc.output())
