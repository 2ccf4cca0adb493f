"""The CLI through CliRunner: bad input gets one Error line, exit 1, no outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.graph.io import read_graph

pytestmark = pytest.mark.model


def _build(tmp_path, *inputs, extra=()):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", *map(str, inputs), "--out", str(out), "--quiet", *extra]
    )
    return result, out


def _assert_clean_failure(result, out, *fragments):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]
    # Nothing but the corpus store, and that only if some articles were parsed
    # before the failure (so that a rerun resumes).
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert left in ([], ["corpus.sqlite"]), left


def test_cli_build_missing_path(tmp_path):
    _assert_clean_failure(*_build(tmp_path, tmp_path / "nope.txt"), "nope.txt")


@pytest.mark.parametrize("command", ["build", "entities", "relations"])
def test_cli_missing_input_is_reported_before_any_extraction_setup(
    tmp_path, monkeypatch, command
):
    from graphkit.extract import extractor

    def refuse(*args, **kwargs):
        raise AssertionError("the Extractor was built before the inputs were checked")

    monkeypatch.setattr(extractor.Extractor, "__init__", refuse)
    out = tmp_path / "out"
    extra = ["--out", str(out)] if command == "build" else []
    result = CliRunner().invoke(cli, [command, str(tmp_path / "nope.txt"), *extra])
    _assert_clean_failure(result, out, "nope.txt: no such file or directory")


def test_cli_build_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _assert_clean_failure(*_build(tmp_path, path), "photo.txt")


def test_cli_build_wrong_encoding_suggests_option(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le président français a rencontré Bamako.".encode("latin-1"))
    _assert_clean_failure(*_build(tmp_path, path), "latin.txt", "--encoding")


def test_cli_build_wrong_encoding_reads_with_option(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le Mali a critiqué la France à Bamako.".encode("latin-1"))
    result, out = _build(tmp_path, path, extra=["--encoding", "latin-1"])
    assert result.exit_code == 0, result.output
    assert (out / "graph.json").exists()


def test_cli_build_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    _assert_clean_failure(*_build(tmp_path, path), "empty")


def test_cli_build_malformed_jsonl_names_line(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"text": "Chad accused Sudan."}\n{"text": "broken\n')
    _assert_clean_failure(*_build(tmp_path, path), "articles.jsonl", "2")


def test_cli_build_unknown_model(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Chad accused Sudan of arming rebels.")
    _assert_clean_failure(
        *_build(tmp_path, path, extra=["-m", "no_such_pipeline"]), "no_such_pipeline"
    )


def test_cli_build_malformed_alias_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Chad accused Sudan of arming rebels.")
    aliases = tmp_path / "aliases.jsonl"
    aliases.write_text('{"pattern": "RSF"\n')
    _assert_clean_failure(
        *_build(tmp_path, path, extra=["--aliases", str(aliases)]), "aliases.jsonl"
    )


def test_cli_build_jsonl_keeps_user_ids(tmp_path):
    path = tmp_path / "articles.jsonl"
    rows = [
        {
            "id": "rec-17",
            "title": "Clashes",
            "date": "2023-04-15",
            "text": "The Sudanese army accused the Rapid Support Forces of attacking "
            "Khartoum airport. The army and the Rapid Support Forces clashed.",
        }
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    result, out = _build(tmp_path, path)
    assert result.exit_code == 0, result.output
    graph = json.loads((out / "graph.json").read_text())
    docs = {e["doc"] for link in graph["links"] for e in link["evidence"]}
    assert docs == {"rec-17"}


def test_cli_entities_lists_actors_and_merges(tmp_path):
    path = tmp_path / "south_sudan.txt"
    path.write_text(
        "JUBA (Reuters) - President Salva Kiir accused Riek Machar of plotting a coup. "
        "Kiir said the army would respond.\n\nMachar denied the charge."
    )
    runner = CliRunner()
    actors = runner.invoke(cli, ["entities", str(path), "-q", "-f", "csv"])
    assert actors.exit_code == 0, actors.output
    rows = actors.output.splitlines()
    assert rows[0] == "actor,type,mentions,documents,aliases"  # as in actors.csv
    assert any(r.startswith("Salva Kiir,person,2,1,") for r in rows)
    merges = runner.invoke(cli, ["entities", str(path), "-q", "--merges", "-f", "json"])
    found = {(m["alias"], m["actor"]) for m in json.loads(merges.output)}
    assert {("Kiir", "Salva Kiir"), ("Machar", "Riek Machar")} <= found


DATED = (
    '{"id": "n1", "date": "2020-01-05", "text": "Iran accused the United States '
    'of attacking its embassy in Baghdad."}\n'
    '{"id": "n2", "date": "2020-02-10", "text": "Iraq urged Iran and the United '
    'States to talk. Iran praised Iraq for its restraint."}\n'
)


def test_cli_build_reports_phases_and_a_plain_summary(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(DATED)
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(path), "--out", str(out)])
    assert first.exit_code == 0, first.output
    err = first.stderr
    assert "0/2 [" in err  # the bar knows the corpus size
    assert "Resolving the actors of 2 articles ...\n" in err
    assert "Building the graph of " in err
    assert f"Writing 9 files to {out} ...\n" in err
    assert "BuildResult" not in err
    G = json.loads((out / "graph.json").read_text())
    summary = err[err.index(f"Built {out} in ") :].splitlines()
    assert summary[1:] == [
        "  articles  2: 2 parsed, 0 read from the store",
        f"  actors    {len(G['nodes'])}",
        summary[3],
        f"  files     9 written to {out}",
    ]
    relations = [link["relation"] for link in G["links"]]
    assert summary[3] == (
        f"  ties      {len(relations)}: {relations.count('co_mention')} co-mention, "
        f"{relations.count('support')} support, {relations.count('oppose')} oppose"
    )
    again = runner.invoke(cli, ["build", str(path), "--out", str(out)])
    assert "  articles  2: 0 parsed, 2 read from the store" in again.stderr
    quiet = runner.invoke(cli, ["build", str(path), "--out", str(out), "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""


@pytest.fixture()
def damaged_corpus(tmp_path):
    """A folder of two readable files, an empty one, a picture and two bad records."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a_good.jsonl").write_text(DATED + '{"text": "broken\n{"id": 3}\n')
    (folder / "b_empty.txt").write_text("")
    (folder / "c_photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "d_good.txt").write_text("Chad accused Sudan of arming rebels.")
    return folder


def _assert_skipped_the_damage(result):
    """``result`` went on past each unreadable part of ``damaged_corpus``, naming it."""
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "Warning:" in line]
    assert len(warnings) == 4
    for name in ("a_good.jsonl, line 3", "a_good.jsonl, line 4", "b_empty", "c_photo"):
        assert sum(name in line for line in warnings) == 1, (name, warnings)


