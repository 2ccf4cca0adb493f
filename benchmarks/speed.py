"""Speed and memory of `graphkit build` against bare spaCy: ratios from one run.

    python benchmarks/speed.py             # 5,000 articles (hours on 2 cores)
    python benchmarks/speed.py --cold-rounds 1 --steps cold,warm   # 5,000, one round
    python benchmarks/speed.py --cold-rounds 1 --cold-together --steps cold,warm
    python benchmarks/speed.py --n 300     # a quick run

Measures, on the Wikinews CSVs of ../shared/corpora/wikinews repeated with varied
ids to --n articles:

- cold build (empty store) / bare ``nlp.pipe`` over the same texts, same pipeline,
  in --cold-rounds paired rounds (the median ratio decides);
- warm rebuild (nothing changed) / cold build, and the parses it made (must be 0);
- rebuild after adding 10 new articles: parses made (must be 10) and time;
- where the cold build's time goes (parse, mentions, stance, store, resolve, graph);
- peak RSS of a cold build at --rss-n and 4 x --rss-n articles (separate processes);
- cold build with ``--jobs 2`` (local Dask cluster) / one process, on --jobs-n articles,
  in --jobs-rounds paired rounds, against the machine's own two-process ceiling;
- reruns as a user runs them, each ``graphkit build`` a new process (imports, model
  loading and all; graphkit's bytecode compiled first, as an install does): cold,
  warm (nothing changed) and +1 article, as ratios of the cold run, and which
  outputs a no-op rebuild replaced (none should be);
- the time of the analytics a build shares among its outputs, then of each output
  format written alone from the cold build's graph, with the analytics given.

``--n 295`` is the Wikinews corpus as it is (each article once).

Times are wall-clock and CPU time (of this process, or of the ``graphkit build``
child), which stays steady when other jobs share the machine. The ``--jobs 2``
step is a speed-up, so it is wall time: each round runs a one-process build, a
``--jobs 2`` build and graphkit's parse of the two halves in two processes at once
(the ceiling), each in new processes, in an order that rotates; it prints each
round, where the time goes in CPU seconds, and the medians' verdict against the
target and the ceiling (of the rounds whose ceiling can be trusted: the machine
quiet, the ceiling above the speed-up). GRAPHKIT_WIKINEWS overrides the folder of
the CSVs.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from itertools import pairwise, repeat
from pathlib import Path
from statistics import median

import graphkit.corpus
import graphkit.extract
import graphkit.extract.extractor
import graphkit.pipeline
from graphkit.extract.extractor import Extractor
from graphkit.files import Staging
from graphkit.ingest import read_corpus
from graphkit.models import DEFAULT_MODEL
from graphkit.store import Store

WIKINEWS = Path(
    os.environ.get(
        "GRAPHKIT_WIKINEWS",
        Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wikinews",
    )
)


def make_corpus(path: Path, n: int, *, prefix: str = "wn") -> Path:
    """Write ``n`` Wikinews articles (repeated, ids varied) as JSONL to ``path``."""
    csv.field_size_limit(sys.maxsize)
    rows = []
    for name in sorted(WIKINEWS.glob("*.csv")):
        with name.open(encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            row = rows[i % len(rows)]
            record = {
                "id": f"{prefix}-{i}",
                "title": row["title"],
                "date": row["date"],
                "url": row["url"],
                "text": row["text"],
            }
            out.write(json.dumps(record) + "\n")
    return path


class Clock:
    """Wall and CPU seconds of one block."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    @contextmanager
    def run(self) -> Iterator[Clock]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield self
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu


@contextmanager
def timed(owner: object, name: str, clocks: dict[str, Clock]) -> Iterator[None]:
    """Accumulate the time spent in ``owner.name`` into ``clocks[name]``."""
    real = getattr(owner, name)
    clock = clocks.setdefault(name, Clock())

    def wrapper(*args, **kwargs):
        with clock.run():
            return real(*args, **kwargs)

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, real)


@contextmanager
def counting_parses() -> Iterator[Counter]:
    """Count the documents graphkit parses while the block runs."""
    counts: Counter = Counter()
    real = graphkit.extract.extractor.parse

    def parse(nlp, articles, **kwargs):
        for pair in real(nlp, articles, **kwargs):
            counts["docs"] += 1
            yield pair

    graphkit.extract.extractor.parse = parse
    try:
        yield counts
    finally:
        graphkit.extract.extractor.parse = real


WARM_UP = ["Warm-up sentence about Sudan and Chad."] * 4


