"""A small server-rendered SVG line chart of an enterprise's monthly figures. Pure."""

from dataclasses import dataclass
from typing import Any

WIDTH = 320
HEIGHT = 120
PAD = 8


@dataclass(frozen=True)
class Chart:
    omzet_points: str
    aset_points: str
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not self.omzet_points

    @property
    def omzet_dots(self) -> list[tuple[str, str]]:
        return [tuple(point.split(",")) for point in self.omzet_points.split()]  # type: ignore[misc]

    @property
    def aset_dots(self) -> list[tuple[str, str]]:
        return [tuple(point.split(",")) for point in self.aset_points.split()]  # type: ignore[misc]


def _points(values: list[int]) -> str:
    if not values:
        return ""
    top = max(values) or 1
    count = len(values)
    step = (WIDTH - 2 * PAD) / max(count - 1, 1)
    coords = []
    for index, value in enumerate(values):
        x = PAD + index * step if count > 1 else WIDTH / 2
        y = HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD)
        coords.append(f"{x:.1f},{y:.1f}")
    return " ".join(coords)


def metric_chart(history: list[Any]) -> Chart:
    """Turnover and assets over the months of the history, each scaled to its own maximum."""
    return Chart(
        omzet_points=_points([report.omzet for report in history]),
        aset_points=_points([report.aset for report in history]),
    )
