"""Tests of the interactive HTML page: offline, escaped, faithful to graph.json."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit.render.layout
from graphkit.cli import cli
from graphkit.errors import AmbiguousActor, UnknownActor
from graphkit.graph.alliances import find_actor
from graphkit.graph.build import build_graph
from graphkit.graph.io import read_graph, write_json
from graphkit.ingest import read_corpus
from graphkit.pipeline import write_outputs
from graphkit.records import Actor, DocRecord, Mention, Resolution
from graphkit.render.html import (
    RELATION_COLORS,
    VIS_NETWORK,
    read_positions,
    to_html,
    vis_network_js,
    write_html,
)
from graphkit.render.layout import layout
from graphkit.render.notebook import to_pyvis

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCRIPT = "Witnesses said <script>window.__pwned = 1</script> the convoy burned."
IMG = 'The ministry said <img src=x onerror="window.__pwned = 2"> it would respond.'
DATA = re.compile(
    r'<script type="application/json" id="graphkit-data">(.*?)</script>', re.S
)
EVIDENCE = re.compile(
    r'<script type="application/x-ndjson" id="graphkit-evidence">(.*?)</script>', re.S
)


def _evidence(sentence, date, title="Darfur dispatch", cue=None):
    item = {"doc": f"d-{date}", "title": title, "sentence": sentence, "date": date}
    return item if cue is None else {**item, "cue": cue}


def _link(G, u, v, relation, weight, evidence):
    dates = sorted(e["date"] for e in evidence if e["date"])
    extra = (
        {
            "sign": 1 if relation == "support" else -1,
            "intensity": weight,
            "kinds": ["aid"],
        }
        if relation != "co_mention"
        else {"jaccard": 0.5, "npmi": 0.2}
    )
    G.add_edge(
        u,
        v,
        key=relation,
        relation=relation,
        weight=weight,
        count=len(evidence),
        evidence=evidence,
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        **extra,
    )


@pytest.fixture
def sudan() -> nx.MultiDiGraph:
    """A hand-made graph in graph.json's shape: six actors, one isolated."""
    G = nx.MultiDiGraph(documents=4, undated=1)
    for name, kind, aliases in [
        ("Rapid Support Forces", "group", ["RSF"]),
        ("Sudanese Armed Forces", "organization", ["SAF", "the army"]),
        ("Egypt", "state", []),
        ("United Arab Emirates", "state", ["UAE"]),
        ("African Union", "organization", ["AU"]),
        ("Chad", "state", []),
    ]:
        G.add_node(
            name, label=name, type=kind, aliases=aliases, mentions=4, documents=2
        )
    _link(
        G,
        "Rapid Support Forces",
        "Sudanese Armed Forces",
        "co_mention",
        5,
        [_evidence("The RSF and the army fought in Khartoum.", "2023-04-15")],
    )
    _link(
        G,
        "Rapid Support Forces",
        "Sudanese Armed Forces",
        "oppose",
        8,
        [_evidence("The RSF shelled army bases.", "2023-04-16", cue="shelled")],
    )
    _link(
        G,
        "Egypt",
        "Sudanese Armed Forces",
        "support",
        6,
        [
            _evidence("Egypt backed the army in April.", "2023-04-20", cue="backed"),
            _evidence(
                "Egypt sent jets to the army.", "2023-06-02", "Cairo wire", "sent"
            ),
        ],
    )
    _link(
        G,
        "United Arab Emirates",
        "Rapid Support Forces",
        "support",
        3,
        [_evidence("The UAE armed the RSF.", "2023-05-10", cue="armed")],
    )
    _link(
        G,
        "African Union",
        "Egypt",
        "co_mention",
        1,
        [_evidence("The AU and Egypt called for talks.", None)],
    )
    return G


def _payload(page: str) -> dict:
    """The page's data, with its columns read back into one dict per actor and tie."""
    data = json.loads(DATA.search(page).group(1))
    lines = EVIDENCE.search(page).group(1).split("\n")
    articles, details = json.loads(lines[0]), json.loads(lines[1])
    actors, ties = data["actors"], data["ties"]
    columns = ("id", "x", "y", "size", "aliases", "mentions", "documents", "pagerank")
    data["nodes"] = [
        {name: actors[name][i] for name in columns} for i in range(len(actors["id"]))
    ]
    data["edges"] = []
    for i, source in enumerate(ties["source"]):
        relation = data["relations"][ties["relation"][i]]
        key = ties["keys"].get(str(i), relation)
        flat = json.loads(lines[2 + i])
        evidence = []
        for a, s, d in zip(flat[::3], flat[1::3], flat[2::3], strict=True):
            sentence = json.loads(lines[2 + len(ties["source"]) + s])
            evidence.append({**articles[a], "sentence": sentence, **details[d]})
        ends = [actors["id"][source], actors["id"][ties["target"][i]]]
        data["edges"].append(
            {
                "id": json.dumps([*ends, key], separators=(",", ":")),
                "from": ends[0],
                "relation": relation,
                "color": data["relation_colors"][ties["relation"][i]],
                "count": ties["count"][i],
                "weight": ties["weight"][i],
                "dates": [data["dates"][d] for d in ties["dates"][i]],
                "evidence": evidence,
            }
        )
    return data


def test_html_has_no_remote_assets(sudan):
    page = to_html(sudan)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script src" not in page and '<link rel="stylesheet"' not in page
    assert "vis-network" in page and "new vis.Network(" in page