def bare_child(corpus: Path) -> None:
    """Print, as JSON, the clock of one bare ``nlp.pipe`` pass, as a user pays it.

    A new process: ``spacy.load`` of the model as a user would run it, without
    graphkit's actor ruler (whose cost counts against graphkit), then one pass
    over the article texts (not the headlines, whose parse counts against
    graphkit too) at graphkit's batch size, which parses this corpus faster
    than the model's own (81 s against 97 s cpu on the 295 articles in session
    6), so the comparison is the stricter one. Only one pass counts: a repeat
    profits from what the first cached, above all the lemmatizer's words.
    """
    import spacy

    nlp = spacy.load(DEFAULT_MODEL)
    list(nlp.pipe(WARM_UP))
    texts = [article.text for article in read_corpus([corpus])]
    clock = Clock()
    with clock.run():
        for doc in nlp.pipe(texts, batch_size=graphkit.extract.extractor.BATCH_SIZE):
            len(doc)
    print(json.dumps(vars(clock)))


def cold_child(corpus: Path, out: Path) -> None:
    """Print, as JSON, a profiled cold build of ``corpus`` by a fresh pipeline."""
    extractor = Extractor()
    list(extractor.nlp.pipe(WARM_UP))
    cold, parsed, stages = profiled_build(extractor, corpus, out)
    clocks = {name: vars(clock) for name, clock in stages.items()}
    print(json.dumps({"cold": vars(cold), "parsed": parsed, "stages": clocks}))


def _clock(times: dict[str, float]) -> Clock:
    clock = Clock()
    clock.wall, clock.cpu = times["wall"], times["cpu"]
    return clock


def _child(*args: str) -> str:
    """The last line this script prints when run with ``args``, in a new process
    (which, if it fails, ends this run with the end of its error output)."""
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(
            f"child {' '.join(args)} failed:\n"
            + "\n".join(out.stderr.splitlines()[-20:])
        )
    return out.stdout.strip().splitlines()[-1]


def build(extractor, corpus: Path, out: Path, **kwargs) -> tuple[Clock, int]:
    clock = Clock()
    with counting_parses() as counts, clock.run():
        graphkit.pipeline.build([corpus], out, extractor=extractor, **kwargs)
    return clock, counts["docs"]


def profiled_build(
    extractor, corpus: Path, out: Path
) -> tuple[Clock, int, dict[str, Clock]]:
    """A cold build with the time of each stage recorded."""
    clocks: dict[str, Clock] = {}
    stages: list[tuple[object, str]] = [
        (graphkit.extract, "mentions"),
        (graphkit.extract, "relations"),
        (graphkit.extract.extractor, "record"),
        (Store, "put"),
        (Store, "missing"),
        (graphkit.corpus, "statistics"),
        (graphkit.pipeline, "resolve_statistics"),
        (graphkit.pipeline, "corrected_graph"),
        (graphkit.pipeline, "write_outputs"),
    ]
    with _all(timed(owner, name, clocks) for owner, name in stages):
        clock, parsed = build(extractor, corpus, out)
    return clock, parsed, clocks


@contextmanager
def _all(managers) -> Iterator[None]:
    with ExitStack() as stack:
        for manager in managers:
            stack.enter_context(manager)
        yield


def peak_rss(n: int, tmp: Path) -> float:
    """Peak RSS (MB) of a cold build of ``n`` articles, in a fresh process."""
    return float(_child("--rss-child", str(n), "--tmp", str(tmp)))


def rss_child(n: int, tmp: Path) -> None:
    extractor = Extractor()
    corpus = make_corpus(tmp / f"rss-{n}.jsonl", n)
    graphkit.pipeline.build(
        [corpus], tmp / f"rss-{n}", extractor=extractor, cache=False
    )
    print(_peak_mb())


