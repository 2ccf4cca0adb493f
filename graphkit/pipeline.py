"""The main job, shared by ``graphkit build`` and notebooks: corpus in, graph out."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import networkx as nx
from spacy.language import Language

from graphkit import ingest
from graphkit.extract import Cues, load_cues, resolve
from graphkit.graph import changes, time
from graphkit.graph import io as graph_io
from graphkit.graph.build import build_graph
from graphkit.graph.corrected import apply_corrections, plan_corrections
from graphkit.graph.corrections import FILE_NAME, CorrectionReport, load_corrections
from graphkit.graph.metrics import centrality
from graphkit.records import DocRecord, Resolution
from graphkit.render import report
from graphkit.render.html import to_html
from graphkit.scale import ExtractionSpec, corpus_records
from graphkit.store import STORE_NAME

__all__ = ["BuildResult", "extract_corpus", "build"]


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` made: the graph, the resolution behind it, the files written.

    ``parsed`` counts the articles parsed in this run (the others came from the
    store); ``corrections`` says what became of each correction.
    """

    graph: nx.MultiDiGraph
    resolution: Resolution
    files: tuple[Path, ...]
    parsed: int = 0
    corrections: CorrectionReport = CorrectionReport()

    def __repr__(self) -> str:
        G = self.graph
        return (
            f"<BuildResult: {G.graph.get('documents', 0)} documents, "
            f"{G.number_of_nodes()} actors, {G.number_of_edges()} links, "
            f"{self.parsed} parsed, {len(self.files)} files>"
        )


def extract_corpus(
    inputs: Sequence[str | Path],
    *,
    nlp: Language,
    cues: Cues | None = None,
    aliases: Sequence[str | Path] = (),
    encoding: str = "utf-8",
    year: int | None = None,
    progress: bool = False,
    store: str | Path | None = None,
) -> tuple[list[DocRecord], Resolution]:
    """Read, parse and extract a corpus, then resolve its actors.

    Returns the records of every article (sorted by id) and the resolution. With
    ``store`` (a build's ``corpus.sqlite``), articles already in it are not parsed
    again and new ones are added.

    Raises
    ------
    CorpusError
        If the inputs hold no readable article.
    """
    articles = ingest.read_corpus(
        inputs, encoding=encoding, year=year, exclude=[store] if store else []
    )
    cues = cues if cues is not None else load_cues()
    with corpus_records(
        articles, nlp=nlp, cues=cues, store=store, progress=progress
    ) as records:
        kept = list(records)
    return kept, resolve(kept, aliases=aliases)


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    nlp: Language,
    cues: Cues | None = None,
    aliases: Sequence[str | Path] = (),
    encoding: str = "utf-8",
    year: int | None = None,
    window: str = "sentence",
    max_evidence: int = 20,
    seed: int = 42,
    by: str | None = None,
    progress: bool = False,
    store: str | Path | None = None,
    cache: bool = True,
    jobs: int = 1,
    scheduler: str | None = None,
    spec: ExtractionSpec | None = None,
    corrections: Sequence[str | Path] = (),
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
    nlp : Language
        The pipeline from :func:`graphkit.nlp.load_pipeline`.
    cues : Cues, optional
        Stance cue lexicon; the packaged one when omitted.
    aliases : sequence of path
        The user alias files ``nlp`` was loaded with: their ids are never merged
        into another actor.
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
    spec : ExtractionSpec, optional
        How Dask workers rebuild ``nlp`` and ``cues`` (model name and lexicon
        files); needed with ``jobs``/``scheduler`` when extra lexicons are used.
    corrections : sequence of path
        Corrections files (JSONL, see :mod:`graphkit.graph.corrections`), then
        ``out_dir/corrections.jsonl`` when it exists; applied after resolution
        and before any metric, so every output reflects them.

    Returns
    -------
    BuildResult
    """
    fix_files = correction_files(out_dir, corrections)
    fixes = load_corrections(fix_files)
    store = (store or Path(out_dir) / STORE_NAME) if cache else None
    articles = ingest.read_corpus(
        inputs,
        encoding=encoding,
        year=year,
        exclude=[out_dir, *([store] if store else [])],
    )
    with corpus_records(
        articles,
        nlp=nlp,
        cues=cues if cues is not None else load_cues(),
        store=store,
        jobs=jobs,
        scheduler=scheduler,
        spec=spec,
        progress=progress,
    ) as records:
        plan = plan_corrections(resolve(records, aliases=aliases), fixes, records)
        G = build_graph(
            plan.records(records),
            plan.resolution,
            window=window,
            max_evidence=max_evidence,
        )
        parsed = records.parsed
    G, report = apply_corrections(G, plan)
    files = write_outputs(G, Path(out_dir), seed=seed, by=by)
    return BuildResult(
        G, plan.resolution, files, parsed, replace(report, files=fix_files)
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


def write_outputs(
    G: nx.MultiDiGraph, out_dir: Path, *, seed: int = 42, by: str | None = None
) -> tuple[Path, ...]:
    """Write the graph files and reports of ``G`` into ``out_dir``; return their paths.

    Each file is made and staged under a temporary name in turn, and all are
    renamed into place at the end (see :func:`graphkit.graph.io.staged_writes`),
    so ``out_dir`` holds either the old set of outputs or the new one. With
    ``by``, one graph per period goes under ``periods/`` and ``changes.md``
    diffs each period against the one before. A build owns ``periods/``:
    period files it did not write (from an earlier ``by``), and ``changes.md``
    when there is no ``by``, are removed.
    """
    ranks = centrality(G, seed=seed)
    outputs: dict[str, Callable[[], str | bytes]] = {
        "graph.json": lambda: graph_io.json_text(G),
        "graph.gexf": lambda: graph_io.gexf_bytes(G),
        "graph.graphml": lambda: graph_io.graphml_bytes(G),
        "graph.html": lambda: to_html(G, seed=seed),
        "edges.csv": lambda: graph_io.edges_csv(G),
        "actors.csv": lambda: report.format_rows(actor_rows(G), "csv"),
        "centrality.csv": lambda: report.centrality_table(ranks, "csv"),
        "centrality.md": lambda: report.centrality_table(ranks, "md"),
        "alliances.md": lambda: report.alliances_markdown(G, seed=seed),
    }
    with graph_io.staged_writes() as out:
        for name, make in outputs.items():
            out.write(out_dir / name, make())
        periods = _stage_periods(G, out_dir, by, out)
    return (*(out_dir / name for name in outputs), *periods)


def actor_rows(G: nx.MultiDiGraph) -> list[dict[str, object]]:
    """One row per actor of ``G``: id, type, counts, aliases; most mentioned first."""
    rows = [
        {
            "actor": n,
            "type": d.get("type", ""),
            "mentions": d.get("mentions", 0),
            "documents": d.get("documents", 0),
            "aliases": "; ".join(d.get("aliases", [])),
        }
        for n, d in G.nodes(data=True)
    ]
    return sorted(rows, key=lambda row: (-row["mentions"], row["actor"]))


def _stage_periods(
    G: nx.MultiDiGraph, out_dir: Path, by: str | None, out: graph_io.Staging
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
