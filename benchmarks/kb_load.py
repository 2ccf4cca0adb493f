"""Loading the packaged Phoenix knowledge base: entries parsed when looked up vs all.

    python benchmarks/kb_load.py            # 7 loads of each kind
    python benchmarks/kb_load.py --repeat 15

A build loads the knowledge base once and looks up a few hundred of its ~27,000
entries. Prints the CPU seconds (min and median over ``--repeat`` runs, in this
process) of one load as a build does it, of one load that also parses every entry
(what loading one JSON object of all entries cost), and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time

from graphkit.extract.knowledge import load_knowledge_base


def _cpu(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help="loads of each kind")
    args = ap.parse_args(argv)
    lazy, full = [], []
    for _ in range(args.repeat):
        lazy.append(_cpu(load_knowledge_base))
        full.append(_cpu(lambda: list(load_knowledge_base().entries)))
    for name, runs in (("load (as a build)", lazy), ("load + every entry", full)):
        middle = statistics.median(runs)
        print(f"{name:<20} min {min(runs):.3f} s  median {middle:.3f} s")
    ratio = statistics.median(full) / statistics.median(lazy)
    print(f"ratio (median)      {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