def _peak_mb() -> float:
    """This process's peak RSS in MB.

    ``getrusage``'s ``ru_maxrss`` survives ``exec`` on Linux, so a child would
    report its parent's peak if larger; the kernel's ``VmHWM`` does not.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


STEPS = ("cold", "warm", "rss", "cli", "jobs")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="articles in the corpus")
    parser.add_argument(
        "--rss-n",
        type=int,
        default=None,
        help="articles of the 1x memory run (default n/10)",
    )
    parser.add_argument(
        "--jobs-n",
        type=int,
        default=None,
        help="articles of the --jobs 2 run (default n/10, at least 40)",
    )
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="steps to run, comma-separated: cold (bare and cold builds), warm "
        "(warm and +10 rebuilds, after cold), rss, cli (new-process reruns and "
        "output times), jobs (default: all)",
    )
    parser.add_argument("--tmp", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--rss-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--jobs-rounds",
        type=int,
        default=JOBS_ROUNDS,
        help="paired rounds of the --jobs 2 step (one process, --jobs 2, and the "
        f"machine's two-process ceiling each; default {JOBS_ROUNDS})",
    )
    parser.add_argument(
        "--cold-rounds",
        type=int,
        default=COLD_ROUNDS,
        help="paired rounds of the cold step (a bare nlp.pipe pass and a cold "
        f"build each; default {COLD_ROUNDS})",
    )
    parser.add_argument(
        "--cold-together",
        action="store_true",
        help="run each cold round's bare pass and cold build at once, one per core "
        "(for corpora whose passes outlast the machine's steady speed)",
    )
    parser.add_argument("--parse-child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--jobs-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--bare-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold-child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child is not None:
        rss_child(args.rss_child, args.tmp)
        return
    if args.parse_child is not None:
        parse_child(args.parse_child, args.tmp)
        return
    if args.jobs_child is not None:
        jobs_child(args.jobs_child, args.corpus, args.tmp)
        return
    if args.bare_child:
        bare_child(args.corpus)
        return
    if args.cold_child is not None:
        cold_child(args.corpus, args.cold_child)
        return
    steps = set(args.steps.split(","))
    if steps - set(STEPS) or ("warm" in steps and "cold" not in steps):
        parser.error(f"--steps: some of {', '.join(STEPS)} (warm needs cold)")
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        run(
            args.n,
            args.rss_n or max(50, args.n // 10),
            args.jobs_n or max(40, args.n // 10),
            Path(tmp),
            steps,
            (args.cold_rounds, args.jobs_rounds),
            args.cold_together,
        )


def report(line: str) -> None:
    print(line, flush=True)


def run(
    n: int,
    rss_n: int,
    jobs_n: int,
    tmp: Path,
    steps: set[str],
    rounds: tuple[int, int],
    together: bool = False,
) -> None:
    """Run ``steps``; ``rounds`` are the paired rounds of the cold and jobs steps,
    ``together`` runs each cold round's two processes at once."""
    cold_rounds, jobs_rounds = rounds
    report(
        f"# graphkit speed benchmark: {n} articles, {platform.processor() or 'cpu'} "
        f"x{os.cpu_count()}, Python {platform.python_version()}, {DEFAULT_MODEL}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    extractor = Extractor()
    nlp = extractor.nlp
    list(nlp.pipe(WARM_UP))
    report(
        f"graphkit's pipeline: {', '.join(nlp.pipe_names)} (the model's default "
        f"components, none skipped, and graphkit's actor ruler)"
    )
    corpus = make_corpus(tmp / "corpus.jsonl", n)
    if "cold" in steps:
        cold, out = cold_run(corpus, tmp, cold_rounds, together)
    if "warm" in steps:
        warm_runs(extractor, corpus, cold, out)
    if "rss" in steps:
        small, large = peak_rss(rss_n, tmp), peak_rss(4 * rss_n, tmp)
        report(
            f"peak RSS cold build: {small:.0f} MB at {rss_n} articles, {large:.0f} "
            f"MB at {4 * rss_n}   (ratio {large / small:.2f})"
        )
    if "cli" in steps:
        cli_reruns(corpus, tmp)
    if "jobs" in steps:
        jobs_run(make_corpus(tmp / "jobs.jsonl", jobs_n), tmp, jobs_rounds)
    report(f"# load average at the end {os.getloadavg()[0]:.1f}")


def cold_run(
    corpus: Path, tmp: Path, rounds: int, together: bool = False
) -> tuple[Clock, Path]:
    """Bare ``nlp.pipe`` against a cold build, paired, and where the build's time goes.

    Each round runs a bare pass (:func:`bare_child`) and a cold build into an
    empty folder (:func:`cold_child`), each in a new process from a freshly
    loaded pipeline, so neither profits from what the other left behind; the
    order alternates from round to round, so a machine that gets faster or
    slower over the run favours neither. The verdict is the median of the
    rounds' ratios; the stage table gives each stage's median. Returns the
    median cold build's clock and the folder of the last cold build.

    ``together`` runs each round's two processes at once, one per core, for a
    corpus whose passes take longer than the machine keeps one speed (5,000
    articles: 21 minutes each); they then share the machine's state, and pay
    whatever running beside the other costs both.
    """
    ratios: list[float] = []
    colds: list[dict] = []
    for round_ in range(rounds):
        out = tmp / f"cold-{round_ + 1}"
        order = COLD_ORDERS[round_ % 2]
        with ThreadPoolExecutor(2 if together else 1) as pool:
            parts = pool.map(_cold_part, order, repeat(corpus), repeat(out))
            runs = dict(zip(order, parts, strict=True))
        if together:
            order = ("bare and cold at once",)
        bare, cold = _clock(runs["bare"]), _clock(runs["cold"]["cold"])
        ratios.append(cold.cpu / bare.cpu)
        colds.append(runs["cold"])
        report(
            f"  round {round_ + 1} ({', '.join(order)}): bare nlp.pipe "
            f"{bare.cpu:.1f} s cpu ({bare.wall:.1f} s wall), cold build {cold.cpu:.1f}"
            f" s cpu ({cold.wall:.1f} s wall, parsed {runs['cold']['parsed']}): "
            f"ratio {ratios[-1]:.3f} cpu, {cold.wall / bare.wall:.3f} wall"
        )
    ratio = median(ratios)
    met = "met" if ratio <= COLD_TARGET else "not met"
    report(
        f"cold build / bare nlp.pipe, median of {rounds} paired rounds: {ratio:.3f} "
        f"cpu ({_listed(ratios, 3)})   (target <= {COLD_TARGET}: {met})"
    )
    cold = _median_clock([c["cold"] for c in colds])
    stages = {
        name: _median_clock([c["stages"][name] for c in colds])
        for name in colds[0]["stages"]
    }
    _stage_table(stages, cold)
    return cold, out


COLD_TARGET = 1.10
COLD_ROUNDS = 3
COLD_ORDERS = (("bare", "cold"), ("cold", "bare"))


def _median_clock(times: list[dict[str, float]]) -> Clock:
    return _clock({key: median(t[key] for t in times) for key in ("wall", "cpu")})


def _cold_part(name: str, corpus: Path, out: Path) -> dict:
    if name == "bare":
        return json.loads(_child("--bare-child", "--corpus", str(corpus)))
    return json.loads(_child("--cold-child", str(out), "--corpus", str(corpus)))


def warm_runs(extractor, corpus: Path, cold: Clock, out: Path) -> None:
    """Warm rebuild and +10 articles, in this process, of the cold build in ``out``."""
    first = (out / "graph.json").read_bytes()
    warm, parsed = build(extractor, corpus, out)
    same = (out / "graph.json").read_bytes() == first
    report(
        f"warm rebuild         {warm.wall:8.1f} s wall {warm.cpu:8.1f} s cpu "
        f"(parsed {parsed}, graph.json identical: {same})"
    )
    report(
        f"  ratio warm / cold: {warm.wall / cold.wall:.3f} wall, "
        f"{warm.cpu / cold.cpu:.3f} cpu   (target <= 0.05)"
    )
    more = make_corpus(out.parent / "more.jsonl", 10, prefix="new")
    clock = Clock()
    with counting_parses() as counts, clock.run():
        graphkit.pipeline.build([corpus, more], out, extractor=extractor)
    report(
        f"+10 new articles     {clock.wall:8.1f} s wall {clock.cpu:8.1f} s cpu "
        f"(parsed {counts['docs']}; ratio to cold {clock.cpu / cold.cpu:.3f} cpu)"
    )


@contextmanager
def timed_iteration(owner: object, name: str, clock: Clock) -> Iterator[None]:
    """Accumulate into ``clock`` the time spent inside the iterator ``owner.name``."""
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        iterator = iter(real(*args, **kwargs))
        while True:
            with clock.run():
                item = next(iterator, _END)
            if item is _END:
                return
            yield item

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, real)