def test_html_escapes_article_text(sudan):
    _link(
        sudan,
        "Chad",
        "Egypt",
        "oppose",
        2,
        [
            _evidence(SCRIPT, "2023-05-01", "<b>Breaking</b>", "said"),
            _evidence(IMG, "2023-05-02", cue="said"),
        ],
    )
    page = to_html(sudan, title="Sudan <war>")
    assert "<title>Sudan &lt;war&gt;</title>" in page
    for raw in (
        "<script>window.__pwned",
        "<img src=x",
        "</script> the convoy",
        "<b>Breaking",
    ):
        assert raw not in page
    # The data, the evidence lines, vis-network and the page's own code.
    assert page.count("</script>") == 4
    evidence = [e for e in _payload(page)["edges"] if e["from"] == "Chad"][0][
        "evidence"
    ]
    assert {item["sentence"] for item in evidence} == {SCRIPT, IMG}


def test_html_inlines_the_vis_network_that_pyvis_ships(sudan):
    import pyvis

    shipped = Path(pyvis.__file__).parent.joinpath(*VIS_NETWORK)
    script = vis_network_js()
    assert script.strip() in shipped.read_text(encoding="utf-8")
    assert "@license" in script[:2000] and "sourceMappingURL" not in script
    assert f"<script>{script}</script>" in to_html(sudan)


def test_html_evidence_is_stored_once_and_reads_back_whole(sudan):
    shared = _evidence("Egypt, the UAE and the RSF met in Jeddah.", "2023-05-20")
    shared["roles"] = ["host", "guest"]  # a field the page does not know, a list
    for u, v in [("Egypt", "Rapid Support Forces"), ("Egypt", "Chad")]:
        _link(sudan, u, v, "co_mention", 1, [dict(shared)])
    page = to_html(sudan)
    lines = EVIDENCE.search(page).group(1).split("\n")
    assert len(lines) == 2 + sudan.number_of_edges() + 7  # 7 distinct sentences
    assert page.count("met in Jeddah") == 1
    decoded = {
        tuple(json.loads(e["id"])): e["evidence"] for e in _payload(page)["edges"]
    }
    for u, v, key, items in sudan.edges(keys=True, data="evidence"):
        newest = sorted(items, key=lambda i: i["date"] or "", reverse=True)
        assert decoded[u, v, key] == newest


def test_read_positions_reads_a_page_of_the_first_format(tmp_path):
    old = tmp_path / "graph.html"
    nodes = [{"id": "Chad", "x": 1.5, "y": -2.0, "size": 9}, {"id": "Egypt", "x": 3}]
    old.write_text(
        '<script type="application/json" id="graphkit-data">'
        + json.dumps({"nodes": [*nodes[:1], {**nodes[1], "y": 4.0}], "edges": []})
        + "</script>",
        encoding="utf-8",
    )
    assert read_positions(old) == {"Chad": (1.5, -2.0), "Egypt": (3.0, 4.0)}


@pytest.mark.parametrize("hedged", [False, True])
def test_to_pyvis_draws_the_graph_as_the_page_does(sudan, hedged):
    if hedged:  # a tie the ranks and communities do not count, both still draw
        data = sudan.edges["Egypt", "Sudanese Armed Forces", "support"]
        data["confidence_counts"] = {"inferred": data["count"]}
        data["confidence_weights"] = {"inferred": data["weight"]}
    net = to_pyvis(sudan, seed=5)
    page = _payload(to_html(sudan, seed=5))
    at = {n["id"]: (n["x"], n["y"]) for n in net.nodes}
    assert at == _positions(to_html(sudan, seed=5))
    assert net.num_edges() == sudan.number_of_edges()
    assert net.options.physics.enabled is False
    colors = {(e["from"], e["to"]): e["color"] for e in net.edges}
    arrows = {(e["from"], e["to"]): e["arrows"] for e in net.edges}
    assert colors["Egypt", "Sudanese Armed Forces"] == RELATION_COLORS["support"]
    assert arrows["Egypt", "Sudanese Armed Forces"] == "to"
    assert arrows["African Union", "Egypt"] == ""
    sizes = {n["id"]: n["size"] for n in net.nodes}
    assert sizes == {n["id"]: n["size"] for n in page["nodes"]}
    egypt = next(n for n in net.nodes if n["id"] == "Egypt")
    assert egypt["title"] == "Egypt · state · 2 ties"


def test_html_does_not_mutate_graph(sudan):
    before = json.dumps(nx.node_link_data(sudan, edges="links"), sort_keys=True)
    to_html(sudan, seed=3)
    assert json.dumps(nx.node_link_data(sudan, edges="links"), sort_keys=True) == before


