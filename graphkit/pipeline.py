"""The main job, shared by ``graphkit build`` and notebooks: corpus in, graph out."""

from __future__ import annotations

import functools
import hashlib
import json
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from time import perf_counter
from typing import Any

import networkx as nx

from graphkit import ingest
from graphkit.collector import rare_collections
from graphkit.corpus import Total, corpus_records
from graphkit.errors import CorpusError
from graphkit.extract.extractor import Extractor
from graphkit.extract.knowledge import load_knowledge_base
from graphkit.extract.resolve import resolve, resolve_statistics
from graphkit.files import Staging, staged_writes
from graphkit.graph import changes, time
from graphkit.graph import io as graph_io
from graphkit.graph.analytics import Analytics, analyse
from graphkit.graph.build import DEFAULT_CONFIDENCE, Window, at_confidence
from graphkit.graph.corrected import apply_corrections, corrected_graph
from graphkit.graph.corrections import FILE_NAME, CorrectionReport, load_corrections
from graphkit.graph.export import flatten
from graphkit.graph.time import Period
from graphkit.records import Article, Confidence, DocRecord, Resolution
from graphkit.render import report
from graphkit.render.html import read_positions, to_html
from graphkit.store import STORE_NAME

__all__ = [
    "BuildResult",
    "FORMATS",
    "MANIFEST",
    "extract_corpus",
    "build",
    "write_outputs",
    "export_attributes",
]