_END = object()


@contextmanager
def timed_context(owner: object, name: str, clock: Clock) -> Iterator[None]:
    """Accumulate into ``clock`` the time the context manager ``owner.name`` takes
    to enter (a Dask cluster starting, say)."""
    real = getattr(owner, name)

    @contextmanager
    def wrapper(*args, **kwargs):
        with ExitStack() as stack:
            with clock.run():
                value = stack.enter_context(real(*args, **kwargs))
            yield value

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, real)


JOBS_ROUNDS = 3
JOBS_TARGET = 1.7
_RUNS = ("one", "two", "halves")


def jobs_run(corpus: Path, tmp: Path, rounds: int) -> None:
    """``--jobs 2`` against one process, paired, and against the machine's ceiling.

    Each round runs three things, each in new processes, in an order that
    rotates from round to round (so a machine that gets faster or slower over
    the run favours none of them):

    - ``one``: a one-process build (:func:`jobs_child`);
    - ``two``: a ``--jobs 2`` build (:func:`jobs_child`);
    - ``halves``: graphkit's parse and record of the corpus's two halves (its
      ``TASK_SIZE`` blocks taken alternately, as Dask hands them out) in two
      processes at once, no Dask (:func:`_parse_children`).

    A build is timed as ``graphkit build`` pays it after its imports: the
    one-process build loads the model, the ``--jobs 2`` build starts its
    cluster, whose workers each load it. ``halves`` gives the round's ceiling:
    the one-process build with its parse replaced by the halves' wall time,
    the best a two-process build can do on this machine (the serial rest as
    it is; each half fills its own caches with the other running beside it).
    Wall times decide the speed-ups; CPU seconds say where a difference goes:
    the one-process parse and record against the serial rest (Amdahl's
    bound), and the halves' and the workers' parse CPU against the
    one-process parse (what running two at once costs, and what Dask costs
    beyond that). The verdict takes the medians over the rounds, the
    ceiling's over those it can be trusted in (:func:`_ceiling_doubts`).
    """
    n = sum(1 for _ in corpus.open(encoding="utf-8"))
    done: list[tuple[dict, dict, dict]] = []
    doubts: list[list[str]] = []
    load = os.getloadavg()[0]
    for round_ in range(rounds):
        order = _RUNS[round_ % 3 :] + _RUNS[: round_ % 3]
        runs = {}
        for name in order:
            runs[name] = _jobs_part(name, corpus, tmp)
            load = max(load, os.getloadavg()[0])
        one, two, halves = (runs[name] for name in _RUNS)
        _round_lines(round_ + 1, order, one, two, halves)
        doubts.append(_ceiling_doubts(one, two, halves))
        if doubts[-1]:
            report(f"    its ceiling is not to be trusted: {'; '.join(doubts[-1])}")
        done.append((one, two, halves))
    speedups = [_speedup(one, two) for one, two, _ in done]
    ceilings = [_ceiling(one, halves) for one, _, halves in done]
    same = all(one["graph"] == two["graph"] for one, two, _ in done)
    speedup, ceiling = median(speedups), median(ceilings)
    trusted = [c for c, d in zip(ceilings, doubts, strict=True) if not d]
    reach = _reach(speedup, trusted, rounds)
    report(
        f"--jobs 2 on {n} articles, median of {rounds} paired rounds: "
        f"{speedup:.2f}x wall ({_listed(speedups)}), graph.json identical to one "
        f"process: {same}; ceiling of two processes on this machine {ceiling:.2f}x "
        f"({_listed(ceilings)}): --jobs 2 reaches {100 * speedup / ceiling:.0f} % "
        f"of it; load average up to {load:.1f} on {os.cpu_count()} cores"
    )
    parses = [one["parse"]["cpu"] for one, _, _ in done]
    report(
        f"  one-process parse and record, cpu, round by round: {_listed(parses)} s "
        f"(spread {100 * (max(parses) / min(parses) - 1):.1f} %: the same work, so "
        f"the machine's own drift over this run)"
    )
    met = "met" if speedup >= JOBS_TARGET else "not met"
    report(f"  verdict: target >= {JOBS_TARGET}x {met} ({speedup:.2f}x); {reach}")


