"""The report as a one-page PDF, built on the server with ReportLab: selectable text
(standard PDF fonts) and vector charts (the body maps from the same region geometry as the
SVG and PNG charts; the weekly plot from `plot.py`). Reads only a `ReportData`."""

import io
from datetime import date
from typing import Final

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from apps.bodymap.chart import BORDER, Chart, build_chart
from apps.diary.selectors import Helped
from apps.report.builder import ReportData
from apps.report.plot import pain_plot
from apps.report.sections import SECTION_LABELS, Section

PAPERS: Final = {"a4": A4, "letter": LETTER}
MARGIN = 36.0  # half an inch
# Drawn inside what A4 and US Letter both hold, so either paper prints the same page.
CONTENT_WIDTH = min(A4[0], LETTER[0]) - 2 * MARGIN
CONTENT_HEIGHT = min(A4[1], LETTER[1]) - 2 * MARGIN
INK = HexColor("#1f1a17")
MUTED = HexColor("#5b514a")
ACCENT = HexColor("#8a2b1c")
FONT, BOLD = "Helvetica", "Helvetica-Bold"
# The standard PDF fonts cover Windows-1252; a few signs are spelt out instead.
PLAIN = str.maketrans({"−": "-", "≥": ">=", "≤": "<=", "✕": "x", "→": "->", "←": "<-"})


def plain(text: str) -> str:
    return text.translate(PLAIN).encode("cp1252", "replace").decode("cp1252")


def render_pdf(report: ReportData, *, paper: str = "a4", title: str = "Pain report") -> bytes:
    buffer = io.BytesIO()
    size = PAPERS.get(paper, A4)
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Trigger Point Finder")
    left = (size[0] - CONTENT_WIDTH) / 2
    top = size[1] - MARGIN
    writer = Writer(canvas, left, top)
    draw_report(writer, report)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class Writer:
    """A cursor going down one page."""

    def __init__(self, canvas: Canvas, left: float, top: float) -> None:
        self.canvas = canvas
        self.left = left
        self.y = top
        self.bottom = top - CONTENT_HEIGHT

    def text(
        self,
        text: str,
        *,
        size: float = 8.5,
        bold: bool = False,
        x: float = 0.0,
        colour: Color = INK,
    ) -> None:
        self.canvas.setFillColor(colour)
        self.canvas.setFont(BOLD if bold else FONT, size)
        self.canvas.drawString(self.left + x, self.y - size, plain(text))
        self.y -= size * 1.3

    def wrapped(
        self,
        text: str,
        *,
        size: float = 8.5,
        width: float = CONTENT_WIDTH,
        x: float = 0.0,
        max_lines: int = 6,
    ) -> None:
        for line in wrap(text, width, size)[:max_lines]:
            self.text(line, size=size, x=x)

    def heading(self, text: str, *, x: float = 0.0) -> None:
        self.y -= 4
        self.text(text, size=10, bold=True, x=x, colour=ACCENT)


