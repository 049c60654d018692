"""The weekly pain plot's geometry, shared by the SVG (HTML) and the PDF: pure numbers,
y grows downwards as in SVG (the PDF renderer flips it)."""

from dataclasses import dataclass

from apps.report.builder import PainChange, WeekPain

WIDTH, HEIGHT = 560.0, 150.0
LEFT, RIGHT, TOP, BOTTOM = 28.0, 8.0, 8.0, 22.0


@dataclass(frozen=True)
class Line:
    y: float
    label: str
    kind: str  # "baseline", "moderate", "substantial"


@dataclass(frozen=True)
class Bar:
    x: float
    top: float  # worst
    bottom: float  # least
    label: str  # the week's first day, e.g. "3 Mar"


@dataclass(frozen=True)
class PainPlot:
    width: float
    height: float
    average: tuple[tuple[float, float], ...]  # one point per logged week
    bars: tuple[Bar, ...]  # worst-to-least range per logged week
    lines: tuple[Line, ...]
    ticks: tuple[tuple[float, str], ...]  # y and the pain value 0, 5, 10
    labels: tuple[tuple[float, str], ...]  # x and the week's first day, a few of them

    @property
    def average_points(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.average)


def pain_y(pain: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - pain / 10)


def pain_plot(weeks: tuple[WeekPain, ...], change: PainChange | None) -> PainPlot:
    step = (WIDTH - LEFT - RIGHT) / max(1, len(weeks))
    xs = [LEFT + step * (index + 0.5) for index in range(len(weeks))]
    average = tuple(
        (x, pain_y(w.average)) for x, w in zip(xs, weeks, strict=True) if w.average is not None
    )
    bars = tuple(
        Bar(x, pain_y(w.worst), pain_y(w.least), f"{w.start.day} {w.start:%b}")
        for x, w in zip(xs, weeks, strict=True)
        if w.worst is not None and w.least is not None
    )
    lines: tuple[Line, ...] = ()
    if change is not None:
        lines = (
            Line(pain_y(change.baseline), f"start {change.baseline:g}", "baseline"),
            Line(pain_y(change.moderate_line), f"−30 % {change.moderate_line:g}", "moderate"),
            Line(
                pain_y(change.substantial_line),
                f"−50 % {change.substantial_line:g}",
                "substantial",
            ),
        )
    every = max(1, len(weeks) // 6)
    labels = tuple(
        (x, f"{w.start.day} {w.start:%b}")
        for index, (x, w) in enumerate(zip(xs, weeks, strict=True))
        if index % every == 0
    )
    return PainPlot(
        width=WIDTH,
        height=HEIGHT,
        average=average,
        bars=bars,
        lines=lines,
        ticks=tuple((pain_y(v), str(v)) for v in (0, 5, 10)),
        labels=labels,
    )