def test_cli_build_skip_errors_skips_each_bad_file_and_record(tmp_path, damaged_corpus):
    folder = damaged_corpus
    stopped, out = _build(tmp_path, folder)
    assert stopped.exit_code == 1 and "line 3" in stopped.output  # default: stop
    result, out = _build(tmp_path, folder, extra=["--skip-errors"])
    _assert_skipped_the_damage(result)
    docs = {
        e["doc"]
        for link in json.loads((out / "graph.json").read_text())["links"]
        for e in link["evidence"]
    }
    assert docs == {"n1", "n2", "d_good"}
    loud = CliRunner().invoke(
        cli, ["build", str(folder), "--out", str(out), "--skip-errors"]
    )
    assert "  skipped   4 unreadable files or records (named in the warnings)" in (
        loud.stderr
    )


@pytest.mark.parametrize("command", ["entities", "relations"])
def test_cli_corpus_commands_skip_errors_as_build_does(damaged_corpus, command):
    runner = CliRunner()
    stopped = runner.invoke(cli, [command, str(damaged_corpus), "-q"])
    assert stopped.exit_code == 1 and "line 3" in stopped.output  # default: stop
    args = [command, str(damaged_corpus), "-q", "--skip-errors", "-f", "json"]
    result = runner.invoke(cli, args)
    _assert_skipped_the_damage(result)
    rows = json.loads(result.stdout)
    if command == "entities":
        assert {"Chad", "Iran"} <= {row["actor"] for row in rows}
    else:
        assert {row["doc"] for row in rows} == {"n1", "n2", "d_good"}