def test_html_writes_nothing_but_the_output(sudan, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_html(sudan, tmp_path / "out" / "graph.html")
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert written == ["out", "out/graph.html"]


def test_html_draws_every_actor_and_link(sudan):
    data = _payload(to_html(sudan))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(sudan)
    assert len(data["edges"]) == sudan.number_of_edges()
    by_relation = {e["relation"]: e for e in data["edges"]}
    for relation, edge in by_relation.items():
        assert edge["color"] == RELATION_COLORS[relation]


def test_html_sizes_by_pagerank_and_sorts_evidence_newest_first(sudan):
    data = _payload(to_html(sudan))
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["Sudanese Armed Forces"] > size["Egypt"] > size["Chad"]
    egypt = next(
        e for e in data["edges"] if e["from"] == "Egypt" and e["relation"] == "support"
    )
    assert [item["date"] for item in egypt["evidence"]] == ["2023-06-02", "2023-04-20"]
    assert egypt["id"] == json.dumps(
        ["Egypt", "Sudanese Armed Forces", "support"], separators=(",", ":")
    )


def test_html_caps_evidence_but_keeps_the_count(sudan):
    items = [
        _evidence(f"Chad closed border post {i}.", f"2023-07-{i:02d}")
        for i in range(1, 16)
    ]
    _link(sudan, "Chad", "Rapid Support Forces", "oppose", 15, items)
    data = _payload(to_html(sudan, max_evidence=10))
    chad = next(e for e in data["edges"] if e["from"] == "Chad")
    assert chad["count"] == 15 and len(chad["evidence"]) == 10
    assert chad["evidence"][0]["date"] == "2023-07-15"
    assert len(chad["dates"]) == 15


def test_html_embeds_strict_json_for_odd_weights(sudan):
    sudan.add_edge(
        "Chad",
        "Egypt",
        key="co_mention",
        relation="co_mention",
        weight=float("nan"),
        evidence=[],
    )
    sudan.add_edge("Chad", "African Union", key="co_mention", relation="co_mention")

    def reject(constant):
        raise ValueError(f"{constant} is not JSON")

    text = DATA.search(to_html(sudan)).group(1)
    weights = json.loads(text, parse_constant=reject)["ties"]["weight"]
    assert len(weights) == 7 and weights.count(0.0) == 2


def test_html_is_deterministic_for_a_seed(sudan):
    assert to_html(sudan, seed=7) == to_html(sudan, seed=7)


def _ring(n: int, prefix: str = "Union") -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"{prefix} {i}", type="organization", aliases=[], mentions=1)
    for i in range(n):
        a, b = sorted((f"{prefix} {i}", f"{prefix} {(i + 1) % n}"))
        G.add_edge(a, b, key="co_mention", relation="co_mention", weight=1, count=1)
    return G


def _positions(page: str) -> dict:
    return {n["id"]: (n["x"], n["y"]) for n in _payload(page)["nodes"]}


def test_html_freezes_a_precomputed_layout(sudan):
    for G in (sudan, _ring(600)):
        data = _payload(to_html(G))
        assert data["options"]["physics"]["enabled"] is False
        points = [(n["x"], n["y"]) for n in data["nodes"]]
        assert len(set(points)) == len(points)
    xs = [n["x"] for n in _payload(to_html(_ring(600)))["nodes"]]
    assert max(xs) - min(xs) > 500


def test_html_rebuild_keeps_the_positions_of_known_actors(sudan, tmp_path):
    path = tmp_path / "graph.html"
    write_html(sudan, path, seed=1)
    before = read_positions(path)
    assert before == _positions(path.read_text(encoding="utf-8"))
    assert sorted(before) == sorted(sudan)
    _link(
        sudan,
        "Chad",
        "Libya",
        "oppose",
        2,
        [_evidence("Chad accused Libya of arming rebels.", "2023-08-01")],
    )
    sudan.nodes["Libya"].update(type="state", aliases=[], mentions=1, documents=1)
    write_html(sudan, path, seed=2)  # another seed: only the warm start holds them
    after = read_positions(path)
    assert {name: after[name] for name in before} == before
    assert after["Libya"] not in before.values()
    fresh = _positions(to_html(sudan, seed=2))
    assert any(fresh[name] != before[name] for name in before)


@pytest.mark.parametrize("newcomers", [1, 3, 12])
def test_layout_warm_start_places_newcomers_by_their_ties(newcomers, monkeypatch):
    G = nx.les_miserables_graph()
    before = layout(G, seed=3)
    new = sorted(G, key=lambda n: -G.degree(n))[:newcomers]  # hubs: ties to many
    known = {n: p for n, p in before.items() if n not in new}
    after = layout(G, previous=known, seed=3)
    assert {n: after[n] for n in known} == known
    assert after == layout(G, previous=known, seed=3)
    # up to DIRECT_LIMIT newcomers the repulsion is summed, above it gridded:
    # the same force either way, so the grid lands them about as close
    monkeypatch.setattr(graphkit.render.layout, "DIRECT_LIMIT", 0)
    gridded = layout(G, previous=known, seed=3)
    spread = max(abs(c) for p in before.values() for c in p)
    for n in new:
        ties = [before[m] for m in G[n] if m in known]
        centre = [sum(c) / len(ties) for c in zip(*ties, strict=True)]
        assert math.dist(after[n], centre) < spread / 2
        assert math.dist(after[n], gridded[n]) < spread / 10


def test_build_outputs_keep_the_positions_of_the_previous_page(sudan, tmp_path):
    write_outputs(sudan, tmp_path)
    before = read_positions(tmp_path / "graph.html")
    sudan.add_node("Libya", type="state", aliases=[], mentions=1, documents=1)
    _link(sudan, "Libya", "Chad", "co_mention", 1, [_evidence("Libya, Chad.", None)])
    write_outputs(sudan, tmp_path, seed=9)
    after = read_positions(tmp_path / "graph.html")
    assert {name: after[name] for name in before} == before and "Libya" in after