def _jobs_part(name: str, corpus: Path, tmp: Path) -> dict:
    if name == "halves":
        clocks = _parse_children(corpus, _HALVES)
        return {
            "wall": max(c.wall for c in clocks),
            "cpu": sum(c.cpu for c in clocks),
            "parts": [vars(c) for c in clocks],
        }
    jobs = "1" if name == "one" else "2"
    return json.loads(
        _child("--jobs-child", jobs, "--corpus", str(corpus), "--tmp", str(tmp / name))
    )


def _speedup(one: dict, two: dict) -> float:
    return one["wall"] / two["wall"]


def _ceiling(one: dict, halves: dict) -> float:
    return one["wall"] / (one["wall"] - one["parse"]["wall"] + halves["wall"])


# Wall over CPU beyond which a one-process run waited for a core: the machine was
# not quiet, and its wall time says more about the others than about graphkit.
QUIET = 1.05


def _ceiling_doubts(one: dict, two: dict, halves: dict) -> list[str]:
    """Why a round's ceiling may not bound its speed-up (none: it can be trusted).

    The ceiling is a wall time, so it holds only while each process had its
    core: the one-process build's wall and each half's are to be within
    :data:`QUIET` of their CPU. And it bounds nothing when it comes out below
    the speed-up itself: the halves then ran in a slower minute of the
    machine, or split the corpus less evenly than Dask's tasks do.
    """
    doubts = []
    waited = one["wall"] / one["cpu"]
    if waited > QUIET:
        doubts.append(
            f"the one-process build waited for the CPU (wall {waited:.2f}x its cpu)"
        )
    waited = max(half["wall"] / half["cpu"] for half in halves["parts"])
    if waited > QUIET:
        doubts.append(f"a half waited for the CPU (wall {waited:.2f}x its cpu)")
    if _ceiling(one, halves) < _speedup(one, two):
        cpus = [half["cpu"] for half in halves["parts"]]
        doubts.append(
            f"below the speed-up itself (the halves' parse cpu "
            f"{_change(halves['cpu'], one['parse']['cpu'])} against one process's, "
            f"the larger half {_change(max(cpus), sum(cpus) / len(cpus))} against "
            f"their mean)"
        )
    return doubts


def _reach(speedup: float, trusted: list[float], rounds: int) -> str:
    """Where the target stands against the ceilings of the rounds that can be
    trusted (:func:`_ceiling_doubts`), if they bound the speed-up."""
    without = f"{len(trusted)} of {rounds} rounds without doubt"
    if not trusted or median(trusted) < speedup:
        return (
            f"the ceiling is not trustworthy in this run ({without}; see each "
            f"round): the speed-up stands against the target alone"
        )
    ceiling = median(trusted)
    where = "within" if ceiling >= JOBS_TARGET else "beyond"
    return (
        f"{JOBS_TARGET}x is {where} this machine's ceiling (two processes, "
        f"graphkit's serial rest as it is: {ceiling:.2f}x, the median of "
        f"{without})"
    )


def _listed(values: list[float], digits: int = 2) -> str:
    return ", ".join(f"{value:.{digits}f}" for value in values)


