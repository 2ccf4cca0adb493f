"""Issue 16, the red-team holes: each case through the CLI, as a user meets it."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.graph.io import read_graph
from graphkit.render.html import vis_network_js

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

    viewer = vis_network_js()
    for path in out.iterdir():
        if path.suffix != ".sqlite":
            text = path.read_text(encoding="utf-8").replace(viewer, "")
            assert not UNWANTED & set(text), path.name
    G = read_graph(out / "graph.json")
    assert {"Iran", "United States", "Iraq"} <= set(G)
    docs = {e["doc"] for _, _, d in G.edges(data=True) for e in d["evidence"]}
    assert "feed-1" in docs
    other = nx.read_graphml(out / "graph.graphml")
    assert set(other) == set(G)
    assert other.number_of_edges() == G.number_of_edges()
    # A mixed graph (co-mention undirected, stance directed), which Gephi reads
    # and networkx's read_gexf refuses: parse the XML.
    gexf = list(ElementTree.parse(out / "graph.gexf").iter())
    assert {e.get("id") for e in gexf if e.tag.endswith("}node")} == set(G)
    assert sum(e.tag.endswith("}edge") for e in gexf) == G.number_of_edges()
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


# ------------------------------------------------ graph.json with wrong types


def _first_stance_link(data):
    return next(link for link in data["links"] if link["relation"] != "co_mention")


BROKEN_GRAPHS = {
    "graph_is_a_list": (lambda d: d.update(graph=[]), "'graph' must be an object"),
    "weight_is_a_word": (
        lambda d: _first_stance_link(d).update(weight="heavy"),
        "'weight' must be a number, not 'heavy'",
    ),
    "evidence_is_not_a_list": (
        lambda d: _first_stance_link(d).update(evidence="notalist"),
        "'evidence' must be a list of objects",
    ),
    "date_counts_is_a_list": (
        lambda d: d["graph"].update(date_counts=[1, 2]),
        "'date_counts' must be an object of numbers",
    ),
}
READERS = [
    ["alliances", "{graph}"],
    ["alliances", "{graph}", "--actor", "Iran"],
    ["slice", "{graph}", "--since", "2020", "-o", "{tmp}/s.json"],
    ["diff", "{graph}", "{graph}"],
    ["html", "{graph}", "-o", "{tmp}/g.html"],
    ["centrality", "{graph}"],
    ["why", "{graph}", "Iran", "United States"],
    ["timeline", "{graph}"],
]


@pytest.mark.parametrize("case", BROKEN_GRAPHS)
def test_graph_json_with_wrong_value_types_gives_one_error_line(built, tmp_path, case):
    _, out = built
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    breaks, message = BROKEN_GRAPHS[case]
    breaks(data)
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps(data), encoding="utf-8")
    for command in READERS:
        values = {"graph": graph, "tmp": tmp_path}
        result = invoke(*(part.format(**values) for part in command))
        line = assert_one_error_line(result, str(graph), message)
        if case in ("weight_is_a_word", "evidence_is_not_a_list"):
            link = _first_stance_link(data)
            assert f"({link['source']} -> {link['target']}, " in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]


# ------------------------------------------------- concurrent and killed builds


def _graphkit(*args: str, **options) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **options,
    )


def _stored(store: Path) -> int:
    if not store.exists():
        return 0
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM records").fetchone()[0]


def test_locked_store_is_waited_for_not_called_damaged(built, tmp_path):
    corpus, _ = built
    store = tmp_path / "shared.sqlite"
    assert invoke("build", corpus, "--out", tmp_path / "a", "--store", store, "-q")
    more = tmp_path / "more.txt"
    more.write_text(STORY.replace("Iraq", "Kuwait"), encoding="utf-8")
    # Another build holds the write lock for longer than SQLite's default wait.
    holder = sqlite3.connect(store, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(10.0, holder.rollback)
    release.start()
    try:
        result = invoke(
            "build", corpus, more, "--out", tmp_path / "b", "--store", store, "-q"
        )
    finally:
        release.join()
        holder.close()
    assert result.exit_code == 0, result.output
    assert "damaged" not in result.output
    assert _stored(store) == 2


def test_two_cold_builds_into_one_out_both_succeed(built, tmp_path):
    corpus, _ = built
    out = tmp_path / "out"
    builds = [_graphkit("build", corpus, "--out", out, "-q") for _ in range(2)]
    for build in builds:
        _, errors = build.communicate(timeout=300)
        assert build.returncode == 0, errors
        assert "Error" not in errors
    assert _stored(out / "corpus.sqlite") == 1
    assert read_graph(out / "graph.json").number_of_nodes() >= 3
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_killed_build_keeps_what_it_parsed_and_sigterm_is_like_ctrl_c(
    extractor, tmp_path, monkeypatch
):
    from graphkit.pipeline import build

    lines = [
        json.dumps({"id": f"n{i}", "text": f"Iran accused Iraq of raid number {i}."})
        + "\n"
        for i in range(540)
    ]
    out = tmp_path / "out"
    store = out / "corpus.sqlite"
    running = _graphkit("build", "-", "--out", out, "-q", stdin=subprocess.PIPE)
    # One zone of articles, then the input pauses: the build parses and waits.
    running.stdin.write("".join(lines[:500]))
    running.stdin.flush()
    deadline = time.monotonic() + 240
    while _stored(store) < 500 - 32 and running.poll() is None:
        assert time.monotonic() < deadline, "parsed records were never committed"
        time.sleep(0.2)
    # What is committed now would survive a SIGKILL; SIGTERM also keeps the rest.
    running.send_signal(signal.SIGTERM)
    _, errors = running.communicate(timeout=120)
    assert running.returncode != 0
    assert "Traceback" not in errors, errors
    kept = _stored(store)
    assert kept >= 500 - 32
    assert not (out / "graph.json").exists()
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO("".join(lines).encode()))
    )
    result = build(["-"], out, extractor=extractor)
    assert result.parsed == 540 - kept


# ---------------------------------------------------- only real stores are used


def test_empty_file_is_neither_deleted_nor_adopted_as_a_store(built, tmp_path):
    corpus, _ = built
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"")
    result = invoke("clear-cache", "--store", notes)
    assert_one_error_line(result, "not a graphkit store")
    result = invoke("build", corpus, "--out", tmp_path / "out", "-q", "--store", notes)
    assert_one_error_line(result, "not a graphkit store")
    assert notes.exists() and notes.read_bytes() == b""


# ------------------------------------------- inputs, paths and the cache key


def test_output_folder_inside_the_input_is_never_read(tmp_path, monkeypatch):
    nest = tmp_path / "nest"
    nest.mkdir()
    (nest / "story.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for corpus, out in (("nest", "nest/out"), (".", "out2")):
        for _ in range(2):
            result = invoke("build", corpus, "--out", out, "-q", "--by", "day")
            assert result.exit_code == 0, result.output
            assert read_graph(Path(out) / "graph.json").graph["documents"] == 1
    # The first build's folder inside "." was skipped, and said so.
    assert f"{nest / 'out'} holds a graphkit build's outputs" in result.output


def test_cache_key_does_not_depend_on_how_the_path_is_spelled(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    store = tmp_path / "store.sqlite"
    for spelling in ("corpus", str(corpus) + "/", "./corpus/story.txt"):
        result = invoke("build", spelling, "--out", "out", "--store", store, "-q")
        assert result.exit_code == 0, result.output
        assert _stored(store) == 1, spelling


@pytest.mark.parametrize(
    ("name", "content", "fragments"),
    [
        (
            "ids.jsonl",
            '{"id": "a", "text": "Iran warned Iraq."}\n'
            '{"id": {"x": 1}, "text": "Iraq warned Iran."}\n',
            ["ids.jsonl, line 2", "'id' must be a string or a number, not an object"],
        ),
        (
            "titles.jsonl",
            '{"title": ["Clash", "Basra"], "text": "Iraq warned Iran."}\n',
            [
                "titles.jsonl, line 1",
                "'title' must be a string or a number, not a list",
            ],
        ),
        ("late_nul.txt", STORY + " " + "Iran warned Iraq. " * 600 + "\x00", ["binary"]),
    ],
    ids=["jsonl_id_object", "jsonl_title_list", "nul_after_8_kb"],
)
def test_bad_record_fields_and_late_nul_are_refused(tmp_path, name, content, fragments):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", path, "--out", out, "-q")
    assert_one_error_line(result, str(path), *fragments)
    assert not (out / "graph.json").exists()


def test_impossible_dates_warn_like_unreadable_ones(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "date": "2020-13-45", "text": STORY},
        {"id": "b", "date": "31 February 2020", "text": STORY.replace("Iraq", "Oman")},
        {"id": "c", "date": "soon", "text": STORY.replace("Iraq", "Qatar")},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    dump = tmp_path / "dump.txt"
    dump.write_text("Iran and Iraq clash\n\n31 February 2020\n\n" + STORY)
    result = invoke("build", feed, dump, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "date" in line]
    assert len(warnings) == 4, result.output
    assert all(line.startswith("Warning: ") for line in warnings)
    for fragment in ("'2020-13-45'", "'31 February 2020'", "'soon'", "line '31 Feb"):
        assert any(fragment in line for line in warnings), fragment
    G = read_graph(tmp_path / "out" / "graph.json")
    assert G.graph["undated"] == 4


# ---------------------------------------------------------------- injection

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A build of articles whose ids, names and text carry formulas and HTML."""
    root = tmp_path_factory.mktemp("hostile")
    feed = root / "feed.jsonl"
    rows = [
        {
            "id": "=2+5",
            "date": "2020-01-05",
            "text": '=HYPERLINK("http://evil.example") Iran accused Iraq of shelling '
            "<script>alert(1)</script> Basra. Iraq denied it and warned Iran "
            "<img src=x onerror=alert(1)>.",
        },
        {
            "id": "-cmd",
            "date": "2020-02-10",
            "text": "@SUM(A1) Oman backed Iran and urged Iraq to talk. "
            "Iran praised Oman <b onmouseover=alert(2)>warmly</b>.",
        },
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    aliases = root / "aliases.jsonl"
    aliases.write_text('{"label": "GPE", "pattern": "Oman", "id": "@Oman"}\n')
    out = root / "out"
    args = ["--aliases", aliases, "-q"]
    result = invoke("build", feed, "--out", out, "--by", "day", *args)
    assert result.exit_code == 0, result.output
    return feed, out, args


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _outputs(out, files, commands):
    """The build's ``files`` in ``out`` and each command's output, by name."""
    texts = {name: (out / name).read_text(encoding="utf-8") for name in files}
    for name, command in commands.items():
        result = invoke(*command)
        assert result.exit_code == 0, result.output
        texts[name] = result.output
    return texts


def test_csv_formula_injection_is_neutralised_in_every_csv(hostile):
    feed, out, args = hostile
    graph = out / "graph.json"
    texts = _outputs(
        out,
        ("edges.csv", "actors.csv", "centrality.csv"),
        {
            "why": ["why", graph, "Iran", "Iraq", "-f", "csv"],
            "relations": ["relations", feed, "-f", "csv", *args],
            "entities": ["entities", feed, "-f", "csv", *args],
            "alliances": ["alliances", graph, "-f", "csv"],
            "actor": ["alliances", graph, "--actor", "Iran", "-f", "csv"],
            "timeline": ["timeline", graph, "-f", "csv"],
        },
    )
    for name, text in texts.items():
        cells = _cells(text)
        risky = [
            c for c in cells if c.startswith(DANGEROUS_START) and not _is_number(c)
        ]
        assert not risky, (name, risky)
    every = {cell for text in texts.values() for cell in _cells(text)}
    assert {"'@Oman", "'=2+5"} <= every
    assert any(cell.startswith("'=HYPERLINK") for cell in _cells(texts["edges.csv"]))


def test_html_in_article_text_is_escaped_in_every_markdown_report(hostile):
    feed, out, _ = hostile
    graph = out / "graph.json"
    texts = _outputs(
        out,
        ("alliances.md", "centrality.md", "changes.md"),
        {
            "why": ["why", graph, "Iran", "Iraq", "-f", "md"],
            "actor": ["alliances", graph, "--actor", "Iran", "-f", "md"],
            "alliances": ["alliances", graph, "-f", "md"],
            "diff": ["diff", graph, "--split", "2020-02-01", "-f", "md"],
            "centrality": ["centrality", graph, "-f", "md"],
            "timeline": ["timeline", graph, "-f", "md"],
        },
    )
    for name, text in texts.items():
        assert "<script" not in text and "<img" not in text and "<b " not in text, name
    assert "&lt;script&gt;" in texts["why"]
    assert (
        "&lt;img src=x onerror=alert(1)&gt;" in texts["alliances.md"] + texts["actor"]
    )
