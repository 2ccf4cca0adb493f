"""Tests of the interactive HTML page: offline, escaped, faithful to graph.json."""

from __future__ import annotations

import json
import os
import re
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.graph.io import read_graph, write_json
from graphkit.render.html import (
    RELATION_COLORS,
    read_positions,
    to_html,
    write_html,
)

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
    return json.loads(DATA.search(page).group(1))


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
    assert page.count("</script>") == 3  # the data, vis-network and the page's own code
    evidence = [e for e in _payload(page)["edges"] if e["from"] == "Chad"][0][
        "evidence"
    ]
    assert {item["sentence"] for item in evidence} == {SCRIPT, IMG}


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
    assert by_relation["co_mention"]["arrows"] == ""
    assert by_relation["support"]["arrows"] == by_relation["oppose"]["arrows"] == "to"
    for relation, edge in by_relation.items():
        assert edge["color"]["color"] == RELATION_COLORS[relation]


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
    weights = [e["weight"] for e in json.loads(text, parse_constant=reject)["edges"]]
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
            "window.graphkit && window.graphkit.ready", timeout=20_000
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
    panel = page.inner_text("#gk-panel")
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


@pytest.mark.browser
def test_html_browser_filters_hide_and_fade(open_page, sudan):
    page, _, _ = open_page(sudan)
    page.uncheck("#gk-relations input[value=co_mention]")
    assert page.evaluate("graphkit.drawnCounts()") == {"nodes": 6, "edges": 3}
    page.check("#gk-hide-isolated")
    assert page.evaluate("graphkit.drawnCounts().nodes") == 4  # Chad and the AU go
    page.fill("#gk-min-weight", "4")
    page.dispatch_event("#gk-min-weight", "change")
    assert page.evaluate("graphkit.drawnCounts()") == {"nodes": 3, "edges": 2}
    day = "Date.parse('{}') / 86400000"
    opacity = "graphkit.edges.get(graphkit.edgeId({!r}, 'Sudanese Armed Forces', {!r}))"
    oppose = opacity.format("Rapid Support Forces", "oppose") + ".color.opacity"
    support = opacity.format("Egypt", "support") + ".color.opacity"
    page.fill("#gk-date-from", str(page.evaluate(day.format("2023-05-01"))))
    assert page.evaluate(oppose) < 0.2 and page.evaluate(support) == 1
    assert page.inner_text("#gk-date-from-label") == "2023-05-01"
    # Egypt's evidence (20 April, 2 June) spans May but none of it is in May.
    page.fill("#gk-date-to", str(page.evaluate(day.format("2023-05-31"))))
    assert page.evaluate(support) < 0.2


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