FORMATS = {
    "json": ("graph.json",),
    "gexf": ("graph.gexf",),
    "graphml": ("graph.graphml",),
    "html": ("graph.html",),
    "csv": ("edges.csv", "actors.csv"),
    "reports": ("centrality.csv", "centrality.md", "alliances.md"),
}
"""Output formats of a build and the files each writes; ``json`` is always written."""

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` made: the graph, the resolution behind it, the files written.

    ``parsed`` counts the articles parsed in this run, ``articles`` all of them
    (the others came from the store); ``corrections`` says what became of each
    correction; ``skipped`` holds one message per input, file or record skipped
    as unreadable; ``seconds`` is the wall time.
    """

    graph: nx.MultiDiGraph
    resolution: Resolution
    files: tuple[Path, ...]
    parsed: int = 0
    corrections: CorrectionReport = CorrectionReport()
    articles: int = 0
    skipped: tuple[str, ...] = ()
    seconds: float = 0.0

    def __repr__(self) -> str:
        G = self.graph
        return (
            f"<BuildResult: {G.graph.get('documents', 0)} documents, "
            f"{G.number_of_nodes()} actors, {G.number_of_edges()} links, "
            f"{self.parsed} parsed, {len(self.files)} files>"
        )

    def summary(self) -> str:
        """Say what the build made in a few plain lines (``graphkit build`` ends so).

        Examples
        --------
        >>> G = nx.MultiDiGraph()
        >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention")
        >>> result = BuildResult(G, Resolution((), {}), (Path("out/graph.json"),),
        ...                      parsed=1, articles=3, seconds=2.04)
        >>> print(result.summary())
        Built out in 2.0 s.
          articles  3: 1 parsed, 2 read from the store
          actors    2
          ties      1: 1 co-mention, 0 support, 0 oppose
          files     1 written to out
        """
        G = self.graph
        ties = Counter(relation for *_, relation in G.edges(data="relation"))
        by_relation = ", ".join(
            f"{ties[r]:,} {r.replace('_', '-')}"
            for r in ("co_mention", "support", "oppose")
        )
        where = self.files[0].parent if self.files else Path(".")
        lines = [
            f"Built {where} in {self.seconds:.1f} s.",
            f"  articles  {self.articles:,}: {self.parsed:,} parsed, "
            f"{self.articles - self.parsed:,} read from the store",
            f"  actors    {G.number_of_nodes():,}",
            f"  ties      {G.number_of_edges():,}: {by_relation}",
        ]
        if self.skipped:
            s = "" if len(self.skipped) == 1 else "s"
            lines.append(
                f"  skipped   {len(self.skipped):,} unreadable file{s} or record{s} "
                f"(named in the warnings)"
            )
        lines.append(f"  files     {len(self.files):,} written to {where}")
        return "\n".join(lines)


def extract_corpus(
    inputs: Sequence[str | Path],
    *,
    extractor: Extractor | None = None,
    encoding: str = "utf-8",
    year: int | None = None,
    progress: bool = False,
    store: str | Path | None = None,
    skip_errors: bool = False,
) -> tuple[list[DocRecord], Resolution]:
    """Read, parse and extract a corpus, then resolve its actors.

    Returns the records of every article (sorted by id) and the resolution. With
    ``store`` (a build's ``corpus.sqlite``), articles already in it are not parsed
    again and new ones are added. ``extractor`` defaults to ``Extractor()``, the
    packaged model and lexicons. ``skip_errors`` skips each unreadable input,
    file or record with a warning naming it, as :func:`build` does.

    Raises
    ------
    CorpusError
        If the inputs hold no readable article.
    """
    articles = ingest.read_corpus(
        inputs,
        encoding=encoding,
        year=year,
        exclude=[store] if store else [],
        on_error=_skipping([]) if skip_errors else None,
    )
    extractor = extractor or Extractor()
    with corpus_records(
        articles, extractor=extractor, store=store, progress=progress
    ) as records:
        kept = list(records)
    return kept, resolve(
        kept, lexicon=extractor.lexicon, knowledge=load_knowledge_base()
    )


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    extractor: Extractor | None = None,
    encoding: str = "utf-8",
    year: int | None = None,
    window: Window = "sentence",
    max_evidence: int = 20,
    seed: int = 42,
    by: Period | None = None,
    progress: bool = False,
    store: str | Path | None = None,
    cache: bool = True,
    jobs: int = 1,
    scheduler: str | None = None,
    corrections: Sequence[str | Path] = (),
    formats: Collection[str] = tuple(FORMATS),
    min_confidence: Confidence = DEFAULT_CONFIDENCE,
    skip_errors: bool = False,
) -> BuildResult:
    """Build the actor graph of a corpus; write it and its reports into ``out_dir``.

    Writes ``graph.json`` (the public contract), ``graph.gexf``, ``graph.graphml``,
    ``edges.csv``, ``actors.csv``, the reports and ``graph.html`` (see
    :func:`write_outputs`), only after the whole corpus was read and extracted,
    and all together, so a failed run leaves the previous outputs as they were.

    Parameters
    ----------
    inputs : sequence of path
        Files or directories (text dumps, .txt/.md, JSONL, CSV); ``-`` is stdin.
    out_dir : path
        Where outputs go; created if needed.
    extractor : Extractor, optional
        The model and lexicons to extract with (``Extractor()``, the packaged
        ones, when omitted); its spaCy pipeline is loaded only if some article
        is not in the store yet.
    window : {"sentence", "paragraph", "document"}
        Co-mention window.
    seed : int
        Seed for communities and layouts.
    by : {"day", "week", "month"}, optional
        Also write one graph per period under ``periods/`` and ``changes.md``,
        each period diffed against the one before.
    store : path, optional
        The corpus store (SQLite) of extracted records, ``out_dir/corpus.sqlite``
        by default: articles already in it are not parsed again.
    cache : bool
        False parses everything and leaves the store untouched.
    jobs : int
        Parse in a local Dask cluster of this many worker processes.
    scheduler : str, optional
        Address of a running Dask scheduler to parse on instead.
    corrections : sequence of path
        Corrections files (JSONL, see :mod:`graphkit.graph.corrections`), then
        ``out_dir/corrections.jsonl`` when it exists; applied after resolution
        and before any metric, so every output reflects them.
    formats : collection of str
        The outputs to write, keys of :data:`FORMATS` (all by default);
        ``graph.json`` is always written.
    min_confidence : {"explicit", "reported", "inferred"}
        The least sure stance evidence the centrality and alliance reports,
        the export attributes and the page's ranks and communities count (see
        :func:`graphkit.graph.build.at_confidence`); the graph files and the
        page keep all evidence.
    progress : bool
        Show a progress bar while parsing, then one line per later phase, on
        standard error.
    skip_errors : bool
        Skip each unreadable input, file or record with a warning naming it
        (counted in ``BuildResult.skipped``) instead of stopping.

    Returns
    -------
    BuildResult
    """
    started = perf_counter()
    fix_files = correction_files(out_dir, corrections)
    fixes = load_corrections(fix_files)
    store = (store or Path(out_dir) / STORE_NAME) if cache else None
    skipped: list[str] = []
    stdin: list[int] = []  # the articles of standard input, counted once read
    read = functools.partial(
        ingest.read_corpus,
        inputs,
        encoding=encoding,
        year=year,
        exclude=[out_dir, *([store] if store else [])],
        on_count=stdin.append,
    )
    articles = read(on_error=_skipping(skipped) if skip_errors else None)
    extractor = extractor or Extractor()
    with (
        rare_collections(),
        corpus_records(
            articles,
            extractor=extractor,
            store=store,
            jobs=jobs,
            scheduler=scheduler,
            progress=progress,
            total=_count(inputs, read, skip_errors, stdin) if progress else None,
        ) as records,
    ):
        _phase(progress, f"Resolving the actors of {len(records):,} articles ...")
        knowledge = load_knowledge_base()
        resolution = resolve_statistics(
            records.statistics(), lexicon=extractor.lexicon, knowledge=knowledge
        )
        actors = len(resolution.actors)
        _phase(progress, f"Building the graph of {actors:,} actors ...")
        G, plan = corrected_graph(
            records, resolution, fixes, window=window, max_evidence=max_evidence
        )
        parsed, total = records.parsed, len(records)
        fingerprint = records.fingerprint
    G, report = apply_corrections(G, plan, copy=False)
    G.graph["fingerprint"] = fingerprint  # which records of a store are this graph's
    files = write_outputs(
        G,
        Path(out_dir),
        seed=seed,
        by=by,
        formats=formats,
        min_confidence=min_confidence,
        progress=progress,
    )
    return BuildResult(
        G,
        plan.resolution,
        files,
        parsed,
        replace(report, files=fix_files),
        articles=total,
        skipped=tuple(skipped),
        seconds=perf_counter() - started,
    )


def correction_files(
    out_dir: str | Path, paths: Sequence[str | Path] = ()
) -> tuple[Path, ...]:
    """The corrections files of a build: ``paths``, then ``out_dir``'s own if any."""
    found = [Path(p) for p in paths]
    own = Path(out_dir) / FILE_NAME
    if own.is_file() and not any(own.resolve() == p.resolve() for p in found):
        found.append(own)
    return tuple(found)


def _skipping(skipped: list[str]) -> Callable[[CorpusError], None]:
    """An ``on_error`` that warns of each unreadable input and notes it."""

    def skip(err: CorpusError) -> None:
        skipped.append(str(err))
        warnings.warn(f"skipped: {err}", stacklevel=2)

    return skip


def _count(
    inputs: Sequence[str | Path],
    read: Callable[..., Iterator[Article]],
    skip_errors: bool,
    stdin: list[int],
) -> Total:
    """The number of articles ``read`` gives, or for standard input a way to learn it.

    A first, quiet pass over the files: reading is cheap beside parsing, and
    holding every article until the count is known would not be. Standard
    input gets no such pass: when it is the only input, ``read`` counts it
    into ``stdin`` before its first article is parsed (a text dump, read
    whole, or a file of JSONL, ``< news.jsonl``); JSONL from a pipe streams,
    and has no total.
    """
    if [str(path) for path in inputs] == ["-"]:
        return lambda: stdin[0] if stdin else None
    if any(str(path) == "-" for path in inputs):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the real pass says it all again
        on_error = (lambda err: None) if skip_errors else None
        try:
            return sum(1 for _ in read(on_error=on_error))
        except CorpusError:
            return None  # the real pass raises it


def _phase(progress: bool, text: str) -> None:
    """Say on standard error which phase of a build starts (with ``progress``)."""
    if progress:
        print(text, file=sys.stderr, flush=True)


@rare_collections()
def write_outputs(
    G: nx.MultiDiGraph,
    out_dir: Path,
    *,
    seed: int = 42,
    by: Period | None = None,
    formats: Collection[str] = tuple(FORMATS),
    min_confidence: Confidence = DEFAULT_CONFIDENCE,
    progress: bool = False,
) -> tuple[Path, ...]:
    """Write the graph files and reports of ``G`` into ``out_dir``; return their paths.

    Each file is made and staged under a temporary name in turn, and all are
    renamed into place at the end (see :func:`graphkit.files.staged_writes`),
    so ``out_dir`` holds either the old set of outputs or the new one. With
    ``by``, one graph per period goes under ``periods/`` and ``changes.md``
    diffs each period against the one before. A build owns ``periods/``:
    period files it did not write (from an earlier ``by``), and ``changes.md``
    when there is no ``by``, are removed; so are the files of formats not in
    ``formats`` (``graph.json`` is always written: other commands read it).
    With ``progress``, a line on standard error says how many files are written.

    The centrality and alliance reports count stance evidence down to
    ``min_confidence``. They, the export attributes and ``graph.html`` share one
    set of analytics of that evidence (:func:`graphkit.graph.analytics.analyse`),
    computed when first needed: the page draws every tie and all evidence, and
    sizes, colours and lays out actors by the ranks and communities the reports
    give.

    ``manifest.json`` records the files written and a key of everything they
    were made from (the graph, the options, graphkit's code): when a rebuild
    finds the same key and the files intact, it writes nothing at all, and a
    file whose bytes would not change is never replaced.
    """
    graph_text = graph_io.json_text(G)
    key = _outputs_key(
        graph_text, seed=seed, by=by, formats=formats, confidence=min_confidence
    )
    unchanged = _unchanged_outputs(out_dir, key)
    if unchanged is not None:
        return unchanged
    wanted = {"json", *formats}
    names = [name for fmt in FORMATS if fmt in wanted for name in FORMATS[fmt]]
    per_period = "" if by is None else f" and one graph per {by}"
    _phase(progress, f"Writing {len(names)} files{per_period} to {out_dir} ...")
    counted = at_confidence(G, min_confidence)

    @functools.cache
    def counted_analytics() -> Analytics:
        return analyse(counted, seed=seed)

    flat = functools.cache(
        lambda: flatten(G, node_attributes=export_attributes(counted_analytics()))
    )
    makers: dict[str, Callable[[], str | bytes]] = {
        "graph.json": lambda: graph_text,
        "graph.gexf": lambda: graph_io.gexf_bytes(flat()),
        "graph.graphml": lambda: graph_io.graphml_bytes(flat()),
        "graph.html": lambda: to_html(
            G,
            seed=seed,
            analytics=counted_analytics(),
            previous=read_positions(out_dir / "graph.html"),
        ),
        "edges.csv": lambda: graph_io.edges_csv(G),
        "actors.csv": lambda: report.format_rows(report.actor_rows(G), "csv"),
        "centrality.csv": lambda: report.centrality_table(
            counted_analytics().centrality, "csv"
        ),
        "centrality.md": lambda: report.centrality_table(
            counted_analytics().centrality, "md"
        ),
        "alliances.md": lambda: report.alliances_report(counted_analytics().summary),
    }
    with staged_writes() as out:
        for name in names:
            out.write(out_dir / name, makers[name]())
        for name in makers.keys() - set(names):
            out.remove(out_dir / name)
        periods = _stage_periods(G, out_dir, by, out)
        paths = (*(out_dir / name for name in names), *periods)
        out.write(out_dir / MANIFEST, _manifest(key, out_dir, out.digests))
    return paths


def _outputs_key(graph_text: str, **options: object) -> str:
    """A digest of all a build's output files are made from."""
    digest = hashlib.sha256(graph_text.encode("utf-8"))
    digest.update(json.dumps(options, sort_keys=True, default=sorted).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".jsonl", ".html", ".js", ".css"}:
            digest.update(path.relative_to(package).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _manifest(key: str, out_dir: Path, digests: dict[Path, str]) -> str:
    """The manifest text: the key and the SHA-256 of each file written."""
    files = {p.relative_to(out_dir).as_posix(): sha for p, sha in digests.items()}
    return json.dumps({"key": key, "files": files}, indent=2, sort_keys=True) + "\n"


def _unchanged_outputs(out_dir: Path, key: str) -> tuple[Path, ...] | None:
    """The outputs in ``out_dir`` if its manifest has ``key`` and they are intact."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        files = {out_dir / name: sha for name, sha in manifest["files"].items()}
        same = manifest["key"] == key and all(
            _sha256(path) == sha for path, sha in files.items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return tuple(files) if same else None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_attributes(analytics: Analytics) -> dict[str, dict[str, Any]]:
    """PageRank and community of every actor, for the GEXF and GraphML exports.

    ``pagerank`` is the one of the centrality table (the ``all`` layer);
    ``community`` the 1-based number of the actor's Louvain community, largest
    first, as numbered in ``alliances.md``. Gephi users can size and colour by
    them at once.
    """
    numbers = {
        actor: i
        for i, members in enumerate(analytics.communities, 1)
        for actor in members
    }
    return {
        "pagerank": {
            row["actor"]: row["pagerank"] for row in analytics.centrality.rows
        },
        "community": numbers,
    }


def _stage_periods(
    G: nx.MultiDiGraph, out_dir: Path, by: Period | None, out: Staging
) -> list[Path]:
    """Stage ``periods/<period>.json`` and ``changes.md``; drop stale period files."""
    folder = out_dir / "periods"
    old = set(folder.glob("*.json")) if folder.is_dir() else set()
    paths: list[Path] = []
    if by is None:
        out.remove(out_dir / "changes.md")
    else:
        if not time.is_dated(G):
            warnings.warn(f"No period graphs. {time.UNDATED_MESSAGE}", stacklevel=2)
        graphs = time.periods(G, by=by)
        for period, graph in graphs.items():
            paths.append(folder / f"{period}.json")
            out.write(paths[-1], graph_io.json_text(graph))
        paths.append(out_dir / "changes.md")
        out.write(paths[-1], changes.changes_markdown(graphs))
    for stale in sorted(old - set(paths)):
        out.remove(stale)
    return paths
