"""Charts drawn on the server as SVG: no script, no CDN, sharp on paper, readable without colour."""

import datetime as dt
from dataclasses import dataclass

from .queries import Trend

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass
class TrendChart:
    width: int
    height: int
    polyline: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    total_y: float
    deadline_x: float | None
    today_x: float
    plot: tuple[int, int, int, int]  # left, top, right, bottom
    summary: str


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000):
        if top / step <= 5:
            return step
    return 100000


def trend_chart(trend: Trend, day: dt.date) -> TrendChart:
    """Cumulative completions as a step line, the number of units as a ceiling, the deadline as a rule."""
    span = max((trend.end - trend.start).days, 1)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    top_value = max(trend.total, 1)

    def x(day_: dt.date) -> float:
        return round(LEFT + (right - LEFT) * min(max((day_ - trend.start).days, 0), span) / span, 1)

    def y(value: int) -> float:
        return round(bottom - (bottom - TOP) * value / top_value, 1)

    coords, previous = [(x(trend.start), y(0))], 0
    for when, cumulative in trend.points:
        coords += [(x(when), y(previous)), (x(when), y(cumulative))]
        previous = cumulative
    coords.append((x(min(day, trend.end)), y(previous)))
    step = _nice_step(top_value)
    y_ticks = [(y(v), f"{v:,}".replace(",", ".")) for v in range(0, top_value + 1, step)]
    months, x_ticks = max(span // 30 // 6, 1), []
    tick = trend.start.replace(day=1)
    while tick <= trend.end:
        if tick >= trend.start:
            x_ticks.append((x(tick), f"{tick:%m/%Y}"))
        tick = (tick.replace(day=28) + dt.timedelta(days=31 * months - 27)).replace(day=1)
    done = previous
    summary = (f"Lũy kế {done:,} / {trend.total:,} đơn vị hoàn thành đến {day:%d/%m/%Y}".replace(",", ".")
               + (f"; hạn {trend.deadline:%d/%m/%Y}" if trend.deadline else "; không có hạn chung"))
    return TrendChart(width=WIDTH, height=HEIGHT, polyline=" ".join(f"{a},{b}" for a, b in coords),
                      x_ticks=x_ticks, y_ticks=y_ticks, total_y=y(trend.total),
                      deadline_x=x(trend.deadline) if trend.deadline else None, today_x=x(min(day, trend.end)),
                      plot=(LEFT, TOP, right, bottom), summary=summary)