def _round_lines(number: int, order: tuple[str, ...], one, two, halves) -> None:
    """Report one round: its three runs and their ratios."""
    parse = one["parse"]["cpu"]
    serial = one["cpu"] - parse
    amdahl = one["cpu"] / (serial + parse / 2)
    workers = two["workers"] - two["fixed"]
    report(
        f"  round {number} ({', '.join(order)}): one process {one['wall']:.1f} s "
        f"wall, --jobs 2 {two['wall']:.1f} s ({_speedup(one, two):.2f}x), halves at "
        f"once without Dask {halves['wall']:.1f} s (ceiling "
        f"{_ceiling(one, halves):.2f}x); graph.json identical: "
        f"{one['graph'] == two['graph']}"
    )
    report(
        f"    one process, cpu: {one['cpu']:.1f} s = model load "
        f"{one['load']['cpu']:.1f} s + parse and record {parse:.1f} s + the rest "
        f"{serial - one['load']['cpu']:.1f} s (serial share "
        f"{100 * serial / one['cpu']:.1f} %, Amdahl's bound {amdahl:.2f}x)"
    )
    report(
        f"    parse and record, cpu: halves at once {halves['cpu']:.1f} s "
        f"({_change(halves['cpu'], parse)} against one process), the two workers "
        f"{workers:.1f} s ({_change(workers, parse)}; their fixed cost besides: "
        f"{two['fixed']:.1f} s, imports, Dask, model load)"
    )
    busy = two["busy"]
    report(
        f"    --jobs 2 here, cpu: {two['cpu']:.1f} s: cluster start "
        f"{two['start']['cpu']:.1f} s ({two['start']['wall']:.1f} s wall), records "
        f"decoded and stored {two['stored']:.1f} s, the tail after the last record "
        f"{two['tail']:.1f} s ({two['tail_wall']:.1f} s wall); the workers "
        f"began {two['first']:.1f} s into the build and computed {_listed(busy)} s "
        f"(wall), the first done idle {two['idle']:.1f} s at the end"
    )


def jobs_child(jobs: int, corpus: Path, out: Path) -> None:
    """Print, as JSON, the clocks of one build with ``jobs`` in this new process.

    ``jobs`` 1: the model's load, then the build, with the time inside
    ``Extractor.records`` (parse and record). ``jobs`` 2: the build, with the
    cluster's start, the records' decoding and storing here, this process's
    CPU after the last record (the serial tail), each worker's CPU once its
    pipeline is loaded (its fixed cost) and the workers' CPU in all (read once
    the cluster has shut them down), and from Dask's task stream how long each
    worker computed and how long the first to finish waited for the other.
    """
    from distributed import Client, get_task_stream

    import graphkit.dask_runner
    from graphkit.records import DocRecord

    extractor = Extractor()
    load, parse, start = Clock(), Clock(), Clock()
    clocks: dict[str, Clock] = {}
    result: dict = {}
    with ExitStack() as stack:
        if jobs == 1:
            with load.run():
                extractor.nlp  # noqa: B018 (the model's load, timed on its own)
            stack.enter_context(timed_iteration(Extractor, "records", parse))
        else:
            stack.enter_context(
                timed_context(graphkit.dask_runner, "dask_client", start)
            )
            stack.enter_context(timed(DocRecord, "from_dict", clocks))
            stack.enter_context(timed(Store, "put", clocks))
            loaded = stack.enter_context(workers_cpu_when_loaded(Client))
            ended = stack.enter_context(
                clocks_after_iteration(graphkit.dask_runner, "distributed_records")
            )
            tasks = stack.enter_context(
                recorded(graphkit.dask_runner, "distributed_records", get_task_stream)
            )
        before, began = _children_cpu(), time.time()
        built, _ = build(extractor, corpus, out, cache=False, jobs=jobs)
        finished = time.process_time(), time.perf_counter()
    graph = (out / "graph.json").read_bytes()
    result["graph"] = hashlib.sha256(graph).hexdigest()
    result["wall"], result["cpu"] = load.wall + built.wall, load.cpu + built.cpu
    if jobs == 1:
        result["load"], result["parse"] = vars(load), vars(parse)
    else:
        busy, idle, first = _task_stream(tasks)
        result |= {
            "workers": _children_cpu() - before,
            "fixed": sum(loaded),
            "start": vars(start),
            "stored": clocks["from_dict"].cpu + clocks["put"].cpu,
            "tail": finished[0] - ended[0],
            "tail_wall": finished[1] - ended[1],
            "busy": busy,
            "idle": idle,
            "first": first - began,
        }
    print(json.dumps(result))


@contextmanager
def recorded(owner: object, name: str, task_stream) -> Iterator[list[dict]]:
    """Collect Dask's task stream (``distributed.get_task_stream``) while the
    iterator ``owner.name`` runs, given its ``client`` keyword."""
    real = getattr(owner, name)
    tasks: list[dict] = []

    def wrapper(*args, **kwargs):
        with task_stream(client=kwargs["client"]) as stream:
            yield from real(*args, **kwargs)
        tasks.extend(stream.data)

    setattr(owner, name, wrapper)
    try:
        yield tasks
    finally:
        setattr(owner, name, real)