def wrap(text: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for paragraph in plain(text).splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if stringWidth(candidate, FONT, size) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def draw_report(w: Writer, r: ReportData) -> None:
    w.text("Pain report for my therapist", size=15, bold=True)
    later = f", {r.entered_later} entered later than the pain" if r.entered_later else ""
    w.text(
        f"{r.start:%-d %b %Y} to {r.end:%-d %b %Y} ({r.days_in_period} days): "
        f"{r.days_logged} days logged, {r.entries} entries{later}.",
        size=9.5,
    )
    w.text(
        "Self-reported in Trigger Point Finder. Self-help information, not a diagnosis.",
        size=7.5,
        colour=MUTED,
    )
    if r.has(Section.PAIN):
        draw_pain(w, r)
    if r.has(Section.BODY_MAPS):
        draw_maps(w, r)
    column = CONTENT_WIDTH / 2 - 8
    top = w.y
    left_blocks = [s for s in (Section.TRIGGER_POINTS, Section.TREATMENTS) if r.has(s)]
    right_blocks = [s for s in (Section.MEASURES, Section.WARNINGS, Section.QUESTIONS) if r.has(s)]
    for blocks, x in ((left_blocks, 0.0), (right_blocks, column + 16)):
        w.y = top
        for section in blocks:
            DRAWERS[section](w, r, x, column)
    w.canvas.setFont(FONT, 7)
    w.canvas.setFillColor(MUTED)
    w.canvas.drawString(
        w.left,
        w.bottom,
        "Left and right are the patient's own, as on the charts. Trigger Point Finder.",
    )


def draw_pain(w: Writer, r: ReportData) -> None:
    w.heading(SECTION_LABELS[Section.PAIN] + " (0-10: average line, worst to least bars)")
    plot = pain_plot(r.weeks, r.change)
    scale = CONTENT_WIDTH / plot.width
    height = plot.height * scale
    c = w.canvas
    origin_y = w.y

    def at(x: float, y: float) -> tuple[float, float]:
        return w.left + x * scale, origin_y - y * scale

    c.setStrokeColor(HexColor("#d9cfc7"))
    c.setLineWidth(0.4)
    c.setFont(FONT, 6.5)
    c.setFillColor(MUTED)
    for y, label in plot.ticks:
        x0, yy = at(24, y)
        c.line(x0 + 4, yy, w.left + CONTENT_WIDTH, yy)
        c.drawRightString(x0, yy - 2, label)
    styles = {
        "baseline": ("#5b514a", (3, 2)),
        "moderate": ("#b26a00", (1, 2)),
        "substantial": ("#2e7d32", (4, 1, 1, 1)),
    }
    for line in plot.lines:
        colour, dash = styles[line.kind]
        c.setStrokeColor(HexColor(colour))
        c.setDash(list(dash))
        x0, yy = at(28, line.y)
        c.line(x0, yy, w.left + CONTENT_WIDTH - 60, yy)
        c.setFillColor(HexColor(colour))
        c.drawString(w.left + CONTENT_WIDTH - 56, yy - 2, plain(line.label))
    c.setDash()
    c.setStrokeColor(HexColor("#c9a48f"))
    c.setLineWidth(3)
    for bar in plot.bars:
        x0, y0 = at(bar.x, bar.top)
        _, y1 = at(bar.x, bar.bottom)
        c.line(x0, y0, x0, y1 if y1 != y0 else y0 - 0.5)
    if plot.average:
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1.4)
        path = c.beginPath()
        first, *rest = plot.average
        path.moveTo(*at(*first))
        for point in rest:
            path.lineTo(*at(*point))
        c.drawPath(path, stroke=1, fill=0)
        c.setFillColor(ACCENT)
        for point in plot.average:
            c.circle(*at(*point), 1.6, stroke=0, fill=1)
    c.setFillColor(MUTED)
    for x, label in plot.labels:
        xx, yy = at(x, plot.height - 6)
        c.drawCentredString(xx, yy, plain(label))
    w.y = origin_y - height - 2
    if r.change:
        change = r.change
        w.wrapped(
            f"Average {change.baseline:g} over the first 7 days with an entry, "
            f"{change.latest:g} over the last 7: {abs(change.percent_better)} % "
            f"{more_or_less(change.percent_better)} pain, {change.verdict}.",
            size=8.5,
            max_lines=2,
        )
    elif not any(week.entries for week in r.weeks):
        w.text("No entries in this period.", size=8.5)
    else:
        w.text("A change needs at least two weeks of entries.", size=8.5)


def figure_box(
    chart: Chart, view_index: int, x: float, y_top: float, height: float
) -> tuple[float, float, float]:
    """Where a chart view is drawn: its left edge, top and scale (view units to points)."""
    view = chart.views[view_index]
    scale = height / view.height
    left = x + sum(v.width * scale + 6 for v in chart.views[:view_index])
    return left, y_top, scale


def draw_chart(c: Canvas, chart: Chart, x: float, y_top: float, height: float) -> float:
    """Draws a chart's views side by side; returns the width used. The patient's right is on
    the left of the front view and on the right of the back view, as on every chart."""
    used = 0.0
    for index, view in enumerate(chart.views):
        left, top, scale = figure_box(chart, index, x, y_top, height)
        c.setFont(FONT, 6)
        c.setFillColor(MUTED)
        right_or_left, left_or_right = view.side_labels
        c.drawString(left, top + 1, plain(f"{view.title}: {right_or_left[0]} | {left_or_right[0]}"))
        c.setLineWidth(0.3)
        for region in view.regions:
            c.setFillColor(HexColor(region.colour))
            c.setStrokeColor(HexColor("#2b211c" if region.selected else BORDER))
            c.setLineWidth(0.9 if region.selected else 0.3)
            for polygon in region.polygons:
                path = c.beginPath()
                (x0, y0), *rest = polygon
                path.moveTo(left + x0 * scale, top - y0 * scale)
                for px, py in rest:
                    path.lineTo(left + px * scale, top - py * scale)
                path.close()
                c.drawPath(path, stroke=1, fill=1)
        used = left + view.width * scale - x
    return used


