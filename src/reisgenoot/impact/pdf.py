"""PDF exports of the team report and the gespreksleidraad (fpdf2).

The PDFs hold exactly what the HTML pages hold: below the threshold no figures and no quotes.
For Dutch characters (ë, é, ’, €) DejaVu Sans is used when the system has it (Debian package
``fonts-dejavu-core``, Bitstream Vera licence: free to use and embed; it is read from
``/usr/share/fonts``, not shipped). Without it, fpdf2's core Helvetica is used and the text is
made latin-1 safe (curly quotes, dashes and the euro sign are replaced).
"""

from __future__ import annotations

from collections.abc import Sequence

from reisgenoot.impact.actions import LOOKBACK_TITLE, OWNER_ROLES, STATUS_LABELS
from reisgenoot.impact.guide import Guide
from reisgenoot.impact.models import Action
from reisgenoot.impact.report import DimensionResult, K, TeamReport
from reisgenoot.web.pdf import PdfDocument

# Diverging, colour-blind safe: disagree (orange) → agree (blue); neutral grey.
SCALE_COLOURS = ((179, 88, 6), (241, 163, 64), (200, 200, 200), (116, 173, 209), (33, 102, 172))


class _Document(PdfDocument):
    def bar(self, percentages: Sequence[int], width: float = 120, height: float = 5) -> None:
        x, y = self.get_x(), self.get_y()
        for colour, share in zip(SCALE_COLOURS, percentages, strict=True):
            if share:
                self.set_fill_color(*colour)
                self.rect(x, y, width * share / 100, height, style="F")
                x += width * share / 100
        self.ln(height + 1)


def _intro(doc: _Document, report: TeamReport, what: str) -> None:
    round_ = report.round
    doc.heading(f"{what}: {report.team_name}, ronde {round_.number}", 16)
    closed = round_.closed_at.strftime("%d-%m-%Y") if round_.closed_at else "loopt nog"
    doc.para(
        f"Geopend {round_.opened_at.strftime('%d-%m-%Y')}, gesloten {closed}. "
        f"Meegedaan: {report.participation}. Vragenlijst versie {round_.question_version}."
    )
    doc.para(f"Anoniem: uitkomsten alleen bij minstens {K} deelnemers, nooit per persoon.", size=9)


def _actions(doc: _Document, title: str, actions: Sequence[Action]) -> None:
    if not actions:
        return
    doc.heading(title, 12)
    for action in actions:
        doc.para(
            f"- {action.title} (eigenaar: {OWNER_ROLES.get(action.owner_role, action.owner_role)}, "
            f"datum: {action.due.strftime('%d-%m-%Y')}, status: "
            f"{STATUS_LABELS.get(action.status, action.status)})"
            + (f" {action.note}" if action.note else "")
        )


def _change_text(result: DimensionResult) -> str:
    if result.change is None:
        return result.change_note or "Verandering: niet te tonen."
    sign = "+" if result.change > 0 else ""
    return f"Verandering sinds de vorige ronde: {sign}{result.change:.2f}".replace(".", ",")


def _dimension(doc: _Document, result: DimensionResult, scale: Sequence[str]) -> None:
    score = f"{result.score:.1f}".replace(".", ",") if result.score is not None else "niet te tonen"
    doc.heading(f"{result.dimension.name} (score {score} van 5)", 12)
    flags = [
        f for f, on in (("team is verdeeld", result.divided), ("score is laag", result.low)) if on
    ]
    if flags:
        doc.para("Let op: " + ", ".join(flags) + ".", bold=True)
    doc.para(_change_text(result), size=9)
    for item in result.statements:
        doc.para(item.statement.text, bold=True)
        if item.distribution is None:
            doc.para(f"Minder dan {K} antwoorden: niet getoond.", size=9)
            continue
        doc.bar(item.distribution.percentages())
        parts = [
            f"{label} {pct}%"
            for label, pct in zip(scale, item.distribution.percentages(), strict=True)
        ]
        doc.para(f"{'; '.join(parts)} (n = {item.distribution.n})", size=8)
    if result.themes:
        doc.para("Thema's: " + ", ".join(f"{t.word} ({t.count}x)" for t in result.themes))
    for quote in result.quotes:
        doc.para(f"“{quote}”", size=9)


def report_pdf(report: TeamReport, actions: Sequence[Action], lookback: Sequence[Action]) -> bytes:
    """The team report as PDF (no figures below the threshold)."""
    doc = _Document(f"Teamdialoog {report.team_name} ronde {report.round.number}")
    _intro(doc, report, "Teamrapport")
    _actions(doc, LOOKBACK_TITLE, lookback)
    if not report.shown:
        doc.para(report.reason, bold=True)
    for result in report.dimensions:
        _dimension(doc, result, report.questions.scale)
    _actions(doc, "Afgesproken acties", actions)
    return bytes(doc.output())


def guide_pdf(guide: Guide) -> bytes:
    """The gespreksleidraad as PDF (no figures and no quotes below the threshold)."""
    report = guide.report
    doc = _Document(f"Gespreksleidraad {report.team_name} ronde {report.round.number}")
    _intro(doc, report, "Gespreksleidraad")
    if not guide.shown:
        doc.para(report.reason, bold=True)
    doc.heading("Verloop van een uur", 12)
    for step in guide.steps:
        doc.para(f"{step.minutes}  {step.title}", bold=True)
        doc.para(step.text)
    _actions(doc, LOOKBACK_TITLE, guide.lookback)
    doc.heading("Begin met deze onderwerpen", 12)
    for focus in guide.focus:
        doc.para(f"{focus.dimension.name}: {', '.join(focus.reasons)}", bold=True)
        for question in focus.questions:
            doc.para(f"- {question}")
        for quote in focus.quotes if guide.shown else []:
            doc.para(f"“{quote}”", size=9)
    return bytes(doc.output())
