"""Do the impact designs recover a planted effect? N simulated programs (naikkelas/outcomes/simulate.py:
selection on the score, attrition related to growth, closures, clustering by batch, +8 % planted on
the offer), each design run on each, then per design: how often it gave an estimate, the mean
estimate, its bias, and the share of 95 % intervals covering the planted effect — beside the floor
92–98 % a 95 % interval should meet. The naive comparison (graduates against non-selected
applicants, today's method) is in the same table with its bias.

    .venv/bin/python bench/impact_coverage.py            # 500 programs
    .venv/bin/python bench/impact_coverage.py --n 2000 --seed 7

No database: the designs are plain functions. Exit status 1 when a design other than the naive one
falls outside 92–98 %.
"""

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naikkelas.settings")

import numpy as np

from naikkelas.outcomes import designs, simulate

FLOOR = (0.92, 0.98)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500, help="simulated programs (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first program")
    args = parser.parse_args()
    truth = simulate.PLANTED
    runs = {
        "rd": lambda units: designs.rd(units, sensitivity=False),
        "itt": designs.itt,
        "naive": lambda units: designs.naive(units, replicates=500),
    }
    found: dict[str, list[tuple[float, bool, float]]] = {name: [] for name in runs}
    started = time.perf_counter()
    for seed in range(args.seed, args.seed + args.n):
        units = simulate.program(seed)
        for name, run in runs.items():
            result = run(units)
            if result.estimate is not None:
                e = result.estimate
                found[name].append((e.estimate, e.ci_low <= truth <= e.ci_high, e.mde))
    elapsed = time.perf_counter() - started
    print(f"{args.n} simulated programs (seeds {args.seed}–{args.seed + args.n - 1}), planted effect "
          f"{math.expm1(truth) * 100:+.1f} % (log {truth:.4f}); {elapsed:.0f} s")  # fmt: skip
    print(
        f"{'design':<8}{'estimates':>10}{'mean (%)':>10}{'bias (log)':>12}{'coverage':>10}{'MDE (%)':>9}  floor"
    )
    failed = False
    for name, rows in found.items():
        if not rows:
            print(f"{name:<8}{0:>10}")
            failed = failed or name != "naive"
            continue
        estimates = np.array([r[0] for r in rows])
        coverage = float(np.mean([r[1] for r in rows]))
        mde = math.expm1(float(np.mean([r[2] for r in rows]))) * 100
        inside = FLOOR[0] <= coverage <= FLOOR[1]
        verdict = "ok" if inside else ("biased, as expected" if name == "naive" else "OUTSIDE")
        failed = failed or (not inside and name != "naive")
        print(f"{name:<8}{len(rows):>10}{math.expm1(estimates.mean()) * 100:>10.1f}{estimates.mean() - truth:>12.4f}"
              f"{coverage:>10.1%}{mde:>9.1f}  {FLOOR[0]:.0%}–{FLOOR[1]:.0%} {verdict}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
