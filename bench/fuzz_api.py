"""The long API fuzz run before a release: the suite's schemathesis test with every check, many more
examples per operation, and a report of cases, operations and failures.

    .venv/bin/python bench/fuzz_api.py                      # 200 examples per operation, a fresh seed
    .venv/bin/python bench/fuzz_api.py --examples 500 --seed 1234
    .venv/bin/python bench/fuzz_api.py --only imports       # the operations whose path holds "imports"
    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/nk_fuzz .venv/bin/python bench/fuzz_api.py

It runs naikkelas/core/tests/test_api_fuzz.py (the same fixtures, checks and seed handling as the suite)
through pytest, so a failure found here replays in the suite with the seed it prints.
"""

import argparse
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST = "naikkelas/core/tests/test_api_fuzz.py::test_api_answers_every_generated_request_within_its_schema"


class Collect:
    """A pytest plugin: which operations failed, with which checks, and the request to replay."""

    def __init__(self) -> None:
        self.failures: dict[str, list[str]] = defaultdict(list)
        self.passed = 0

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when != "call":
            return
        if report.passed:
            self.passed += 1
            return
        heading = getattr(report, "head_line", "") or report.nodeid  # "test_…[GET /api/v1/…]"
        operation = heading.partition("[")[2].rstrip("]") or heading
        text = str(report.longrepr)
        checks = sorted(set(re.findall(r"- (ST\d+ [^\n]+)", text))) or [text.strip().splitlines()[-1][:200]]
        curls = re.findall(r"(curl -X [^\n]+)", text)
        self.failures[operation] = [*checks, f"replay: {curls[0][:300]}"] if curls else checks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=200, help="generated per operation (the suite: 25)")
    parser.add_argument("--seed", type=int, default=None, help="replay a run (default: a fresh seed)")
    parser.add_argument("--only", default="", help="a pytest -k expression over the operations, e.g. imports")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    os.environ["NK_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ["NK_FUZZ_SEED"] = str(seed)
    os.chdir(ROOT)
    collect = Collect()
    started = time.monotonic()
    only = ["-k", args.only] if args.only else []
    code = pytest.main(
        [TEST, *only, "-q", "-p", "no:randomly", "--no-header", "-o", "log_level=ERROR"], plugins=[collect]
    )
    elapsed = time.monotonic() - started
    fuzz = sys.modules["naikkelas.core.tests.test_api_fuzz"]
    print()
    print(f"database:   {os.environ.get('DATABASE_URL', 'sqlite (test database)')}")
    print(f"seed:       {seed}   (replay: NK_FUZZ_SEED={seed} NK_FUZZ_EXAMPLES={args.examples})")
    print(f"examples:   at most {args.examples} generated per operation, plus the coverage phase's cases")
    print(f"cases:      {fuzz.CASES['count']}")
    print(
        f"operations: {len(fuzz.CASES['operations'])} ({collect.passed} passed, {len(collect.failures)} failed)"
    )
    print(f"checks:     all but {', '.join(sorted(fuzz.CHECKS_OFF))} (see CHECKS_OFF for why)")
    print(f"time:       {elapsed:.0f} s")
    print(f"failures:   {len(collect.failures)}")
    for operation, lines in sorted(collect.failures.items()):
        print(f"  {operation}")
        for line in lines:
            print(f"    {line}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
