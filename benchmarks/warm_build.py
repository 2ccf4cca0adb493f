"""A warm in-process build (every record in the store): CPU, and records decoded.

    python benchmarks/warm_build.py             # the Wikinews corpus, each article once
    python benchmarks/warm_build.py --repeat 9 --out /tmp/warm

Fills a store with one cold build of the Wikinews CSVs of ../shared/corpora/wikinews
(``--n`` articles, as in ``speed.py``), then runs ``--repeat`` warm builds in this
process and prints the CPU seconds of each (min and median), the time inside
resolution and graph building, and how many times the store decoded a record and
its resolution statistics per build. With ``--out`` the outputs stay there (to
compare graph.json between two versions of graphkit).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import Clock, make_corpus, timed  # noqa: E402

import graphkit.pipeline  # noqa: E402
import graphkit.store  # noqa: E402
from graphkit.extract.extractor import Extractor  # noqa: E402


@contextmanager
def counting(module: object, names: tuple[str, ...]) -> Iterator[Counter]:
    """Count the calls of each function ``module.name`` that exists."""
    counts: Counter = Counter()
    with ExitStack() as stack:
        for name in names:
            real = getattr(module, name, None)
            if real is None:
                continue

            def wrapper(*args, _real=real, _name=name, **kwargs):
                counts[_name] += 1
                return _real(*args, **kwargs)

            setattr(module, name, wrapper)
            stack.callback(setattr, module, name, real)
        yield counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=295, help="articles in the corpus")
    parser.add_argument("--repeat", type=int, default=7, help="warm builds timed")
    parser.add_argument("--out", type=Path, default=None, help="keep outputs here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="graphkit-warm-") as tmp:
        out = args.out or Path(tmp) / "out"
        out.mkdir(parents=True, exist_ok=True)
        run(args.n, args.repeat, out)


def run(n: int, repeat: int, out: Path) -> None:
    extractor = Extractor()
    corpus = make_corpus(out / "corpus.jsonl", n)
    build = graphkit.pipeline.build
    cold = Clock()
    with cold.run():
        build([corpus], out / "graph", extractor=extractor)
    print(f"# warm in-process build, {n} Wikinews articles", flush=True)
    print(f"cold build {cold.cpu:.1f} s cpu (store filled)", flush=True)
    first = (out / "graph" / "graph.json").read_bytes()
    cpus, inner = [], []
    decodes: Counter = Counter()
    names = ("decode_record", "decode_statistics")
    stages = ("resolve", "resolve_statistics", "build_graph", "corrected_graph")
    for _ in range(repeat):
        clock, clocks = Clock(), {}
        with ExitStack() as stack:
            for name in stages:
                if hasattr(graphkit.pipeline, name):
                    stack.enter_context(timed(graphkit.pipeline, name, clocks))
            decodes = stack.enter_context(counting(graphkit.store, names))
            with clock.run():
                build([corpus], out / "graph", extractor=extractor)
        cpus.append(clock.cpu)
        inner.append(sum(c.cpu for c in clocks.values()))
    same = (out / "graph" / "graph.json").read_bytes() == first
    print(
        f"warm build cpu: min {min(cpus):.3f} s, median {statistics.median(cpus):.3f}"
        f" s over {repeat} runs (graph.json identical to the cold build's: {same})"
    )
    print(
        f"  of which resolution + graph (incl. reading the store): min "
        f"{min(inner):.3f} s, median {statistics.median(inner):.3f} s"
    )
    counted = ", ".join(f"{name} {decodes[name]}" for name in names)
    print(f"  store decodes in one warm build: {counted} ({n} articles)")


if __name__ == "__main__":
    main()
