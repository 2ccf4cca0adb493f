"""A build's output set: formats, the manifest, and no rewrite of unchanged files."""

from __future__ import annotations

import gc
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import OutputError
from graphkit.examples import sahel_articles
from graphkit.files import staged_writes
from graphkit.graph import io as graph_io
from graphkit.pipeline import FORMATS, MANIFEST, build, write_outputs


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "sahel.jsonl"
    lines = [json.dumps(a.to_dict()) for a in sahel_articles()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _build(*args: str) -> None:
    result = CliRunner().invoke(cli, ["build", *args, "--quiet"])
    assert result.exit_code == 0, result.output


def _stamps(out):
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}


def test_outputs_noop_rebuild_touches_no_file(corpus, tmp_path):
    out = tmp_path / "out"
    _build(str(corpus), "--out", str(out))
    before = _stamps(out)
    manifest = json.loads((out / MANIFEST).read_text())
    assert set(manifest["files"]) == {n for names in FORMATS.values() for n in names}
    _build(str(corpus), "--out", str(out))
    after = _stamps(out)
    # corpus.sqlite is the store, which a rebuild opens; every output is untouched.
    before.pop("corpus.sqlite"), after.pop("corpus.sqlite")
    assert after == before


def test_outputs_damaged_file_is_made_again(corpus, tmp_path):
    out = tmp_path / "out"
    _build(str(corpus), "--out", str(out))
    good = (out / "edges.csv").read_bytes()
    (out / "edges.csv").write_text("edited by hand\n")
    stamp = (out / "graph.json").stat().st_mtime_ns
    _build(str(corpus), "--out", str(out))
    assert (out / "edges.csv").read_bytes() == good
    # graph.json would not change, so it is not replaced.
    assert (out / "graph.json").stat().st_mtime_ns == stamp


def test_outputs_formats_write_only_what_is_asked(corpus, tmp_path):
    out = tmp_path / "out"
    _build(str(corpus), "--out", str(out))
    _build(str(corpus), "--out", str(out), "--formats", "html")
    written = {p.name for p in out.iterdir()} - {"corpus.sqlite", MANIFEST}
    # graph.json is always written; the other formats' old files are removed.
    assert written == {"graph.json", "graph.html"}


def test_outputs_unknown_format_is_refused(corpus, tmp_path):
    result = CliRunner().invoke(
        cli, ["build", str(corpus), "--out", str(tmp_path / "o"), "--formats", "pdf"]
    )
    assert result.exit_code == 2
    assert "unknown format 'pdf'; choose from json, gexf, graphml" in result.output
    assert not (tmp_path / "o").exists()


def test_outputs_staging_leaves_identical_file_alone(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("same")
    stamp = target.stat().st_mtime_ns, target.stat().st_ino
    with staged_writes() as out:
        out.write(target, "same")
        out.write(tmp_path / "b.txt", "new")
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == stamp
    assert (tmp_path / "b.txt").read_text() == "new"


def test_outputs_collector_runs_rarely_while_writing_then_as_before(
    tmp_path, monkeypatch
):
    G = nx.MultiDiGraph(documents=1)
    G.add_node("Chad", label="Chad", type="state", aliases=[], mentions=1)
    G.add_node("Niger", label="Niger", type="state", aliases=[], mentions=1)
    G.add_edge("Chad", "Niger", key="co_mention", relation="co_mention", weight=1)
    seen = []
    real = graph_io.json_text

    def json_text(graph):
        seen.append(gc.get_threshold())
        return real(graph)

    monkeypatch.setattr(graph_io, "json_text", json_text)
    default = gc.get_threshold()
    try:
        write_outputs(G, tmp_path / "out")
        assert seen[-1][0] >= 50_000 and gc.get_threshold() == default
        (tmp_path / "file").write_text("not a folder")
        with pytest.raises(OutputError):
            write_outputs(G, tmp_path / "file")
        assert gc.get_threshold() == default
        gc.set_threshold(0)  # collection off stays off
        write_outputs(G, tmp_path / "again")
        assert seen[-1][0] == 0 and gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*default)


def test_outputs_collector_runs_rarely_while_parsing_too(
    corpus, tmp_path, extractor, recording_thresholds
):
    seen = recording_thresholds
    default = gc.get_threshold()
    result = build([corpus], tmp_path / "out", extractor=extractor, cache=False)
    assert result.parsed == len(seen) == len(sahel_articles())
    assert all(threshold[0] >= 50_000 for threshold in seen)
    assert gc.get_threshold() == default
