"""Server-drawn SVG line plots (no chart library): the geometry here, the markup in
`templates/diary/_plot.html`. Pure and typed; every plot also gets a data table."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 340.0, 170.0
LEFT, RIGHT, TOP, BOTTOM = 30.0, 12.0, 10.0, 24.0


@dataclass(frozen=True)
class Series:
    """One series; `style` (a CSS class) also sets its dash pattern and markers, so the
    series differ by more than colour."""

    label: str
    style: str
    segments: tuple[str, ...]  # SVG polyline points, one per unbroken run of days
    dots: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Guide:
    """A horizontal reference line (the baseline, 30 % and 50 % better)."""

    label: str
    style: str
    value: float
    y: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Plot:
    title: str
    y_label: str
    series: tuple[Series, ...]
    guides: tuple[Guide, ...] = ()
    x_ticks: tuple[Tick, ...] = ()
    y_ticks: tuple[Tick, ...] = ()
    width: float = WIDTH
    height: float = HEIGHT
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    plot_top: float = TOP
    plot_bottom: float = HEIGHT - BOTTOM
    empty: bool = field(default=False)

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def nice_top(values: Sequence[float], floor: float) -> float:
    """A round top of the y axis, at least `floor` and above every value: five times a
    step of 1, 2, 5, 10, 20, 50... so the five grid lines fall on round numbers."""
    top = max([floor, *values])
    step = 1.0
    while step * 5 < top:
        step = step * 2.5 if str(step).startswith("2") else step * 2
    return step * 5


def line_plot(
    *,
    title: str,
    y_label: str,
    days: Sequence[date],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    y_floor: float = 10.0,
    guides: Sequence[tuple[str, str, float]] = (),
) -> Plot:
    """`series`: (label, style, one value per day or None where a day has none: the line
    joins its neighbours). Each day gets a dot while there are at most 60 days."""
    if not days:
        return Plot(title, y_label, (), empty=True)
    values = [v for _, _, vs in series for v in vs if v is not None]
    top = nice_top([*values, *(value for _, _, value in guides)], y_floor)
    first, last = days[0], days[-1]
    span = max(1, (last - first).days)
    left, right, upper, lower = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return (left + right) / 2
        return left + (day - first).days / span * (right - left)

    def y(value: float) -> float:
        return lower - value / top * (lower - upper)

    drawn = []
    many = len(days) > 60
    for label, style, points in series:
        segments: list[str] = []
        run: list[str] = []
        dots: list[tuple[float, float]] = []
        for day, value in zip(days, points, strict=True):
            if value is None:
                continue
            run.append(f"{x(day):.1f},{y(value):.1f}")
            if not many:
                dots.append((round(x(day), 1), round(y(value), 1)))
        if run:
            segments.append(" ".join(run))
        drawn.append(Series(label, style, tuple(segments), tuple(dots)))
    y_ticks = tuple(Tick(round(y(top * i / 5), 1), f"{top * i / 5:g}") for i in range(6))
    x_ticks: tuple[Tick, ...] = (Tick(round(x(first), 1), f"{first:%-d %b}"),)
    if last != first:
        x_ticks += (Tick(round(x(last), 1), f"{last:%-d %b}"),)
    return Plot(
        title,
        y_label,
        tuple(drawn),
        tuple(Guide(label, style, value, round(y(value), 1)) for label, style, value in guides),
        x_ticks,
        y_ticks,
    )
