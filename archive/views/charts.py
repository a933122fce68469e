"""A documents-per-year bar chart, drawn on the server as SVG geometry.

Each bar is a link (to the documents of that year), so the chart works without JavaScript
and by keyboard. Years without documents inside the span get an empty slot, so the
horizontal axis is true to time.
"""

from dataclasses import dataclass

WIDTH, HEIGHT, LABEL_SPACE = 600, 120, 16
MAX_BAR_WIDTH = 40
MAX_YEARS = 200  # wider spans are drawn from their most recent years


@dataclass
class Bar:
    year: int
    count: int
    href: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class Chart:
    bars: list[Bar]
    ticks: list[tuple[float, int]]
    width: int = WIDTH
    height: int = HEIGHT
    label_space: int = LABEL_SPACE

    @property
    def total_height(self):
        return self.height + self.label_space


def year_chart(counts: list[tuple[int, int]], href_for_year) -> Chart | None:
    counts = [(int(year), int(n)) for year, n in counts if n]
    if not counts:
        return None
    counts.sort()
    first, last = counts[0][0], counts[-1][0]
    first = max(first, last - MAX_YEARS + 1)
    slots = last - first + 1
    slot = WIDTH / slots
    tallest = max(n for _y, n in counts)
    bars = []
    for year, n in counts:
        if year < first:
            continue
        height = max(2.0, HEIGHT * n / tallest)
        width = min(max(slot * 0.8, 1.0), MAX_BAR_WIDTH)
        x = (year - first) * slot + (slot - width) / 2
        bars.append(Bar(year, n, href_for_year(year), round(x, 2), round(HEIGHT - height, 2), round(width, 2), round(height, 2)))
    step = max(1, round(slots / 6))
    ticks = [(round((year - first) * slot + slot / 2, 2), year) for year in range(first, last + 1, step)]
    return Chart(bars, ticks)
