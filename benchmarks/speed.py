"""Speed and memory of `graphkit build` against bare spaCy: ratios from one run.

    python benchmarks/speed.py             # 5,000 articles (about an hour on 2 cores)
    python benchmarks/speed.py --n 300     # a quick run

Measures, on the Wikinews CSVs of ../shared/corpora/wikinews repeated with varied
ids to --n articles:

- cold build (empty store) / bare ``nlp.pipe`` over the same texts, same pipeline;
- warm rebuild (nothing changed) / cold build, and the parses it made (must be 0);
- rebuild after adding 10 new articles: parses made (must be 10) and time;
- where the cold build's time goes (parse, mentions, stance, store, resolve, graph);
- peak RSS of a cold build at --rss-n and 4 x --rss-n articles (separate processes);
- cold build with ``--jobs 2`` (local Dask cluster) / one process, on --jobs-n articles;
- reruns as a user runs them, each ``graphkit build`` a new process (imports, model
  loading and all; graphkit's bytecode compiled first, as an install does): cold,
  warm (nothing changed) and +1 article, as ratios of the cold run, and which
  outputs a no-op rebuild replaced (none should be);
- the time of the analytics a build shares among its outputs, then of each output
  format written alone from the cold build's graph, with the analytics given.

``--n 295`` is the Wikinews corpus as it is (each article once).

Times are wall-clock and CPU time (of this process, or of the ``graphkit build``
child), which stays steady when other jobs share the machine. The ``--jobs 2``
run prints where its time goes: parse + record against the serial rest of a
one-process build, Amdahl's bound for two workers, and the Dask cluster's
start-up and model load. GRAPHKIT_WIKINEWS overrides the folder of the CSVs.
"""

from __future__ import annotations

import argparse
import compileall
import csv
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
from contextlib import ExitStack, contextmanager
from pathlib import Path

import graphkit.corpus
import graphkit.extract
import graphkit.extract.extractor
import graphkit.pipeline
from graphkit.extract.extractor import Extractor
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


def bare_pipes(corpus: Path) -> dict[int, list[Clock]]:
    """Time bare ``nlp.pipe`` over the texts graphkit would parse, as a user pays it.

    Each batch size runs in its own new process: ``spacy.load`` of the model as a
    user would run it, without graphkit's actor ruler (whose cost counts against
    graphkit), then one pass over the article texts (not the headlines, whose
    parse counts against graphkit too), once with the model's own
    ``nlp.batch_size`` and once with graphkit's largest batch. The second process
    then parses the same texts again: a repeat pass profits from what the first
    one cached, above all the lemmatizer's cache of every word it has seen, so it
    is shown but never counted. Returns batch size -> [first pass, repeats...].
    """
    runs = {}
    for size, repeat in ((0, 0), (graphkit.extract.extractor.BATCH_SIZE, 1)):
        args = ("--bare-child", str(size), "--repeat", str(repeat))
        child = json.loads(_child(*args, "--corpus", str(corpus)))
        runs[child["batch_size"]] = [_clock(times) for times in child["passes"]]
    return runs


