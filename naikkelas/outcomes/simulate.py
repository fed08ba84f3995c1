"""Synthetic programs with a known, planted effect, to prove the designs recover it (tests and
`bench/impact_coverage.py`). Pure numpy, seeded: the same seed gives the same program.

One program: `batches` batches (the clusters) of `applicants` each. Each applicant has a selection score
(the mean of rubric scores, two decimals); the `seats` best of each batch are offered a seat, so the
cutoff is the batch's last selected score. Then:

- growth of log(1 + monthly turnover) is a smooth (straight) function of the score, plus a shock shared
  by the batch, plus the firm's own noise — so firms with better scores grow faster whether offered a seat
  or not (selection on the score: the naive comparison is biased);
- being offered a seat adds the planted effect (default +8 %), whatever follows: a share of those
  offered drop out, some go on to the next level (that adds nothing at the cutoff);
- some firms close (more often with lower scores); a closed firm gives no figures, only that it closed;
- who answers depends on being offered (participants answer more) and on the firm's own growth (firms
  that do badly answer less), the two multiplied, so those who answer are alike on both sides.
"""

import math
from dataclasses import dataclass

import numpy as np

from naikkelas.outcomes.designs import Unit

PLANTED = math.log(1.08)


@dataclass(frozen=True)
class Setting:
    batches: int = 12
    applicants: int = 90
    seats: int = 30
    effect: float = PLANTED  # on log growth
    slope: float = 0.25  # growth per score point
    batch_shock: float = 0.05  # sd of the shock a batch shares
    noise: float = 0.35  # sd of a firm's own growth noise
    dropout: float = 0.12  # share of those offered who do not complete
    went_on: float = 0.4  # share of completers above the median who go on to the next level
    answer_offered: float = 0.95
    answer_not_offered: float = 0.6
    closure: float = 0.05  # closure probability at the mean score


def program(seed: int, setting: Setting = Setting()) -> list[Unit]:
    """One synthetic program's applicants, scores centred at their batch's cutoff."""
    rng = np.random.default_rng(seed)
    s = setting
    units: list[Unit] = []
    shocks = rng.normal(0, s.batch_shock, s.batches)
    for batch in range(s.batches):
        score = np.round(np.clip(rng.normal(3.2, 0.5, s.applicants), 1, 5), 2)
        order = np.lexsort((rng.random(s.applicants), -score))  # ties broken at random (submission time)
        offered = np.zeros(s.applicants, dtype=bool)
        offered[order[: s.seats]] = True
        cutoff = float(score[order[s.seats - 1]])
        y0 = np.round(rng.lognormal(16 + 0.3 * (score - 3.2), 0.6), -3)
        own = rng.normal(0, s.noise, s.applicants)
        growth = 0.05 + s.slope * (score - 3.2) + shocks[batch] + own + s.effect * offered
        y1 = np.expm1(np.log1p(y0) + growth)
        completed = offered & (rng.random(s.applicants) >= s.dropout)
        went_on = completed & (score > np.median(score)) & (rng.random(s.applicants) < s.went_on)
        closes = rng.random(s.applicants) < s.closure * np.exp(-1.0 * (score - 3.2))
        base = np.where(offered, s.answer_offered, s.answer_not_offered)
        # firms doing badly answer less: the chance falls with their own noise, alike on both sides
        tendency = 0.7 + 0.3 * 0.5 * (1 + np.vectorize(math.erf)(own / (s.noise * math.sqrt(2))))
        answers = (rng.random(s.applicants) < base * tendency) & ~closes
        for i in range(s.applicants):
            units.append(
                Unit(
                    cluster=batch, score=round(float(score[i]) - cutoff, 2), offered=bool(offered[i]),
                    completed=bool(completed[i]), y0=float(y0[i]),
                    y1=float(y1[i]) if answers[i] else None, went_on=bool(went_on[i]), closed=bool(closes[i]),
                )
            )  # fmt: skip
    return units
