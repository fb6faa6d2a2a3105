"""Benchmark: how long the ``ecosystem`` command takes to start and finish, end to end.

Each case runs in a fresh process (the cost of starting Python and importing what the command
needs is the point), ``--repeat`` times (default 7), and the median wall time is printed next
to the floor: a bare ``python -c "import click, yaml, networkx"``, which every command pays.

* ``ecosystem validate sample_graphs/camera.yaml``: reads and checks a file; needs no analysis,
  so it must not load numpy, igraph, matplotlib, pyvis or the Neo4j driver (budget: 0.5 s);
* ``ecosystem --help``: builds every command's options, imports no library behind them;
* ``ecosystem gaps sample_graphs/camera.yaml``: an analysis (numpy; igraph only if needed).

The command is the console script next to this Python (``.venv/bin/ecosystem``), else
``python -m ecosystem.cli.main``.  ``--check`` exits 1 when validate is over its budget.
Run from the repository root (2 cores: one benchmark at a time)::

    .venv/bin/python benchmarks/bench_startup.py
    python -X importtime -c "import ecosystem.cli.main" 2>&1 | sort -t'|' -k2 -n | tail   # where it goes
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAMERA = "sample_graphs/camera.yaml"
VALIDATE_BUDGET = 0.5  # seconds (issue 13)


def ecosystem_command() -> list[str]:
    """The installed console script next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("ecosystem")
    return [str(script)] if script.is_file() and os.access(script, os.X_OK) else [sys.executable, "-m", "ecosystem.cli.main"]


def median_seconds(argv: list[str], repeat: int) -> float:
    """Median wall time of ``repeat`` runs of ``argv`` (output discarded; a failure stops the benchmark)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per case (the median is shown)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if validate takes {VALIDATE_BUDGET} s or more")
    args = parser.parse_args()

    ecosystem = ecosystem_command()
    cases = [
        ("floor: python -c 'import click, yaml, networkx'", [sys.executable, "-c", "import click, yaml, networkx"]),
        (f"ecosystem validate {CAMERA}", [*ecosystem, "validate", CAMERA]),
        ("ecosystem --help", [*ecosystem, "--help"]),
        (f"ecosystem gaps {CAMERA}", [*ecosystem, "gaps", CAMERA]),
    ]
    print(f"median of {args.repeat} runs, each in a fresh process ({' '.join(ecosystem)})")
    medians: dict[str, float] = {}
    width = max(len(label) for label, _ in cases)
    for label, argv in cases:
        medians[label] = median_seconds(argv, args.repeat)
    floor = medians[cases[0][0]]
    for label, _ in cases:
        print(f"  {label:<{width}}  {medians[label]:6.3f} s  {medians[label] / floor:5.2f} x floor")
    validate = medians[cases[1][0]]
    fast = validate < VALIDATE_BUDGET
    verdict = "under" if fast else "OVER"
    print(f"validate: {validate:.3f} s, {verdict} the {VALIDATE_BUDGET} s budget ({validate - floor:+.3f} s above the floor)")
    return 0 if fast or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
