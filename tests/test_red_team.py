"""Issue 16, the red-team holes: each case through the CLI, as a user meets it."""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.graph.io import read_graph
from graphkit.lexicons import packaged_path

pytestmark = pytest.mark.model

STORY = (
    "BAGHDAD (Reuters) - Iran accused the United States of attacking its embassy "
    "in Baghdad. The United States denied the charge and warned Iran.\n\n"
    "Iraq called for calm and urged Iran and the United States to talk."
)
# Every character that no XML reader accepts or that no reader of news sees.
UNWANTED = (
    {chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | {"\ufffe", "\uffff", "\ufdd0"}
)


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_one_error_line(result, *fragments: str) -> str:
    """Exit 1 with exactly one ``Error:`` line and no exception escaping."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    errors = [line for line in lines if not line.startswith("Warning: ")]
    assert len(errors) == 1 and errors[0].startswith("Error: "), result.output
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    return errors[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small corpus and its build: ``(corpus file, out folder)``."""
    root = tmp_path_factory.mktemp("built")
    corpus = root / "story.txt"
    # Dated, so that slice gets as far as writing.
    corpus.write_text("5 January 2020\n\n" + STORY, encoding="utf-8")
    out = root / "out"
    result = invoke("build", corpus, "--out", out, "-q", "--by", "day")
    assert result.exit_code == 0, result.output
    return corpus, out


# ------------------------------------------------ control characters, formats


def test_control_characters_are_dropped_and_every_format_reads_back(tmp_path):
    dump = tmp_path / "wire.txt"
    dump.write_text(
        "BAGHDAD (Reuters) - Iran\x07 accused the United\x1b[31m States of "
        "attacking\ufffe its embassy\x85 in Baghdad.\x0c The United\x7f States "
        "denied the charge\x9b and warned Iran.",
        encoding="utf-8",
    )
    feed = tmp_path / "feed.jsonl"
    record = {
        "id": "feed\u0007-1",
        "title": "Clash\u0000 in \ud83d Baghdad",
        "text": "Iraq\u0000 accused Iran\u0001 of arming militias.\ud800 "
        "Iran denied\uffff it and warned Iraq.",
    }
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", dump, feed, "--out", out, "-q")
    assert result.exit_code == 0, result.output

    viewer = packaged_path("vis-network.min.js").read_text(encoding="utf-8")
    for path in out.iterdir():
        if path.suffix != ".sqlite":
            text = path.read_text(encoding="utf-8").replace(viewer, "")
            assert not UNWANTED & set(text), path.name
    G = read_graph(out / "graph.json")
    assert {"Iran", "United States", "Iraq"} <= set(G)
    docs = {e["doc"] for _, _, d in G.edges(data=True) for e in d["evidence"]}
    assert "feed-1" in docs
    for reader, name in (
        (nx.read_gexf, "graph.gexf"),
        (nx.read_graphml, "graph.graphml"),
    ):
        other = reader(out / name)
        assert set(other) == set(G), name
        assert other.number_of_edges() == G.number_of_edges(), name
    with (out / "edges.csv").open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert len(edges) == G.number_of_edges()
    assert {(e["source"], e["target"]) for e in edges} == set(G.edges())
    with (out / "actors.csv").open(encoding="utf-8", newline="") as f:
        assert {row["actor"] for row in csv.DictReader(f)} == set(G)


# ------------------------------------------- unwritable and full output places


@pytest.mark.parametrize(
    "command",
    [
        ["html", "{graph}", "-o", "{blocked}/graph.html"],
        ["slice", "{graph}", "--since", "2020", "-o", "{blocked}/q1.json"],
        ["centrality", "{graph}", "-o", "{blocked}/c.csv"],
        ["timeline", "{graph}", "--plot", "{blocked}/t.png"],
        ["diff", "{graph}", "{graph}", "-o", "{blocked}/d.md"],
        ["entities", "{corpus}", "-q", "-o", "{blocked}/e.csv"],
        ["build", "{corpus}", "-q", "--no-cache", "--out", "{blocked}/out"],
    ],
    ids=lambda command: command[0],
)
def test_unwritable_output_location_gives_one_error_line(built, tmp_path, command):
    corpus, out = built
    # Under a regular file nothing can be created, even by root.
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    values = {"graph": out / "graph.json", "corpus": corpus, "blocked": blocker}
    result = invoke(*(part.format(**values) for part in command))
    assert_one_error_line(result, "Cannot write", str(blocker))
    assert blocker.read_text() == "not a folder"


def _limited_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_during_build_leaves_the_previous_outputs(built, tmp_path):
    corpus, first = built
    out = tmp_path / "out"
    assert invoke("build", corpus, "--out", out, "-q").exit_code == 0
    before = snapshot(out)
    more = tmp_path / "more.txt"
    more.write_text(
        "KHARTOUM (Reuters) - Sudan's army accused the Rapid Support Forces of "
        "shelling the city. The Rapid Support Forces denied it.",
        encoding="utf-8",
    )
    # Files may grow to 300 kB: the store and most outputs fit, graph.html
    # (which embeds the viewer) does not, as on a disk that fills up mid-build.
    done = subprocess.run(
        [sys.executable, "-m", "graphkit", "build", str(corpus), str(more)]
        + ["--out", str(out), "-q"],
        capture_output=True,
        text=True,
        preexec_fn=_limited_file_size(300_000),
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Cannot write"), lines
    after = snapshot(out)
    assert {k: v for k, v in after.items() if "corpus.sqlite" not in k} == {
        k: v for k, v in before.items() if "corpus.sqlite" not in k
    }
    assert not [name for name in after if name.endswith(".tmp")]


# ------------------------------------------------------------- periods/ folder


def test_stale_period_files_are_removed_by_the_next_build(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "date": "2020-01-05", "text": STORY},
        {"id": "b", "date": "2020-02-10", "text": STORY.replace("Baghdad", "Basra")},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"

    def periods(*by: str) -> list[str]:
        result = invoke("build", feed, "--out", out, "-q", *by)
        assert result.exit_code == 0, result.output
        return sorted(p.name for p in (out / "periods").glob("*"))

    assert periods("--by", "day") == ["2020-01-05.json", "2020-02-10.json"]
    assert periods("--by", "month") == ["2020-01.json", "2020-02.json"]
    assert (out / "changes.md").exists()
    assert periods() == []
    assert not (out / "changes.md").exists()


# ------------------------------------------------------------------ --scheduler


def test_scheduler_that_is_not_an_address_gives_one_error_line(built, tmp_path):
    corpus, _ = built
    out = tmp_path / "out"
    result = invoke("build", corpus, "--out", out, "-q", "--scheduler", "notaurl")
    assert_one_error_line(result, "notaurl", "--scheduler")
    assert not out.exists() or not list(out.glob("graph.*"))