def test_cli_html_writes_page(sudan, tmp_path):
    write_json(sudan, tmp_path / "graph.json")
    out = tmp_path / "page.html"
    result = CliRunner().invoke(
        cli, ["html", str(tmp_path / "graph.json"), "-o", str(out), "--title", "Sudan"]
    )
    assert result.exit_code == 0, result.output
    assert "<title>Sudan</title>" in out.read_text(encoding="utf-8")


def test_cli_html_rejects_a_non_graph_file(tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text("[1, 2", encoding="utf-8")
    result = CliRunner().invoke(cli, ["html", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    assert not (tmp_path / "x.html").exists()


# ---- in a real browser ------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium; skips without it, but fails when ``CI`` is set."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install playwright)"
    if reason is None and not shutil.which(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, tmp_path):
    """Open a graph's page offline; yields ``(page, remote_requests, errors)``."""
    contexts = []

    def opener(G):
        if isinstance(G, Path):
            path = G
        else:
            write_json(G, tmp_path / "graph.json")
            path = tmp_path / "graph.html"
            write_html(read_graph(tmp_path / "graph.json"), path)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        remote, errors = [], []

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                return r.continue_()
            remote.append(r.request.url)
            return r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(path.as_uri())
        page.wait_for_function(
            "() => window.graphkit && window.graphkit.ready", timeout=30_000
        )
        return page, remote, errors

    yield opener
    for context in contexts:
        context.close()


def _click_at(page, canvas_point):
    box = page.locator("#gk-network canvas").bounding_box()
    page.mouse.click(box["x"] + canvas_point["x"], box["y"] + canvas_point["y"])


@pytest.mark.browser
def test_html_browser_opens_offline_and_draws_everything(open_page, sudan, tmp_path):
    page, remote, errors = open_page(sudan)
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert page.evaluate("graphkit.drawnCounts()") == {
        "nodes": len(data["nodes"]),
        "edges": len(data["links"]),
    }
    arrows = page.evaluate(
        "[graphkit.edgeId('African Union', 'Egypt', 'co_mention'),"
        " graphkit.edgeId('Egypt', 'Sudanese Armed Forces', 'support')]"
        ".map((id) => graphkit.edges.get(id).arrows)"
    )
    assert arrows == ["", "to"]  # co-mentions have no direction
    assert remote == [] and errors == []


@pytest.mark.browser
def test_html_browser_edge_click_shows_evidence(open_page, sudan):
    page, _, _ = open_page(sudan)
    midpoint = page.evaluate("""() => {
        const n = graphkit.network;
        const id = graphkit.edgeId('African Union', 'Egypt', 'co_mention');
        const [a, b] = n.getConnectedNodes(id).map((x) => n.getPosition(x));
        return n.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
    }""")
    _click_at(page, midpoint)
    assert "The AU and Egypt called for talks." in page.inner_text("#gk-panel")
    page.evaluate(
        "graphkit.selectEdge(graphkit.edgeId('Egypt', 'Sudanese Armed Forces',"
        " 'support'))"
    )
    items = page.locator("#gk-panel .gk-evidence li").all_inner_texts()
    assert (
        items[0].startswith("Egypt sent jets to the army.") and "cue: sent" in items[0]
    )
    assert "Cairo wire · 2023-06-02" in items[0]
    assert items[1].startswith("Egypt backed the army in April.")


@pytest.mark.browser
def test_html_browser_node_click_shows_allies_and_adversaries(open_page, sudan):
    page, _, _ = open_page(sudan)
    point = page.evaluate(
        "(n => n.canvasToDOM(n.getPosition('Sudanese Armed Forces')))(graphkit.network)"
    )
    _click_at(page, point)
    panel = page.text_content("#gk-panel")  # headings are upper-cased by CSS
    assert panel.startswith("Sudanese Armed Forces") and "SAF, the army" in panel
    allies = panel.split("Strongest allies")[1].split("Strongest adversaries")[0]
    adversaries = panel.split("Strongest adversaries")[1].split("Most often")[0]
    assert "Egypt" in allies and "Rapid Support Forces" not in allies
    assert "Rapid Support Forces" in adversaries


@pytest.mark.browser
def test_html_browser_injected_script_does_not_run(open_page, sudan):
    evil = '<img src=x onerror="window.__pwned = 3">'
    sudan.add_node(evil, type="person", aliases=[SCRIPT], mentions=1, documents=1)
    _link(
        sudan,
        evil,
        "Chad",
        "oppose",
        2,
        [_evidence(SCRIPT, "2023-05-01", IMG, "said"), _evidence(IMG, "2023-05-02")],
    )
    page, _, errors = open_page(sudan)
    page.evaluate(
        f"graphkit.selectEdge(graphkit.edgeId({json.dumps(evil)}, 'Chad', 'oppose'))"
    )
    panel = page.inner_text("#gk-panel")
    assert SCRIPT in panel and IMG in panel
    page.evaluate(f"graphkit.selectNode({json.dumps(evil)})")
    assert page.inner_text("#gk-panel h2") == evil
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#gk-panel img, #gk-panel script").count() == 0
    assert errors == []


def _day(page, iso):
    return str(page.evaluate(f"Date.parse('{iso}') / 86400000"))


def _shown(page) -> tuple[int, int]:
    """The header's counts of actors and ties shown, checked against the canvas."""
    text = page.inner_text("#gk-summary")
    found = re.fullmatch(
        r"([\d,]+) of [\d,]+ actors shown · ([\d,]+) of [\d,]+ ties", text
    )
    assert found, text
    counts = tuple(int(g.replace(",", "")) for g in found.groups())
    drawn = page.evaluate("graphkit.drawnCounts()")
    assert counts == (drawn["nodes"], drawn["edges"])
    return counts


@pytest.mark.browser
def test_html_browser_filters_and_counts_follow_them(open_page, sudan):
    page, _, _ = open_page(sudan)
    assert _shown(page) == (6, 5)
    page.uncheck("#gk-relations input[value=co_mention]")
    assert _shown(page) == (6, 3)
    page.check("#gk-hide-isolated")
    assert _shown(page) == (4, 3)  # Chad and the AU go
    page.fill("#gk-min-weight", "4")
    page.dispatch_event("#gk-min-weight", "change")
    assert _shown(page) == (3, 2)
    page.fill("#gk-date-from", _day(page, "2023-05-01"))
    assert page.inner_text("#gk-date-from-label") == "2023-05-01"
    assert _shown(page) == (2, 1)  # only Egypt's support has evidence from May on
    # Egypt's evidence (20 April, 2 June) spans May but none of it is in May.
    page.fill("#gk-date-to", _day(page, "2023-05-31"))
    assert _shown(page) == (0, 0)
    page.uncheck("#gk-hide-isolated")
    page.check("#gk-relations input[value=co_mention]")
    assert _shown(page) == (6, 0)  # the undated co-mention is outside a narrowed range


@pytest.mark.browser
def test_html_browser_legend_and_filters_speak_plain_words(open_page, sudan):
    sudan.add_node("Darfuris", type="norp", aliases=[], mentions=1, documents=1)
    page, _, _ = open_page(sudan)
    controls = page.inner_text("#gk-controls")
    assert "nationality or religious group" in controls and "organisation" in controls
    assert "norp" not in controls.lower()
    page.select_option("#gk-color-by", "type")
    legend = page.inner_text("#gk-legend")
    assert "nationality or religious group" in legend and "norp" not in legend


@pytest.mark.browser
def test_html_browser_search_finds_an_alias(open_page, sudan):
    page, _, _ = open_page(sudan)
    page.fill("#gk-search", "uae")
    page.press("#gk-search", "Enter")
    assert page.inner_text("#gk-panel h2") == "United Arab Emirates"
    assert page.evaluate("graphkit.network.getSelectedNodes()") == [
        "United Arab Emirates"
    ]
    page.fill("#gk-search", "Wagner")
    page.press("#gk-search", "Enter")
    assert (
        page.inner_text("#gk-search-message") == "No actor matches \u201cWagner\u201d."
    )


def _people() -> nx.MultiDiGraph:
    """Actors whose names test every lookup rule: accents, aliases, shared words."""
    G = nx.MultiDiGraph()
    for name, kind, aliases, mentions in [
        ("Éloïse Durand", "person", [], 7),
        ("Amina Okafor", "person", ["Dr Okafor"], 9),
        ("Tomas Okafor", "person", [], 2),
        ("United Nations", "organization", ["U.N.", "the UN"], 12),
        ("Abd al-Rahim Dagalo", "person", ["Hemedti"], 5),
        ("Sudan", "state", [], 20),
        ("South Sudan", "state", [], 4),
    ]:
        G.add_node(name, label=name, type=kind, aliases=aliases, mentions=mentions)
    names = list(G)
    for a, b in zip(names, names[1:], strict=False):
        _link(G, a, b, "co_mention", 1, [_evidence(f"{a} and {b}.", "2024-01-02")])
    return G


LOOKUPS = [
    "Éloïse Durand",  # the id
    "eloise durand",  # case and accents
    "DURAND",  # a surname
    "durand eloise",  # words in any order
    "hemedti",  # an alias
    "al rahim",  # punctuation
    "UN",  # spaces removed: U.N.
    "Okafor",  # a word of two names (and of an alias): both listed
    "okafor tomas",
    "sudan",  # the exact name beats a word of another
    "nations united",
    "Duran",  # did you mean
    "Sudann",
    "Wagner",  # nothing like it
    "person",  # ... nor this
]


def _python_lookup(G, query):
    """What find_actor says, as the page's graphkit.lookup reports it."""
    try:
        return {"id": find_actor(G, query)}
    except AmbiguousActor as error:
        listed = str(error).split(" actors: ", 1)[1].rsplit("; give more", 1)[0]
        return {"matches": listed.removesuffix(" ...").split(", ")}
    except UnknownActor as error:
        said = str(error).partition("Did you mean: ")[2].removesuffix("?")
        return {"suggestions": said.split(", ") if said else []}


@pytest.mark.browser
def test_html_browser_search_uses_the_rules_of_find_actor(open_page):
    G = _people()
    page, _, errors = open_page(G)
    for query in LOOKUPS:
        assert page.evaluate("(q) => graphkit.lookup(q)", query) == _python_lookup(
            G, query
        ), query
    assert errors == []


@pytest.mark.browser
def test_html_browser_search_finds_surname_alias_accents_and_lists_ambiguity(
    open_page,
):
    G = _people()
    _link(G, "Amina Okafor", "Sudan", "co_mention", 1, [_evidence("x", "2024-01-03")])
    page, _, _ = open_page(G)

    def search(query):
        page.fill("#gk-search", query)
        page.press("#gk-search", "Enter")

    for query, actor in [
        ("Durand", "Éloïse Durand"),  # a surname
        ("Hemedti", "Abd al-Rahim Dagalo"),  # an alias
        ("ELOISE durand", "Éloïse Durand"),  # case and accents
    ]:
        search(query)
        assert page.inner_text("#gk-panel h2") == actor, query
        assert page.evaluate("graphkit.network.getSelectedNodes()") == [actor]
    G.nodes["Amina Okafor"]["aliases"] = []  # now "Okafor" names two actors
    page, _, _ = open_page(G)
    search("okafor")
    message = page.locator("#gk-search-message")
    assert message.inner_text().startswith("“okafor” matches 2 actors")
    picks = message.locator("button")
    assert picks.all_inner_texts() == ["Amina Okafor", "Tomas Okafor"]
    assert page.evaluate("graphkit.network.getSelectedNodes()") == []
    picks.nth(1).click()
    assert page.inner_text("#gk-panel h2") == "Tomas Okafor"
    search("Sudann")
    assert message.inner_text().startswith("No actor matches “Sudann”. Did you mean:")
    assert "Sudan" in message.locator("button").all_inner_texts()


@pytest.mark.browser
def test_html_browser_layout_holds_still(open_page, sudan, tmp_path):
    page, _, _ = open_page(sudan)
    where = "graphkit.network.getPositions()"
    page.wait_for_timeout(2000)
    early = page.evaluate(where)
    page.wait_for_timeout(6000)
    assert page.evaluate(where) == early
    drawn = _positions((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert early.keys() == drawn.keys()
    for name, (x, y) in drawn.items():  # vis-network rounds to whole units
        assert abs(early[name]["x"] - x) <= 1 and abs(early[name]["y"] - y) <= 1


@pytest.mark.browser
def test_html_browser_large_graph_opens_on_its_most_central_actors(open_page):
    G = _ring(3000)
    hub = "Union 0"
    for i in range(2, 400, 7):  # a hub with stance ties ranks first
        G.add_edge(hub, f"Union {i}", key="oppose", relation="oppose", weight=2)
    page, _, errors = open_page(G)
    nodes, _ = _shown(page)
    assert nodes <= 400 and errors == []
    assert page.inner_text("#gk-summary").startswith(f"{nodes} of 3,000 actors shown")
    assert page.is_visible("#gk-more") and "of 3,000 actors" in page.inner_text(
        "#gk-more"
    )
    assert page.evaluate(f"graphkit.nodes.get({hub!r}) !== null")
    page.click("#gk-more-button")
    assert _shown(page)[0] == nodes + 300
    page.fill("#gk-search", "Union 2999")  # outside the first view: brought in
    page.press("#gk-search", "Enter")
    assert page.evaluate("graphkit.network.getSelectedNodes()") == ["Union 2999"]


@pytest.mark.browser
def test_html_browser_selection_highlights_the_neighbourhood(open_page, sudan):
    page, _, _ = open_page(sudan)
    assert page.evaluate("graphkit.emphasised()") is None
    page.evaluate("graphkit.selectNode('Egypt')")
    assert page.evaluate("graphkit.emphasised().nodes") == [
        "African Union",
        "Egypt",
        "Sudanese Armed Forces",
    ]
    dimmed = {n: page.evaluate(f"graphkit.dimmed({n!r})") for n in sudan}
    assert [n for n, dim in dimmed.items() if not dim] == [
        "Sudanese Armed Forces",
        "Egypt",
        "African Union",
    ]
    tie = "graphkit.edgeId('United Arab Emirates', 'Rapid Support Forces', 'support')"
    width = page.evaluate(f"graphkit.edges.get({tie}).width")
    page.evaluate(f"graphkit.selectEdge({tie})")
    assert page.evaluate("graphkit.emphasised()") == {
        "nodes": ["Rapid Support Forces", "United Arab Emirates"],
        "edges": [
            json.dumps(
                ["United Arab Emirates", "Rapid Support Forces", "support"],
                separators=(",", ":"),
            )
        ],
    }
    assert page.evaluate(f"graphkit.edges.get({tie}).width") > width
    assert page.evaluate("graphkit.dimmed('Egypt')")
    page.click("#gk-clear")
    assert page.evaluate("graphkit.emphasised()") is None
    assert not page.evaluate("graphkit.dimmed('Egypt')")


@pytest.mark.browser
def test_html_browser_ego_network_by_depth(open_page, sudan):
    page, _, _ = open_page(sudan)
    page.select_option("#gk-ego", "1")
    page.evaluate("graphkit.selectNode('Egypt')")
    assert _shown(page) == (3, 2)
    page.select_option("#gk-ego", "2")
    assert _shown(page)[0] == 4  # and the RSF, through the army
    page.select_option("#gk-ego", "0")
    assert _shown(page) == (6, 5)


@pytest.mark.browser
def test_html_browser_fit_brings_everything_back(open_page, sudan):
    page, _, _ = open_page(sudan)
    page.evaluate("graphkit.network.moveTo({position: {x: 9000, y: 9000}, scale: 4})")
    inside = """() => {
        const n = graphkit.network, box = n.body.container.getBoundingClientRect();
        return Object.values(n.getPositions()).every((p) => {
            const d = n.canvasToDOM(p);
            return d.x >= 0 && d.y >= 0 && d.x <= box.width && d.y <= box.height;
        });
    }"""
    assert not page.evaluate(inside)
    page.click("#gk-fit")
    assert page.evaluate(inside)


@pytest.mark.browser
def test_html_browser_tooltip_does_not_stick(open_page, sudan):
    page, _, _ = open_page(sudan)
    point = page.evaluate(
        "(n => n.canvasToDOM(n.getPosition('Egypt')))(graphkit.network)"
    )
    box = page.locator("#gk-network canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#gk-tooltip:not([hidden])")
    assert page.inner_text("#gk-tooltip").startswith("Egypt · state")
    page.fill("#gk-search", "uae")
    page.press("#gk-search", "Enter")
    assert page.is_hidden("#gk-tooltip")


@pytest.mark.browser
def test_html_browser_evidence_links_carry_the_url(open_page, sudan):
    url = "https://news.example.org/sudan/egypt-jets?id=7&lang=en"
    data = sudan.edges["Egypt", "Sudanese Armed Forces", "support"]
    data["evidence"][1].update(url=url, source="Cairo Wire Service")
    data["evidence"][0].update(url="javascript:window.__pwned=4")
    page, _, _ = open_page(sudan)
    page.evaluate(
        "graphkit.selectEdge(graphkit.edgeId('Egypt', 'Sudanese Armed Forces',"
        " 'support'))"
    )
    items = page.locator("#gk-panel .gk-evidence li")
    link = items.nth(0).locator("a.gk-source-link")
    assert link.get_attribute("href") == url and link.inner_text() == "Cairo wire"
    assert link.get_attribute("target") == "_blank"
    assert "Cairo Wire Service" in items.nth(0).inner_text()
    assert "doc d-2023-06-02" in items.nth(0).inner_text()
    assert items.nth(1).locator("a").count() == 0  # not an http(s) link


@pytest.mark.browser
def test_html_browser_exports_png_svg_and_json(open_page, sudan, tmp_path):
    page, _, _ = open_page(sudan)
    page.uncheck("#gk-relations input[value=co_mention]")
    files = {}
    for kind in ("png", "svg", "json"):
        with page.expect_download() as info:
            page.click(f"#gk-{kind}")
        files[kind] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[kind])
    png = files["png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 300 and height > 300
    svg = ET.parse(files["svg"]).getroot()
    circles = svg.findall(".//{http://www.w3.org/2000/svg}circle")
    lines = svg.findall(".//{http://www.w3.org/2000/svg}line")
    assert (len(circles), len(lines)) == (6, 3)
    shown = nx.node_link_graph(
        json.loads(files["json"].read_text(encoding="utf-8")), edges="links"
    )
    assert sorted(shown) == sorted(sudan)
    assert sorted(shown.edges(keys=True)) == sorted(
        (u, v, k) for u, v, k in sudan.edges(keys=True) if k != "co_mention"
    )


@pytest.mark.browser
def test_html_browser_downloads_corrections_as_jsonl(open_page, sudan, tmp_path):
    page, _, _ = open_page(sudan)
    assert page.is_disabled("#gk-corrections-download")
    page.evaluate(
        "graphkit.selectEdge(graphkit.edgeId('Egypt', 'Sudanese Armed Forces',"
        " 'support'))"
    )
    page.click("#gk-panel .gk-actions button:text('Flip sign')")
    page.click("#gk-panel .gk-evidence li:nth-child(2) button:text('Wrong evidence')")
    page.evaluate(
        "graphkit.selectEdge(graphkit.edgeId('African Union', 'Egypt', 'co_mention'))"
    )
    page.click("#gk-panel button:text('Wrong tie')")
    page.click("#gk-panel button:text('Wrong tie')")  # the same one is kept once
    page.evaluate("graphkit.selectNode('Chad')")
    page.click("#gk-panel button:text('Not an actor')")
    page.evaluate("graphkit.selectNode('Rapid Support Forces')")
    page.click("#gk-panel button:text('Merge with')")
    page.fill("#gk-panel .gk-merge-input", "UAE")
    page.click("#gk-panel .gk-merge-go")
    assert page.locator("#gk-corrections-list li").count() == 5
    page.fill("#gk-corrections-list li:nth-child(4) input", "a country, not a militia")
    with page.expect_download() as info:
        page.click("#gk-corrections-download")
    assert info.value.suggested_filename == "corrections.jsonl"
    info.value.save_as(tmp_path / "corrections.jsonl")
    lines = (tmp_path / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == [
        '{"relabel": {"source": "Egypt", "target": "Sudanese Armed Forces",'
        ' "from": "support", "to": "oppose"}}',
        '{"drop_evidence": {"doc": "d-2023-04-20",'
        ' "sentence": "Egypt backed the army in April."}}',
        '{"drop": {"source": "African Union", "target": "Egypt",'
        ' "relation": "co_mention"}}',
        '{"not_actor": "Chad", "note": "a country, not a militia"}',
        '{"merge": ["Rapid Support Forces", "United Arab Emirates"]}',
    ]
    assert [json.loads(line) for line in lines][1]["drop_evidence"]["doc"] == (
        "d-2023-04-20"
    )
    page.click("#gk-corrections-list li:nth-child(1) button")
    assert page.locator("#gk-corrections-list li").count() == 4


def test_evidence_keeps_the_url_and_source_of_its_article(tmp_path):
    rows = tmp_path / "wire.csv"
    rows.write_text(
        "url,source,date,title,text\n"
        "https://example.org/a1,Example Wire,2021-03-02,Strike,"
        "Unions backed the strike.\n"
        ",,2021-03-03,Talks,Unions met ministers.\n",
        encoding="utf-8",
    )
    linked, plain = read_corpus([rows])
    assert (linked.url, linked.source) == ("https://example.org/a1", "Example Wire")
    # Without a source column, the source is the file's path relative to the input.
    assert (plain.url, plain.source) == ("", rows.name)
    records = [
        DocRecord(
            article,
            ("Unions met ministers.",),
            (0,),
            (
                Mention(article.id, 0, 0, 0, 6, "Unions", "ORG", "Unions", "group"),
                Mention(article.id, 0, 0, 11, 20, "ministers", "NORP", "Gov", "state"),
            ),
        )
        for article in (linked, plain)
    ]
    resolution = Resolution(
        (Actor("Unions", "group"), Actor("Gov", "state")),
        {"Unions": "Unions", "Gov": "Gov"},
    )
    G = build_graph(records, resolution)
    evidence = G.edges["Gov", "Unions", "co_mention"]["evidence"]
    by_doc = {item["doc"]: item for item in evidence}
    assert by_doc[linked.id]["url"] == "https://example.org/a1"
    assert by_doc[linked.id]["source"] == "Example Wire"
    assert "url" not in by_doc[plain.id]
    data = _payload(to_html(G))["edges"][0]["evidence"]
    assert {item.get("url") for item in data} == {"https://example.org/a1", None}


@pytest.mark.browser
@pytest.mark.model
def test_html_browser_corrections_file_is_obeyed_by_the_build(
    open_page, seed_build, rebuild_seeds, tmp_path
):
    """Corrections made in the seed build's page, downloaded, then built with."""
    G = read_graph(seed_build / "graph.json")
    stance = sorted(
        ((u, v, k) for u, v, k in G.edges(keys=True) if k in ("support", "oppose")),
        key=lambda t: (-G.edges[t]["weight"], t),
    )
    flip = stance[0]
    used = set(flip[:2])
    drop = next(t for t in stance[1:] if not used & set(t[:2]))
    used |= set(drop[:2])
    evidence_tie = next(t for t in stance if not used & set(t[:2]))
    used |= set(evidence_tie[:2])
    loners = sorted((n for n in G if n not in used), key=lambda n: (G.degree(n), n))
    gone, kept, merged = loners[0], loners[1], loners[2]
    struck = G.edges[evidence_tie]["evidence"][0]
    page, _, errors = open_page(seed_build / "graph.html")

    def edge(t):
        page.evaluate(f"graphkit.selectEdge(graphkit.edgeId(...{json.dumps(t)}))")

    edge(flip)
    page.click("#gk-panel button:text('Flip sign')")
    edge(drop)
    page.click("#gk-panel button:text('Wrong tie')")
    edge(evidence_tie)
    page.click("#gk-panel .gk-evidence li:first-child button:text('Wrong evidence')")
    page.evaluate(f"graphkit.selectNode({json.dumps(gone)})")
    page.click("#gk-panel button:text('Not an actor')")
    page.evaluate(f"graphkit.selectNode({json.dumps(kept)})")
    page.click("#gk-panel button:text('Merge with')")
    page.fill("#gk-panel .gk-merge-input", merged)
    page.click("#gk-panel .gk-merge-go")
    with page.expect_download() as info:
        page.click("#gk-corrections-download")
    fixes = tmp_path / "corrections.jsonl"
    info.value.save_as(fixes)
    assert errors == [] and len(fixes.read_text(encoding="utf-8").splitlines()) == 5
    out = tmp_path / "corrected"
    result = rebuild_seeds(out, "--corrections", str(fixes))
    assert result.exit_code == 0, result.output
    H = read_graph(out / "graph.json")
    assert H.graph["corrections"]["applied"] == 5
    assert H.graph["corrections"]["unmatched"] == 0
    opposite = {"support": "oppose", "oppose": "support"}[flip[2]]
    assert not H.has_edge(*flip) and H.has_edge(flip[0], flip[1], opposite)
    assert not H.has_edge(*drop)
    assert gone not in H and merged not in H and kept in H
    assert merged in H.nodes[kept]["aliases"] or any(
        a in H.nodes[kept]["aliases"] for a in G.nodes[merged]["aliases"]
    )
    assert (struck["doc"], struck["sentence"]) not in {
        (item["doc"], item["sentence"])
        for _, _, items in H.edges(data="evidence")
        for item in items
    }


@pytest.mark.browser
def test_html_browser_confidence_filter(open_page, sudan):
    egypt = sudan.edges["Egypt", "Sudanese Armed Forces", "support"]
    egypt["confidence_counts"] = {"explicit": 0, "reported": 0, "inferred": 2}
    for item in egypt["evidence"]:
        item["confidence"] = "inferred"
    uae = sudan.edges["United Arab Emirates", "Rapid Support Forces", "support"]
    uae["confidence_counts"] = {"explicit": 1, "reported": 0, "inferred": 0}
    page, _, _ = open_page(sudan)
    assert page.inner_text("#gk-confidence").split() == [
        "CONFIDENCE",  # headings are upper-cased by CSS
        "explicit",
        "inferred",
    ]
    page.uncheck("#gk-confidence input[value=inferred]")
    assert _shown(page) == (6, 4)  # co-mentions and the undated oppose stay
    assert (
        page.evaluate(
            "graphkit.edges.get(graphkit.edgeId('Egypt', 'Sudanese Armed Forces',"
            " 'support'))"
        )
        is None
    )
