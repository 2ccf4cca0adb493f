"""The CLI through CliRunner: bad input gets one Error line, exit 1, no outputs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphkit.cli import cli

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
    assert rows[0] == "actor,kind,mentions,documents,aliases"
    assert any(r.startswith("Salva Kiir,person,2,1,") for r in rows)
    merges = runner.invoke(cli, ["entities", str(path), "-q", "--merges", "-f", "json"])
    found = {(m["alias"], m["actor"]) for m in json.loads(merges.output)}
    assert {("Kiir", "Salva Kiir"), ("Machar", "Riek Machar")} <= found