def bare_child(corpus: Path, batch_size: int, repeat: int) -> None:
    """Print, as JSON, the clocks of 1 + ``repeat`` passes of a fresh pipeline.

    ``batch_size`` 0 is the model's own.
    """
    import spacy

    nlp = spacy.load(DEFAULT_MODEL)
    list(nlp.pipe(WARM_UP))
    texts = [article.text for article in read_corpus([corpus])]
    size = batch_size or nlp.batch_size
    passes = []
    for _ in range(1 + repeat):
        clock = Clock()
        with clock.run():
            for doc in nlp.pipe(texts, batch_size=size):
                len(doc)
        passes.append(vars(clock))
    print(json.dumps({"batch_size": size, "passes": passes}))


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
    """The last line this script prints when run with ``args``, in a new process."""
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
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
        help="steps to run, comma-separated: cold (bare and cold build), warm "
        "(warm and +10 rebuilds, after cold), rss, cli (new-process reruns and "
        "output times), jobs (default: all)",
    )
    parser.add_argument("--tmp", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--rss-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--parse-child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--model", default=DEFAULT_MODEL, help=argparse.SUPPRESS)
    parser.add_argument("--bare-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--cold-child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child is not None:
        rss_child(args.rss_child, args.tmp)
        return
    if args.parse_child is not None:
        parse_child(args.parse_child, args.model, args.tmp)
        return
    if args.bare_child is not None:
        bare_child(args.corpus, args.bare_child, args.repeat)
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
        )


def report(line: str) -> None:
    print(line, flush=True)


def run(n: int, rss_n: int, jobs_n: int, tmp: Path, steps: set[str]) -> None:
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
        cold = cold_run(corpus, tmp)
    if "warm" in steps:
        warm_runs(extractor, corpus, cold, tmp)
    if "rss" in steps:
        small, large = peak_rss(rss_n, tmp), peak_rss(4 * rss_n, tmp)
        report(
            f"peak RSS cold build: {small:.0f} MB at {rss_n} articles, {large:.0f} "
            f"MB at {4 * rss_n}   (ratio {large / small:.2f})"
        )
    if "cli" in steps:
        cli_reruns(corpus, tmp)
    if "jobs" in steps:
        jobs_run(extractor, make_corpus(tmp / "jobs.jsonl", jobs_n), tmp)
    report(f"# load average at the end {os.getloadavg()[0]:.1f}")


def cold_run(corpus: Path, tmp: Path) -> Clock:
    """Bare ``nlp.pipe`` against a cold build, and where the build's time goes.

    Bare and cold each run in a new process, from a freshly loaded pipeline, so
    neither profits from what the other (or an earlier pass) left behind.
    """
    n = sum(1 for _ in corpus.open(encoding="utf-8"))
    bares = bare_pipes(corpus)
    for size, (first, *repeats) in bares.items():
        report(
            f"bare nlp.pipe, batch {size:4} {first.wall:8.1f} s wall {first.cpu:8.1f} "
            f"s cpu ({n / first.wall:.2f} docs/s; own process: spacy.load, no actor "
            f"ruler, one pass)"
        )
        for again in repeats:
            report(
                f"  repeat pass, same pipeline and texts {again.cpu:8.1f} s cpu "
                f"({again.cpu / first.cpu:.3f} of the first; not counted: it reuses "
                f"what the first pass cached)"
            )
    bare = min((first for first, *_ in bares.values()), key=lambda c: c.cpu)
    child = json.loads(
        _child("--cold-child", str(tmp / "out"), "--corpus", str(corpus))
    )
    cold = _clock(child["cold"])
    report(
        f"cold build           {cold.wall:8.1f} s wall {cold.cpu:8.1f} s cpu "
        f"(parsed {child['parsed']}; own process, pipeline loaded first)"
    )
    report(
        f"  ratio cold / bare (the faster bare): {cold.wall / bare.wall:.3f} wall, "
        f"{cold.cpu / bare.cpu:.3f} cpu   (target <= 1.10)"
    )
    _stage_table({k: _clock(v) for k, v in child["stages"].items()}, cold)
    return cold


def warm_runs(extractor, corpus: Path, cold: Clock, tmp: Path) -> None:
    """Warm rebuild and +10 articles, in this process, against the cold build."""
    first = (tmp / "out" / "graph.json").read_bytes()
    warm, parsed = build(extractor, corpus, tmp / "out")
    same = (tmp / "out" / "graph.json").read_bytes() == first
    report(
        f"warm rebuild         {warm.wall:8.1f} s wall {warm.cpu:8.1f} s cpu "
        f"(parsed {parsed}, graph.json identical: {same})"
    )
    report(
        f"  ratio warm / cold: {warm.wall / cold.wall:.3f} wall, "
        f"{warm.cpu / cold.cpu:.3f} cpu   (target <= 0.05)"
    )
    more = make_corpus(tmp / "more.jsonl", 10, prefix="new")
    clock = Clock()
    with counting_parses() as counts, clock.run():
        graphkit.pipeline.build([corpus, more], tmp / "out", extractor=extractor)
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


def jobs_run(extractor, corpus: Path, tmp: Path) -> None:
    """``--jobs 2`` against one process, where the time of each goes, and the ceiling.

    Wall times on a shared machine say little, so the breakdown is in CPU
    seconds. One process: the CPU inside ``Extractor.records`` (parse and
    record, what workers share out) against the rest, which stays serial
    (ingest, store, resolution, graph, outputs): Amdahl's bound for two
    workers follows. Two workers: this process's CPU to start the cluster
    (before any record) and after the last record (the serial tail); the CPU
    of the worker processes when their pipelines are loaded (their fixed cost:
    imports, Dask, model load) and in all (read when the cluster has shut them
    down), so their parse CPU against the one-process parse. The machine's
    own ceiling (:func:`machine_ceiling`: pure spaCy, and graphkit's records
    without Dask) says how much of that difference two processes doing the
    same work cost each other here; with the serial share, graphkit's bounds
    what ``--jobs 2`` can reach. From these, the speed-up a
    quiet 2-core machine would show: one process's CPU against cluster start
    + the slower worker's CPU + the tail (never below all CPU over two cores).
    """
    from distributed import Client

    import graphkit.dask_runner
    from graphkit.records import DocRecord

    n = sum(1 for _ in corpus.open(encoding="utf-8"))
    extract = Clock()
    with timed_iteration(Extractor, "records", extract):
        one, _ = build(extractor, corpus, tmp / "one", cache=False)
    serial = one.cpu - extract.cpu
    bound = one.cpu / (serial + extract.cpu / 2)
    start, waiting = Clock(), Clock()
    clocks: dict[str, Clock] = {}
    load = os.getloadavg()[0]
    children = _children_cpu()
    with (
        timed_context(graphkit.dask_runner, "dask_client", start),
        workers_cpu_when_loaded(Client) as loaded,
        timed_iteration(graphkit.dask_runner, "distributed_records", waiting),
        timed(DocRecord, "from_dict", clocks),
        timed(Store, "put", clocks),
        cpu_after_iteration(graphkit.dask_runner, "distributed_records") as ended,
    ):
        two, _ = build(extractor, corpus, tmp / "two", cache=False, jobs=2)
    workers = _children_cpu() - children
    tail = time.process_time() - ended[0]
    load = max(load, os.getloadavg()[0])
    same = (tmp / "one" / "graph.json").read_bytes() == (
        tmp / "two" / "graph.json"
    ).read_bytes()
    report(
        f"--jobs 2 on {n} articles: {one.wall:.1f} s -> {two.wall:.1f} s wall "
        f"(speed-up {one.wall / two.wall:.2f}x, graph.json identical: {same}); "
        f"load average up to {load:.1f} on {os.cpu_count()} cores"
    )
    report(
        f"  one process, cpu: {one.cpu:.1f} s = parse + record {extract.cpu:.1f} s "
        f"+ the serial rest {serial:.1f} s (share {100 * serial / one.cpu:.1f} %): "
        f"Amdahl's bound for 2 workers {bound:.2f}x"
    )
    fixed = sum(loaded)
    parsing = workers - fixed
    decoded, stored = clocks["from_dict"].cpu, clocks["put"].cpu
    report(
        f"  two workers, cpu: {workers:.1f} s = fixed cost {fixed:.1f} s (imports, "
        f"Dask, model load: {fixed / len(loaded or [0]):.1f} s each) + parse and "
        f"record {parsing:.1f} s ({_change(parsing, extract.cpu)} against one "
        f"process); here {two.cpu:.1f} s: cluster start {start.cpu:.1f} s "
        f"({start.wall:.1f} s wall), records decoded and stored "
        f"{decoded + stored:.1f} s, the tail after the last record {tail:.1f} s"
    )
    _ceiling_line("pure spaCy", machine_ceiling(extractor.model, corpus))
    split, shared = _ceiling_line(
        "graphkit's parse and record, no Dask",
        machine_ceiling(extractor.model, corpus, records=True),
    )
    halved = split * shared * extract.cpu / 2  # each worker's parse at best
    capped = one.cpu / (serial + halved)
    fixed_too = one.cpu / (serial + start.cpu + fixed / 2 + halved)
    quiet = max(start.cpu + workers / 2 + tail, (two.cpu + workers) / 2)
    report(
        f"  bound here (cpu): the serial share with graphkit's ceiling per parse "
        f"{capped:.2f}x; with the workers' fixed cost as well {fixed_too:.2f}x; "
        f"--jobs 2 on a quiet 2-core machine (from cpu): {one.cpu:.1f} s -> "
        f"{quiet:.1f} s, {one.cpu / quiet:.2f}x (target >= 1.7 on 400+)"
    )


def _ceiling_line(name: str, ceiling: dict[str, list[Clock]]) -> tuple[float, float]:
    """Report a :func:`machine_ceiling`; return its split and shared CPU ratios."""
    alone, apart, together = (ceiling[k] for k in ("one", "apart", "together"))
    split, shared = _cpu(apart) / alone[0].cpu, _cpu(together) / _cpu(apart)
    wall = max(c.wall for c in together)
    report(
        f"  machine ceiling ({name}; new processes, from the pipeline loaded): one "
        f"process {alone[0].wall:.1f} s wall {alone[0].cpu:.1f} s cpu; the two "
        f"halves one after the other {_cpu(apart):.1f} s cpu ({_change(split)}: "
        f"each half fills its own caches), at the same time {_cpu(together):.1f} s "
        f"cpu ({_change(shared)}: two running at once) in {wall:.1f} s wall: "
        f"{alone[0].wall / wall:.2f}x wall, {2 / (split * shared):.2f}x cpu"
    )
    return split, shared


def _cpu(clocks: list[Clock]) -> float:
    return sum(clock.cpu for clock in clocks)


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
def cpu_after_iteration(owner: object, name: str) -> Iterator[list[float]]:
    """Record in ``[0]`` this process's CPU clock when the iterator ``owner.name``
    is exhausted (the last record arrives)."""
    real = getattr(owner, name)
    ended = [time.process_time()]

    def wrapper(*args, **kwargs):
        yield from real(*args, **kwargs)
        ended[0] = time.process_time()

    setattr(owner, name, wrapper)
    try:
        yield ended
    finally:
        setattr(owner, name, real)


def machine_ceiling(
    model: str, corpus: Path, *, records: bool = False
) -> dict[str, list[Clock]]:
    """The machine's own ceiling for two processes doing the same parses, no Dask.

    Each parse runs in a new process (``spacy.load(model)``, ``nlp.pipe`` at
    graphkit's batch size over the texts graphkit parses; with ``records``,
    graphkit's own work: ``Extractor(model).records`` over the articles),
    timed from when its pipeline is loaded: ``one`` parses every text;
    ``apart`` parses the two halves (alternate texts) one after the other;
    ``together`` parses them at the same time, started together once both
    pipelines are loaded. ``one``
    against ``together`` in wall time is the best any two-process scheme can do
    here; ``together`` against ``apart`` in CPU is what running two at once
    costs each parse (shared caches, memory bandwidth, the hypervisor), and
    ``apart`` against ``one`` what splitting the texts costs (each half builds
    its own vocabulary). Returns the name -> the clock of each process.
    """
    kind = "records" if records else "spacy"
    return {
        "one": _parse_children(model, corpus, kind, [(0, 1)]),
        "apart": [
            clock
            for half in ((0, 2), (1, 2))
            for clock in _parse_children(model, corpus, kind, [half])
        ],
        "together": _parse_children(model, corpus, kind, [(0, 2), (1, 2)]),
    }


def _parse_children(
    model: str, corpus: Path, kind: str, slices: list[tuple[int, int]]
) -> list[Clock]:
    """Parse ``texts[start::step]`` for each slice in its own new process, at once.

    Each child loads its pipeline, says so, and starts parsing when told: so
    the parses overlap exactly, whatever the load times.
    """
    children = [
        subprocess.Popen(
            [sys.executable, __file__, "--parse-child", f"{start},{step},{kind}"]
            + ["--model", model, "--tmp", str(corpus)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for start, step in slices
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    clocks = []
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        out, _ = child.communicate()
        clock = Clock()
        clock.wall, clock.cpu = json.loads(out)
        clocks.append(clock)
        if child.returncode:
            raise SystemExit(f"parse child failed: {child.args}")
    return clocks


def parse_child(part: str, model: str, corpus: Path) -> None:
    """One process of :func:`machine_ceiling`: print the wall and CPU of its parse."""
    import spacy

    from graphkit.extract.headline import parsed_text

    start, step, kind = part.split(",")
    articles = list(read_corpus([corpus]))[int(start) :: int(step)]
    extractor = Extractor(model)
    nlp = extractor.nlp if kind == "records" else spacy.load(model)
    list(nlp.pipe(WARM_UP))
    texts = [parsed_text(a) for a in articles]
    print("ready", flush=True)
    sys.stdin.readline()
    clock = Clock()
    with clock.run():
        if kind == "records":
            for _ in extractor.records(articles):
                pass
        else:
            for doc in nlp.pipe(
                texts, batch_size=graphkit.extract.extractor.BATCH_SIZE
            ):
                len(doc)
    print(json.dumps([clock.wall, clock.cpu]))


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


def output_times(graph_file: Path, tmp: Path) -> None:
    """CPU seconds of the analytics, then of each output format with them at hand.

    A build computes one set of analytics (of the evidence the reports
    count) and every format reads it; so it is timed once, apart, and each
    format is then written alone with it given (graph.json, always written,
    is subtracted from the others).
    """
    from graphkit.graph.analytics import analyse
    from graphkit.graph.build import at_confidence
    from graphkit.graph.io import read_graph

    G = read_graph(graph_file)
    clock = Clock()
    with clock.run():
        found = analyse(at_confidence(G), seed=42)
        _ = found.centrality, found.summary  # computed when first read
    times = {}
    with replaced(graphkit.pipeline, "analyse", lambda graph, **options: found):
        for fmt in graphkit.pipeline.FORMATS:
            clock_of = Clock()
            with clock_of.run():
                graphkit.pipeline.write_outputs(G, tmp / fmt, formats=[fmt])
            times[fmt] = clock_of.cpu
    base = times.pop("json")
    report(f"  output times ({G.number_of_nodes()} actors), cpu s:")
    report(f"    analytics (reports, exports and page) {clock.cpu:6.2f}")
    report(f"    graph.json {base:6.2f}")
    for fmt, cpu in times.items():
        report(f"    {fmt:10} {cpu - base:6.2f}")


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
