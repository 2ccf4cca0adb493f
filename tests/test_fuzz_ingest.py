"""Fuzzing ingest (issue 16): whatever the bytes, a clean corpus or one Error line."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import warnings
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.cli import cli
from graphkit.errors import CorpusError
from graphkit.graph import io as graph_io
from graphkit.ingest import read_corpus
from graphkit.ingest.clean import _BREAKS, _UNWANTED, clean_text
from graphkit.ingest.dump import _squash

SENTENCES = [
    "Iran accused Iraq of shelling Basra.",
    "BAGHDAD (Reuters) - The United States warned Iran.",
    "Iraq called for calm and urged Iran to talk.",
    "Friday, January 4, 2019",
    "By Jane Roe",
    "(Reporting by Jane Roe; Editing by John Doe)",
    "---",
]
# Characters no XML reader accepts, or no reader of the news sees.
UNWANTED = (
    {chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | {chr(c) for c in range(0xD800, 0xE000)}
)
NASTY = (
    "\ud800\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u2028\ufeff\ufffe\uffff\U0010ffff"
)
FIELD_CHARS = st.characters(codec="utf-8") | st.sampled_from(list(NASTY + '\n\r\t,"{}'))


@st.composite
def prose(draw) -> str:
    """Article-like text: real sentences, control characters, huge lines, noise."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(SENTENCES),
                st.text(FIELD_CHARS, max_size=40),
                st.sampled_from(["\n", "\n\n", "\r\n", "\f", " "]),
                st.integers(1, 1500).map(lambda n: "Iran warned Iraq. " * n),
            ),
            max_size=12,
        )
    )
    return "".join(parts)


def _json_value():
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(FIELD_CHARS, max_size=20),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )


@st.composite
def jsonl(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        record = draw(
            st.dictionaries(
                st.sampled_from(["id", "title", "date", "source", "url", "Text"]),
                _json_value(),
                max_size=4,
            )
        )
        if draw(st.booleans()):
            record["text"] = draw(prose())
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        if draw(st.integers(0, 9)) == 0:
            line = line[: draw(st.integers(0, len(line)))]  # cut short: malformed
        lines.append(line)
    return ("\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))).encode(
        "utf-8", "surrogatepass"
    )


@st.composite
def table(draw) -> bytes:
    header = draw(
        st.lists(
            st.sampled_from(["text", "id", "title", "date", "url", "x"]), min_size=1
        )
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 3))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, -1, 1]))
        writer.writerow([draw(prose()) for _ in range(max(width, 0))])
    text = out.getvalue()
    if draw(st.integers(0, 9)) == 0:
        text += '"unbalanced,quote\n'
    return text.encode("utf-8", "surrogatepass")


@st.composite
def corpus_file(draw) -> tuple[str, bytes, str]:
    """``(file name, bytes, --encoding)`` of one input file."""
    kind = draw(st.sampled_from(["text", "jsonl", "csv", "bytes"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16"]))
    if kind == "jsonl":
        return "feed.jsonl", draw(jsonl()), "utf-8"
    if kind == "csv":
        return "wire.csv", draw(table()), "utf-8"
    if kind == "bytes":
        return "blob.txt", draw(st.binary(max_size=300)), encoding
    text = draw(prose())
    written = draw(st.sampled_from(["utf-8", encoding]))
    data = text.encode(written, "surrogatepass" if written == "utf-8" else "replace")
    return "news.txt", data, encoding


def _read(path: Path, encoding: str) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(read_corpus([path], encoding=encoding))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(corpus_file())
def test_fuzz_ingest_gives_clean_articles_or_one_line_corpus_error(
    tmp_path_factory, case
):
    name, data, encoding = case
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    try:
        articles = _read(path, encoding)
    except CorpusError as err:
        assert "\n" not in str(err) and str(err).strip()
        return
    G = nx.MultiDiGraph()
    for article in articles:
        assert article.text.strip()
        for value in article.to_dict().values():
            assert not UNWANTED & set(value or ""), value
        G.add_node(article.id, title=article.title, text=article.text)
    # Whatever ingest lets through, every graph format reads it back unchanged.
    for data, reader in (
        (graph_io.gexf_bytes(G), nx.read_gexf),
        (graph_io.graphml_bytes(G), nx.read_graphml),
    ):
        back = reader(io.BytesIO(data))
        assert {n: d["text"] for n, d in back.nodes(data=True)} == {
            n: d["text"] for n, d in G.nodes(data=True)
        }
    assert (
        json.loads(graph_io.json_text(G))["nodes"]
        == nx.node_link_data(G, edges="links")["nodes"]
    )
    rows = [[a.id, a.title, a.text] for a in articles]
    # Python's csv reader caps a field at 128 KiB by default; spreadsheets do not.
    limit = csv.field_size_limit(1 << 24)
    try:
        back = list(csv.reader(io.StringIO(graph_io.csv_text(["id", "t", "x"], rows))))
    finally:
        csv.field_size_limit(limit)
    assert [[c.removeprefix("'") for c in r] for r in back[1:]] == [
        [c.removeprefix("'") for c in r] for r in rows
    ]


# --------------------------------------------------- a handful through the CLI


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith("corpus.sqlite")
    }


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(corpus_file())
def test_fuzz_build_exits_0_with_readable_outputs_or_1_leaving_old_ones(
    tmp_path_factory, blank_model, case
):
    name, data, encoding = case
    root = tmp_path_factory.mktemp("fuzz_cli")
    out = root / "out"
    seed = root / "seed.txt"
    seed.write_text(SENTENCES[1] + " " + SENTENCES[0], encoding="utf-8")
    args = ["-m", str(blank_model), "--out", str(out), "-q"]
    assert CliRunner().invoke(cli, ["build", str(seed), *args]).exit_code == 0
    before = _outputs(out)
    path = root / name
    path.write_bytes(data)
    result = CliRunner().invoke(
        cli, ["build", str(path), "--encoding", encoding, *args]
    )
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    lines = [x for x in result.output.splitlines() if not x.startswith("Warning: ")]
    if result.exit_code == 0:
        G = graph_io.read_graph(out / "graph.json")
        # A mixed graph (co-mention undirected) that Gephi reads and
        # nx.read_gexf refuses: parse the XML.
        gexf = ElementTree.parse(out / "graph.gexf").iter()
        assert {e.get("id") for e in gexf if e.tag.endswith("}node")} == set(G)
        assert set(nx.read_graphml(out / "graph.graphml")) == set(G)
        with (out / "edges.csv").open(encoding="utf-8", newline="") as f:
            assert len(list(csv.reader(f))) == G.number_of_edges() + 1
    else:
        assert result.exit_code == 1
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
        assert _outputs(out) == before
    shutil.rmtree(root)


# Text drawn from every plane, with the characters cleaning and squashing act on
# made likely: controls, breaks, separators, spaces of every kind, non-characters.
ANY_TEXT = st.text(
    st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from([*NASTY, "\r", "\n", "\t", " ", "\u00a0", "\u3000", "\x1c"]),
    )
)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_fuzz_clean_text_fast_path_changes_nothing_the_patterns_would(text):
    assert clean_text(text) == _UNWANTED.sub("", _BREAKS.sub("\n", text))


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_fuzz_paragraph_lines_squash_whitespace_as_the_pattern_does(line):
    assert _squash(line) == re.sub(r"[\s\u00a0]+", " ", line).strip()