def draw_maps(w: Writer, r: ReportData) -> None:
    w.heading(SECTION_LABELS[Section.BODY_MAPS] + " (darker = stronger; R/L = patient's sides)")
    height = 150.0
    title_y = w.y - 9
    top = w.y - 22
    x = 0.0
    maps = [("Start", r.start_map), ("End", r.end_map)]
    for title, found in maps:
        if found is None:
            continue
        w.canvas.setFont(BOLD, 8)
        w.canvas.setFillColor(INK)
        w.canvas.drawString(w.left + x, title_y, f"{title}, {found.on:%-d %b}")
        chart = build_chart(marks=found.marks)
        x += draw_chart(w.canvas, chart, w.left + x, top - 8, height) + 14
    if r.start_map is None:
        w.text("No body map in this period.", size=8.5)
        return
    w.y = title_y + 8
    share_x = max(x, 250.0)
    w.text(
        f"Share of days each region hurt (of {r.days_with_map} with a map)",
        size=8,
        bold=True,
        x=share_x,
    )
    for row in r.region_shares:
        w.text(f"{row.percent:>3} %  {row.name} ({row.days} d)", size=7.5, x=share_x)
    w.y = top - 8 - height - 4


def draw_suspects(w: Writer, r: ReportData, x: float, width: float) -> None:
    w.heading(SECTION_LABELS[Section.TRIGGER_POINTS], x=x)
    if not r.suspects:
        w.text("None in this period.", x=x)
    for s in r.suspects:
        mark = "CONFIRMED by pressing" if s.confirmed else "suspected"
        w.wrapped(
            f"{s.muscle_name} ({s.side_name}), {s.name}: {mark}, top 3 in {s.entries} entries "
            f"({s.percent} %)",
            x=x,
            width=width,
            size=8,
            max_lines=2,
        )


def more_or_less(percent_better: int) -> str:
    return "less" if percent_better >= 0 else "more"


def helped_line(h: Helped) -> str:
    side = f" ({h.side_name})" if h.side_name else ""
    if not h.shown:
        plural = "s" if h.sessions != 1 else ""
        return f"{h.name}{side}: {h.sessions} session{plural} (too few to judge)"
    sign = "better" if h.average_change >= 0 else "worse"
    return (
        f"{h.name}{side}: {abs(h.average_change):g} points {sign} on average, {h.sessions} sessions"
    )


def draw_treatments(w: Writer, r: ReportData, x: float, width: float) -> None:
    w.heading(SECTION_LABELS[Section.TREATMENTS], x=x)
    if not r.sessions:
        w.text("No treatments logged in this period.", x=x)
        return
    w.text(f"{r.sessions} sessions. By technique:", x=x, size=8)
    for h in r.helped_techniques[:4]:
        w.wrapped(helped_line(h), x=x + 6, width=width - 6, size=7.5, max_lines=2)
    w.text("By trigger point:", x=x, size=8)
    for h in r.helped_points[:4]:
        w.wrapped(helped_line(h), x=x + 6, width=width - 6, size=7.5, max_lines=2)


def draw_measures(w: Writer, r: ReportData, x: float, width: float) -> None:
    w.heading(SECTION_LABELS[Section.MEASURES], x=x)
    if r.psfs:
        w.text(
            f"PSFS score (mean, 0-10): {r.psfs_mean_first:g} at the start, "
            f"{r.psfs_mean_latest:g} latest"
            + (" (a meaningful change)" if r.psfs_meaningful else ""),
            x=x,
            size=8,
        )
        for a in r.psfs[:5]:
            w.wrapped(
                f"{a.activity}: {a.first:g} -> {a.latest:g}",
                x=x + 6,
                width=width - 6,
                size=7.5,
                max_lines=2,
            )
    else:
        w.text("No functional-scale ratings in this period.", x=x, size=8)
    if r.pgic:
        last = r.pgic[-1]
        w.text(f"PGIC {last.on:%-d %b}: {last.value} of 7, {last.label}", x=x, size=8)
    else:
        w.text("No impression-of-change answer in this period.", x=x, size=8)


def draw_warnings(w: Writer, r: ReportData, x: float, width: float) -> None:
    w.heading(SECTION_LABELS[Section.WARNINGS], x=x)
    if not r.warnings:
        w.text("None in this period.", x=x)
    for warning in r.warnings[:5]:
        w.wrapped(
            f"{warning.urgency.upper()}: {warning.title} ({warning.entries} "
            f"entr{'y' if warning.entries == 1 else 'ies'}, "
            f"{when(warning.first_on, warning.last_on)})",
            x=x,
            width=width,
            size=8,
            max_lines=2,
        )


def when(first: date, last: date) -> str:
    return f"{first:%-d %b}" if first == last else f"{first:%-d %b} to {last:%-d %b}"


def draw_questions(w: Writer, r: ReportData, x: float, width: float) -> None:
    w.heading(SECTION_LABELS[Section.QUESTIONS], x=x)
    w.wrapped(r.questions or "None.", x=x, width=width, size=8, max_lines=10)


DRAWERS = {
    Section.TRIGGER_POINTS: draw_suspects,
    Section.TREATMENTS: draw_treatments,
    Section.MEASURES: draw_measures,
    Section.WARNINGS: draw_warnings,
    Section.QUESTIONS: draw_questions,
}
