"""Server-rendered SVG charts for the outcomes page (no JavaScript): before/after bars by sector and by
regency, the distribution of growth, response rates. Pure: coordinates computed here, drawn by the
template in a 320-unit-wide viewBox that scales to a phone."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 320
LABEL = 110  # room for the row label
ROW = 26


@dataclass(frozen=True)
class BarRow:
    label: str
    y: int
    before_width: float
    after_width: float
    before_text: str
    after_text: str


@dataclass(frozen=True)
class PairedBars:
    rows: list[BarRow]
    height: int
    x0: int = LABEL


def paired_bars(rows: Sequence[tuple[str, float, float]], formatter: Callable[[float], str]) -> PairedBars:
    """Each row: a lighter bar for before and a darker one for after, on one scale."""
    top = max([max(b, a) for _l, b, a in rows] or [0]) or 1
    span = WIDTH - LABEL - 4
    drawn = [
        BarRow(label[:18], 6 + i * ROW, span * b / top, span * a / top, formatter(b), formatter(a))
        for i, (label, b, a) in enumerate(rows)
    ]
    return PairedBars(drawn, 10 + ROW * len(rows))


@dataclass(frozen=True)
class Bin:
    label: str
    count: int
    x: float
    width: float
    height: float
    y: float


@dataclass(frozen=True)
class Histogram:
    bins: list[Bin]
    height: int = 130
    base: int = 110


EDGES = [-math.inf, -25, 0, 25, 50, 100, 200, math.inf]
EDGE_LABELS = ["< −25 %", "−25–0", "0–25", "25–50", "50–100", "100–200", "> 200 %"]


def growth_histogram(percents: list[float]) -> Histogram:
    """How many firms grew by how much (percent change of turnover), in fixed bins."""
    counts = [0] * (len(EDGES) - 1)
    for value in percents:
        for i in range(len(EDGES) - 1):
            if EDGES[i] <= value < EDGES[i + 1]:
                counts[i] += 1
                break
    return histogram_of(counts)


def histogram_of(counts: list[int]) -> Histogram:
    """The growth histogram from its counts per bin (`EDGES`), as the database counts them."""
    top = max(counts) or 1
    width = WIDTH / len(counts)
    return Histogram([
        Bin(EDGE_LABELS[i], c, i * width + 2, width - 4, 100 * c / top, 110 - 100 * c / top)
        for i, c in enumerate(counts)
    ])  # fmt: skip


@dataclass(frozen=True)
class RateRow:
    label: str
    y: int
    width: float
    text: str


def rate_bars(rows: list[tuple[str, int, int]]) -> list[RateRow]:
    """Response rate per group: answered of members."""
    span = WIDTH - LABEL - 40
    return [
        RateRow(label[:18], 6 + i * ROW, span * (answered / members if members else 0),
                f"{answered}/{members}")
        for i, (label, members, answered) in enumerate(rows)
    ]  # fmt: skip