def test_cli_build_missing_model_names_the_package_asked_for(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Chad accused Sudan of arming rebels.")
    result, out = _build(tmp_path, path, extra=["-m", "en_core_web_md"])
    _assert_clean_failure(result, out, "'en_core_web_md'", "download en_core_web_md")
    assert "_sm" not in result.output and "-sm-" not in result.output


def test_cli_build_by_period_on_undated_corpus_says_how_to_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Chad accused Sudan of arming rebels.")
    result, out = _build(tmp_path, path, extra=["--by", "month"])
    assert result.exit_code == 0, result.output
    assert "Warning: No period graphs. The articles of this graph are undated" in (
        result.stderr
    )
    assert "--year" in result.stderr
    assert (
        not list((out / "periods").glob("*.json"))
        if (out / "periods").exists()
        else True
    )


def test_cli_build_exports_carry_pagerank_community_and_undirected_comentions(
    tmp_path,
):
    path = tmp_path / "feed.jsonl"
    path.write_text(DATED)
    result, out = _build(tmp_path, path)
    assert result.exit_code == 0, result.output
    G = read_graph(out / "graph.json")
    graphml = nx.read_graphml(out / "graph.graphml")
    ranks = nx.get_node_attributes(graphml, "pagerank")
    assert set(ranks) == set(G) and sum(ranks.values()) == pytest.approx(1.0)
    communities = nx.get_node_attributes(graphml, "community")
    assert set(communities) == set(G) and min(communities.values()) == 1
    # GEXF: read the XML (networkx refuses mixed graphs; Gephi reads them).
    root = ElementTree.parse(out / "graph.gexf").getroot()
    ns = {"g": root.tag[1:].split("}")[0]}
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attribute", ns)}
    for node in root.iterfind(".//g:node", ns):
        values = {
            titles[v.get("for")]: v.get("value")
            for v in node.iterfind(".//g:attvalue", ns)
        }
        assert float(values["pagerank"]) == pytest.approx(ranks[node.get("id")])
        assert int(values["community"]) == communities[node.get("id")]
    edges = root.findall(".//g:edge", ns)
    undirected = {
        (e.get("source"), e.get("target"))
        for e in edges
        if e.get("type") == "undirected"
    }
    comention = {(u, v) for u, v, k in G.edges(keys=True) if k == "co_mention"}
    assert undirected == comention and comention
    directed = [e for e in edges if e.get("type") is None]  # the graph's default
    assert len(directed) == G.number_of_edges() - len(comention) > 0


def test_cli_slice_and_why_read_full_evidence_back_from_the_store(tmp_path):
    rows = [
        {
            "id": f"n{i}",
            "date": f"2020-0{1 + i // 4}-{1 + i % 4:02d}",
            "text": f"Iran accused Iraq of raid number {i}.",
        }
        for i in range(12)
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result, out = _build(tmp_path, path, extra=["--max-evidence", "2"])
    assert result.exit_code == 0, result.output
    store = out / "corpus.sqlite"
    window = ["--since", "2020-02", "--until", "2020-03"]
    capped, full = tmp_path / "capped.json", tmp_path / "full.json"
    runner = CliRunner()
    for target, extra in ((capped, []), (full, ["--store", str(store)])):
        sliced = runner.invoke(
            cli, ["slice", str(out / "graph.json"), *window, "-o", str(target), *extra]
        )
        assert sliced.exit_code == 0, sliced.output
    key = ("Iran", "Iraq", "co_mention")
    short, whole = read_graph(capped).edges[key], read_graph(full).edges[key]
    assert short["count"] == whole["count"] == 8
    assert len(short["evidence"]) < 8
    assert {e["doc"] for e in whole["evidence"]} == {f"n{i}" for i in range(4, 12)}
    why = runner.invoke(
        cli,
        [
            "why",
            str(out / "graph.json"),
            "iran",
            "iraq",
            "--since",
            "2020-03",
            "--store",
            str(store),
            "-f",
            "json",
        ],
    )
    assert why.exit_code == 0, why.output
    links = json.loads(why.output)["relations"]["co_mention"]
    assert {e["doc"] for e in links[0]["evidence"]} == {f"n{i}" for i in range(8, 12)}
    reversed_window = runner.invoke(
        cli,
        [
            "why",
            str(out / "graph.json"),
            "Iran",
            "Iraq",
            "--since",
            "2020-03",
            "--until",
            "2020-01",
        ],
    )
    assert reversed_window.exit_code == 2


def test_cli_entities_merges_explain_merges_and_drops(tmp_path):
    path = tmp_path / "ghana.txt"
    path.write_text(
        "ACCRA, May 4 (Coastline Wire) - President Kwame Asante accused the "
        "opposition of sabotage, according to the Daily Graphic newspaper. "
        "Asante said the army would respond. Radio Gold reported the clashes."
    )
    result = CliRunner().invoke(
        cli, ["entities", str(path), "-q", "--merges", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"alias", "actor", "reason", "evidence"} <= set(rows[0])
    merged = {r["alias"]: r for r in rows if r["actor"]}
    assert merged["Asante"]["actor"] == "Kwame Asante"
    assert "Asante said" in merged["Asante"]["evidence"]
    dropped = {r["alias"]: r for r in rows if not r["actor"]}
    assert all(r["reason"].startswith(("non-actor", "kind")) for r in dropped.values())
    assert "ACCRA" not in {r["alias"].upper() for r in rows}


def test_cli_build_from_stdin_shows_a_total_unless_jsonl_comes_from_a_pipe(
    tmp_path, blank_model
):
    from graphkit.ingest import read_corpus

    seed = Path(__file__).resolve().parent.parent / "seeds"
    dump = (seed / "reuters_iraq_iran_2020.txt").read_text("utf-8")
    n = len(list(read_corpus([seed])))
    assert n > 2
    args = ["build", "-", "-m", str(blank_model), "--formats", "json"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "a")], input=dump)
    assert result.exit_code == 0, result.output
    # The dump is read to its end before parsing starts: the bar knows its size.
    assert f"0/{n} [" in result.stderr
    assert f"Resolving the actors of {n} articles" in result.stderr
    # JSONL from a file (as CliRunner's input is) is counted, then read again.
    feed = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "b")], input=DATED)
    assert feed.exit_code == 0, feed.output
    assert "0/2 [" in feed.stderr
    # JSONL from a pipe streams (a paused feed is parsed as it comes): no total,
    # the bar counts.
    command = [sys.executable, "-m", "graphkit", *args, "--out", str(tmp_path / "c")]
    piped = subprocess.run(command, input=DATED, capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert "parsing: 0doc [" in piped.stderr and "/2 [" not in piped.stderr


def test_cli_build_from_stdin_skip_errors_skips_one_bad_record(tmp_path, blank_model):
    feed = '{"id": "n0", "text": "broken\n' + DATED
    args = ["build", "-", "-m", str(blank_model), "--formats", "json", "--out"]
    stopped = CliRunner().invoke(cli, [*args, str(tmp_path / "a")], input=feed)
    assert stopped.exit_code == 1 and "<stdin>, line 1" in stopped.output
    result = CliRunner().invoke(
        cli, [*args, str(tmp_path / "b"), "--skip-errors"], input=feed
    )
    assert result.exit_code == 0, result.output
    assert "Warning: skipped: <stdin>, line 1: malformed JSON" in result.stderr
    assert "0/2 [" in result.stderr  # the bad record is not counted either
    assert "Resolving the actors of 2 articles" in result.stderr