def _task_stream(tasks: list[dict]) -> tuple[list[float], float, float]:
    """Each worker's compute seconds, how long the first done waited for the last,
    and when the first computing began (``time.time()``)."""
    busy: dict[str, float] = {}
    last: dict[str, float] = {}
    first = float("inf")
    for task in tasks:
        for span in task["startstops"]:
            if span["action"] == "compute":
                worker = task["worker"]
                busy[worker] = busy.get(worker, 0.0) + span["stop"] - span["start"]
                last[worker] = max(last.get(worker, 0.0), span["stop"])
                first = min(first, span["start"])
    return sorted(busy.values()), max(last.values()) - min(last.values()), first


def _change(ratio: float, base: float = 1.0) -> str:
    return f"{100 * (ratio / base - 1):+.1f} %"


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def workers_cpu_when_loaded(client_class) -> Iterator[list[float]]:
    """Record each worker's CPU once a worker plugin is registered (the pipeline
    loaded: graphkit's plugin loads it in ``setup``)."""
    real = client_class.register_plugin
    cpu: list[float] = []

    def wrapper(self, *args, **kwargs):
        value = real(self, *args, **kwargs)
        cpu[:] = self.run(_own_cpu).values()
        return value

    client_class.register_plugin = wrapper
    try:
        yield cpu
    finally:
        client_class.register_plugin = real


@contextmanager
def clocks_after_iteration(owner: object, name: str) -> Iterator[list[float]]:
    """Record this process's CPU and wall clocks when the iterator ``owner.name``
    is exhausted (the last record arrives)."""
    real = getattr(owner, name)
    ended = [time.process_time(), time.perf_counter()]

    def wrapper(*args, **kwargs):
        yield from real(*args, **kwargs)
        ended[:] = time.process_time(), time.perf_counter()

    setattr(owner, name, wrapper)
    try:
        yield ended
    finally:
        setattr(owner, name, real)


# Each half parses every other block of TASK_SIZE articles, as Dask hands them out.
_HALVES = ((0, 2), (1, 2))


