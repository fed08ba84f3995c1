"""Server-rendered SVG charts for the outcomes page (no JavaScript): before/after bars by sector and by
regency, the distribution of growth, response rates. Pure: coordinates computed here, drawn by the
template in a 320-unit-wide viewBox that scales to a phone."""

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from naikkelas.core.formats import number

WIDTH = 320
LABEL = 110  # room for the row label
ROW = 26
# Text is measured by the widest character a label holds (a digit, a capital: 0.6 em), so whatever the
# reader's font, a label drawn in the room worked out here stays in it.
EM = 0.6
LABEL_SIZE = 9  # the font size of a one-line label
LABEL_SIZE_SMALL = 7.5  # a label too long for one line: two smaller lines
TEXT_SIZE = 9  # a rate's "106/106"


def text_width(text: str, size: float) -> float:
    """The room a text needs at a font size, in the chart's units (an upper bound, not a measure)."""
    return len(text) * size * EM


def label_lines(label: str, room: float = LABEL - 4) -> tuple[list[str], float]:
    """A row's label as it fits its room: one line at LABEL_SIZE, else two lines at LABEL_SIZE_SMALL,
    the second shortened with "…" only when even two lines cannot hold it. With the font size to draw."""
    if text_width(label, LABEL_SIZE) <= room:
        return [label], LABEL_SIZE
    per_line = int(room // (LABEL_SIZE_SMALL * EM))
    lines = textwrap.wrap(label, per_line, break_long_words=True) or [label]
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])[: per_line - 1] + "…"]
    return lines, LABEL_SIZE_SMALL


@dataclass(frozen=True)
class BarRow:
    label: str
    y: int
    before_width: float
    after_width: float
    before_text: str
    after_text: str
    lines: tuple[str, ...] = ()  # the label as drawn (label_lines)
    label_size: float = LABEL_SIZE


@dataclass(frozen=True)
class PairedBars:
    rows: list[BarRow]
    height: int
    x0: int = LABEL


def paired_bars(rows: Sequence[tuple[str, float, float]], formatter: Callable[[float], str]) -> PairedBars:
    """Each row: a lighter bar for before and a darker one for after, on one scale."""
    top = max([max(b, a) for _l, b, a in rows] or [0]) or 1
    span = WIDTH - LABEL - 4
    drawn = []
    for i, (label, b, a) in enumerate(rows):
        lines, size = label_lines(label)
        drawn.append(
            BarRow(
                label,
                6 + i * ROW,
                span * b / top,
                span * a / top,
                formatter(b),
                formatter(a),
                tuple(lines),
                size,
            )
        )
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
    span: float = WIDTH - LABEL - 40  # the track's length: the whole of the group
    lines: tuple[str, ...] = ()
    label_size: float = LABEL_SIZE

    @property
    def text_x(self) -> float:
        """Where the count starts: after the track, in the room the longest count of the chart needs."""
        return LABEL + self.span + 4


def rate_bars(rows: list[tuple[str, int, int]], language: str | None = None) -> list[RateRow]:
    """Response rate per group: answered of members ("106/106", in the reader's digits). The track is
    shortened until the longest count fits beside it, so no count runs off the chart."""
    texts = [f"{number(answered, language)}/{number(members, language)}" for _l, members, answered in rows]
    room = max([text_width(text, TEXT_SIZE) for text in texts] or [0]) + 6
    span = WIDTH - LABEL - room
    drawn = []
    for i, ((label, members, answered), text) in enumerate(zip(rows, texts, strict=True)):
        lines, size = label_lines(label)
        drawn.append(
            RateRow(
                label,
                6 + i * ROW,
                span * (answered / members if members else 0),
                text,
                span,
                tuple(lines),
                size,
            )
        )
    return drawn
