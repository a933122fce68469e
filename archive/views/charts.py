"""A documents-per-year bar chart, drawn on the server as SVG geometry.

Each bar is a link (to the documents of that year), so the chart works without JavaScript
and by keyboard; its count is in the link's name for screen readers, in a tooltip on hover,
and printed above the bar while there is room. Years without documents inside the span get
an empty slot, so the axis is true to time, except that a long empty stretch is drawn as
one narrow break marked on the axis: a span of 1965 to 2014 with documents only at its ends
would otherwise be fifty slots of nothing.
"""

from dataclasses import dataclass, field

from django.utils.translation import ngettext

WIDTH, HEIGHT, LABEL_SPACE, COUNT_SPACE = 600, 110, 18, 14
MAX_BAR_WIDTH = 40
MAX_YEARS = 200  # wider spans are drawn from their most recent years
GAP_YEARS = 4  # this many empty years in a row or more become one break
MAX_COUNT_LABELS = 30  # beyond this many bars, counts are left to the tooltip and link names
MAX_TICKS = 8


@dataclass
class Bar:
    year: int
    count: int
    href: str
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def label(self) -> str:
        """The bar's name for screen readers and its tooltip: "1991: 12 documents"."""
        return ngettext("%(year)s: %(n)s document", "%(year)s: %(n)s documents", self.count) % {
            "year": self.year, "n": self.count}

    @property
    def count_y(self) -> float:
        """Where the count printed above the bar stands."""
        return round(self.y - 3, 2)


@dataclass
class Gap:
    """A collapsed stretch of empty years, drawn as a break on the axis."""

    first: int
    last: int
    x: float


@dataclass
class Chart:
    bars: list[Bar]
    ticks: list[tuple[float, int]]
    gaps: list[Gap] = field(default_factory=list)
    show_counts: bool = True
    width: int = WIDTH
    height: int = HEIGHT
    label_space: int = LABEL_SPACE
    count_space: int = COUNT_SPACE

    @property
    def total_height(self):
        return self.count_space + self.height + self.label_space

    @property
    def baseline(self):
        return self.count_space + self.height

    @property
    def axis_y(self):
        return self.total_height - 4


def _slots(years: list[int]) -> list[int | tuple[int, int]]:
    """Every year from the first to the last, a long empty stretch as one (first, last) pair."""
    slots: list[int | tuple[int, int]] = []
    for year, following in zip(years, years[1:] + [None]):
        slots.append(year)
        if following is None:
            break
        empty = following - year - 1
        if empty >= GAP_YEARS:
            slots.append((year + 1, following - 1))
        else:
            slots.extend(range(year + 1, following))
    return slots


def year_chart(counts: list[tuple[int, int]], href_for_year) -> Chart | None:
    counts = [(int(year), int(n)) for year, n in counts if n]
    if not counts:
        return None
    counts.sort()
    last = counts[-1][0]
    counts = [(year, n) for year, n in counts if year > last - MAX_YEARS]
    by_year = dict(counts)
    slots = _slots([year for year, _n in counts])
    slot = WIDTH / len(slots)
    tallest = max(by_year.values())
    width = min(max(slot * 0.8, 1.0), MAX_BAR_WIDTH)
    bars, gaps, positions = [], [], {}
    for index, entry in enumerate(slots):
        x = index * slot
        if isinstance(entry, tuple):
            gaps.append(Gap(entry[0], entry[1], round(x + slot / 2, 2)))
            continue
        positions[entry] = round(x + slot / 2, 2)
        if entry in by_year:
            n = by_year[entry]
            height = max(2.0, HEIGHT * n / tallest)
            bars.append(Bar(
                entry, n, href_for_year(entry), round(x + (slot - width) / 2, 2),
                round(COUNT_SPACE + HEIGHT - height, 2), round(width, 2), round(height, 2),
            ))
    # Label the years that have documents, thinned to what fits; the first and last always.
    labelled = [bar.year for bar in bars]
    step = max(1, -(-len(labelled) // MAX_TICKS))
    chosen = labelled[::step]
    if chosen[-1] != labelled[-1]:
        # The last year is always labelled; the one before it yields if they would touch.
        if step > 1 and len(chosen) > 1:
            chosen.pop()
        chosen.append(labelled[-1])
    ticks = [(positions[year], year) for year in chosen]
    return Chart(bars, ticks, gaps, show_counts=len(bars) <= MAX_COUNT_LABELS and slot >= 14)