def _parse_children(corpus: Path, halves: tuple[tuple[int, int], ...]) -> list[Clock]:
    """Parse and record each half of ``corpus`` in its own new process, at once.

    Each child loads its pipeline, says so, and starts when told: so the parses
    overlap exactly, whatever the load times.
    """
    children = [
        subprocess.Popen(
            [sys.executable, __file__, "--parse-child", f"{start},{step}"]
            + ["--tmp", str(corpus)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for start, step in halves
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    clocks = []
    for child in children:
        out, _ = child.communicate()
        clocks.append(_clock(json.loads(out)))
        if child.returncode:
            raise SystemExit(f"parse child failed: {child.args}")
    return clocks


def parse_child(part: str, corpus: Path) -> None:
    """One process of :func:`_parse_children`: print the clock of its records."""
    from graphkit.dask_runner import TASK_SIZE

    start, step = map(int, part.split(","))
    articles = [
        article
        for i, article in enumerate(read_corpus([corpus]))
        if (i // TASK_SIZE) % step == start
    ]
    extractor = Extractor()
    extractor.nlp  # noqa: B018 (loaded before the parse, which is timed)
    print("ready", flush=True)
    sys.stdin.readline()
    clock = Clock()
    with clock.run():
        for _ in extractor.records(articles):
            pass
    print(json.dumps(vars(clock)))


def graphkit_build(args: list[str]) -> Clock:
    """Wall and CPU seconds of one ``graphkit build`` in a new process."""
    clock = Clock()
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graphkit", "build", *args, "--quiet"],
        check=True,
        capture_output=True,
    )
    clock.wall = time.perf_counter() - start
    clock.cpu = _children_cpu() - before
    return clock


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.iterdir()
        if p.is_file() and p.suffix != ".sqlite"
    }


def cli_reruns(corpus: Path, tmp: Path) -> None:
    """Cold, warm and +1-article builds through the command line, as ratios.

    graphkit's bytecode is compiled first, as installing the package does:
    with ``PYTHONDONTWRITEBYTECODE`` set (or a read-only checkout) each new
    process would otherwise compile every module again, a cost no installed
    graphkit pays.
    """
    package = Path(graphkit.pipeline.__file__).parent
    compiled = compileall.compile_dir(package, quiet=1)
    report(
        f"graphkit's bytecode compiled first, as an install does ({package}): "
        f"{'done' if compiled else 'FAILED'}"
    )
    out = tmp / "cli-out"
    cold = graphkit_build([str(corpus), "--out", str(out)])
    before = _stamps(out)
    warm = graphkit_build([str(corpus), "--out", str(out)])
    replaced = sorted(n for n, stamp in _stamps(out).items() if before[n] != stamp)
    one = make_corpus(tmp / "one-more.jsonl", 1, prefix="added")
    # same story, new wording: a new article for the store (it keys on content)
    record = json.loads(one.read_text(encoding="utf-8"))
    record["text"] = record["text"].replace(".", ";", 1)
    one.write_text(json.dumps(record) + "\n", encoding="utf-8")
    more = graphkit_build([str(corpus), str(one), "--out", str(out)])
    report(
        f"graphkit build (new process) cold {cold.wall:8.1f} s wall "
        f"{cold.cpu:8.1f} s cpu"
    )
    report(
        f"  warm (nothing changed) {warm.wall:6.1f} s wall {warm.cpu:6.1f} s cpu   "
        f"ratio warm / cold: {warm.wall / cold.wall:.3f} wall, "
        f"{warm.cpu / cold.cpu:.3f} cpu   (target <= 0.05); outputs replaced: "
        f"{', '.join(replaced) or 'none'}"
    )
    report(
        f"  +1 article             {more.wall:6.1f} s wall {more.cpu:6.1f} s cpu   "
        f"ratio +1 / cold: {more.wall / cold.wall:.3f} wall, "
        f"{more.cpu / cold.cpu:.3f} cpu   (target <= 0.10)"
    )
    output_times(out / "graph.json", tmp / "formats")


OUTPUT_REPEATS = 3


def output_times(graph_file: Path, tmp: Path, repeats: int = OUTPUT_REPEATS) -> None:
    """CPU seconds of the analytics, then of each output format with them at hand.

    A build computes one set of analytics (of the evidence the reports
    count) and every format reads it; so it is timed once, apart. Each
    format is then written alone (with graph.json, which a build always
    writes) into an empty folder, ``repeats`` times, with the analytics
    given: a file's time runs from the end of the write before it to the end
    of its own (:func:`staged_write_ends`), which is making its text and
    staging it, and a format's is the sum over its files, the least of the
    repeats. graph.json's is the whole of a build's writing when only it is
    asked for: its text, the outputs' key and manifest, the renames.
    """
    from graphkit.graph.analytics import analyse
    from graphkit.graph.build import at_confidence
    from graphkit.graph.io import read_graph

    G = read_graph(graph_file)
    clock = Clock()
    with clock.run():
        found = analyse(at_confidence(G), seed=42)
        _ = found.centrality, found.summary  # computed when first read
    times: dict[str, list[float]] = {fmt: [] for fmt in graphkit.pipeline.FORMATS}
    with replaced(graphkit.pipeline, "analyse", lambda graph, **options: found):
        for repeat in range(repeats):
            for fmt, names in graphkit.pipeline.FORMATS.items():
                folder = tmp / f"{fmt}-{repeat}"
                with staged_write_ends() as ends, Clock().run() as whole:
                    graphkit.pipeline.write_outputs(G, folder, formats=[fmt])
                files = _write_times(ends)
                cpu = whole.cpu if fmt == "json" else sum(files[n] for n in names)
                times[fmt].append(cpu)
    report(f"  output times ({G.number_of_nodes()} actors), cpu s, least of {repeats}:")
    report(f"    analytics (reports, exports and page) {clock.cpu:6.2f}")
    report(f"    graph.json {min(times.pop('json')):6.2f}   (its key and manifest too)")
    for fmt, cpus in times.items():
        report(f"    {fmt:10} {min(cpus):6.2f}")


@contextmanager
def staged_write_ends() -> Iterator[list[tuple[str, float]]]:
    """The CPU clock when a build's staging of output files began, then when
    each file's write ended (``("", start)``, then ``(file name, end)`` each),
    while the block runs.

    A build makes each file's text just before it stages it
    (:func:`graphkit.files.staged_writes`), so the time between two ends is
    the making and staging of the second file.
    """
    ends: list[tuple[str, float]] = []
    init, write = Staging.__init__, Staging.write

    def started(self, *args, **kwargs):
        init(self, *args, **kwargs)
        ends.append(("", time.process_time()))

    def wrote(self, path, data):
        write(self, path, data)
        ends.append((Path(path).name, time.process_time()))

    with replaced(Staging, "__init__", started), replaced(Staging, "write", wrote):
        yield ends


def _write_times(ends: list[tuple[str, float]]) -> dict[str, float]:
    """Each file's seconds from :func:`staged_write_ends`' clocks: from the end
    of the write before it (or the start) to the end of its own."""
    return {name: end - before for (_, before), (name, end) in pairwise(ends)}


@contextmanager
def replaced(owner: object, name: str, value: object) -> Iterator[None]:
    """``owner.name`` is ``value`` while the block runs."""
    real = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, real)


def _stage_table(stages: dict[str, Clock], total: Clock) -> None:
    inner = ("mentions", "relations")
    accounted = sum(c.cpu for name, c in stages.items() if name not in inner)
    report(f"  where the cold build's {total.cpu:.1f} s cpu go:")
    report(f"    {'parse (spaCy) + ingest':24} {total.cpu - accounted:8.2f} s")
    for name, clock in stages.items():
        share = 100 * clock.cpu / total.cpu
        label = f"  {name}" if name in inner else name
        report(f"    {label:24} {clock.cpu:8.2f} s  {share:5.1f} %")


if __name__ == "__main__":
    main()
