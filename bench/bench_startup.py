"""How fast the CLI starts: `kg --help` and `kg --version` as whole processes, the median of five runs each
(the driver, numpy and pandas are imported only when a command asks the graph). Target: under 0.5 s.
Prints figures; asserts nothing.

    python -m bench.bench_startup
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    kg = [sys.executable, "-m", "kg"]
    for args in (["--help"], ["--version"], ["load", "--help"]):
        runs = [seconds(kg + args) for _ in range(5)]
        print(f"kg {' '.join(args)}: median {statistics.median(runs):.2f} s "
              f"(runs {', '.join(f'{r:.2f}' for r in runs)})")


if __name__ == "__main__":
    main()
