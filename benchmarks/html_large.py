"""How fast large graph pages lay out, render and open in Chromium.

Run with ``python benchmarks/html_large.py [--nodes 2000 3000 5000 20000]
[--links-per-node 5] [--loads 3]``. For each size it prints the seconds spent in
the layout alone and in all of ``to_html``, the page size and how much of it is
evidence (read only when a tie is opened), the time pyvis's ``Network`` takes to
assemble the same actors and ties (``to_pyvis``, up to ``--pyvis-up-to``
actors), and, in headless Chromium with the network blocked, the time from
navigation until the first frame is drawn (``window.graphkit.ready``; the
fastest and the median wall clock of ``--loads`` loads, and the CPU seconds the
page's main thread and renderer process spent to get there, which stay put on a
loaded machine; beside the same for a 20-actor page opened in turn, the floor
that the browser and vis-network cost),
how many actors that frame draws, and the latency of selecting an actor, opening
a tie's evidence and a change of filter once the page is up. Targets: layout
<= 1 s at 3,000 actors, ready <= 2 s at 5,000.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
from screenshot import ARGS, CHROMIUM  # same directory: run as a script

from graphkit.graph.analytics import analyse
from graphkit.graph.metrics import layer
from graphkit.render.html import to_html
from graphkit.render.layout import layout
from graphkit.render.notebook import to_pyvis

RELATIONS = ("co_mention", "co_mention", "co_mention", "support", "oppose")


def large_graph(nodes: int, links: int, seed: int = 1) -> nx.MultiDiGraph:
    """Return a random graph in graph.json's shape, with one dated evidence per link."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(documents=links, undated=0)
    names = [f"Actor {i:04d}" for i in range(nodes)]
    for name in names:
        G.add_node(
            name,
            label=name,
            type=rng.choice(("person", "organization", "state")),
            aliases=[],
            mentions=rng.randint(1, 50),
            documents=rng.randint(1, 20),
        )
    # Preferential attachment gives the hubs that real news graphs have.
    skeleton = nx.barabasi_albert_graph(nodes, max(1, links // nodes), seed=seed)
    pairs = list(skeleton.edges())
    while len(pairs) < links:
        pairs.append(tuple(rng.sample(range(nodes), 2)))
    for i, (a, b) in enumerate(pairs[:links]):
        relation = rng.choice(RELATIONS)
        u, v = (
            sorted((names[a], names[b]))
            if relation == "co_mention"
            else (names[a], names[b])
        )
        date = f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        evidence = {
            "doc": f"doc{i}",
            "title": f"Report {i}",
            "date": date,
            "sentence": f"{u} and {v} were both named in report {i}.",
        }
        if relation != "co_mention":
            evidence["cue"] = "backed" if relation == "support" else "attacked"
        G.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            weight=rng.randint(1, 9),
            count=1,
            evidence=[evidence],
            first_date=date,
            last_date=date,
        )
    return G


def _ready(page, path: Path) -> tuple[float, float, float]:
    """Seconds from navigation until the page's first frame is drawn.

    Wall clock, then the CPU time of the page's main thread and of its renderer
    process over the same span (Chrome's ``ThreadTime`` and ``ProcessTime``):
    the CPU figures do not grow when other work shares the machine.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def cpu() -> tuple[float, float]:
        found = {
            m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
        }
        return found["ThreadTime"], found["ProcessTime"]

    thread, process = cpu()
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => window.graphkit && window.graphkit.ready", timeout=120_000
    )
    wall = time.perf_counter() - start
    thread_after, process_after = cpu()
    return wall, thread_after - thread, process_after - process


def browser_timings(path: Path, floor: Path, loads: int) -> dict[str, float]:
    """Open ``path`` in headless Chromium and time first draw and interactions.

    ``path`` and the small page ``floor`` are opened ``loads`` times each, in
    turn, so that both meet the same load from other work on the machine.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        blocked: list[str] = []
        readies: dict[Path, list[tuple[float, float, float]]] = {path: [], floor: []}
        for load in range(loads):
            for target in (floor, path):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith("file:")
                        else (blocked.append(route.request.url), route.abort())
                    ),
                )
                readies[target].append(_ready(page, target))
                if target == floor or load < loads - 1:
                    page.close()
        counts = page.evaluate("graphkit.drawnCounts()")
        start = time.perf_counter()
        page.evaluate("graphkit.selectNode('Actor 0000')")
        page.wait_for_selector("#gk-panel h2")
        click = time.perf_counter() - start
        tie = page.evaluate("graphkit.edges.getIds()[0]")
        start = time.perf_counter()
        page.evaluate("(id) => graphkit.selectEdge(id)", tie)
        page.wait_for_selector("#gk-panel .gk-evidence li")
        evidence = time.perf_counter() - start
        start = time.perf_counter()
        page.uncheck("#gk-relations input[value=co_mention]")
        page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
        filtered = time.perf_counter() - start
        browser.close()
    figures = {}
    for name, target in (("", path), ("20-actor page ", floor)):
        wall, thread, process = zip(*readies[target], strict=True)
        figures |= {
            f"{name}ready_s (fastest)": min(wall),
            f"{name}ready_s (median)": statistics.median(wall),
            f"{name}ready main-thread CPU s (median)": statistics.median(thread),
            f"{name}ready renderer CPU s (median)": statistics.median(process),
        }
    return {
        **figures,
        "select_s": click,
        "open_evidence_s": evidence,
        "filter_s": filtered,
        "drawn_nodes": counts["nodes"],
        "drawn_edges": counts["edges"],
        "blocked_requests": len(blocked),
    }


def _evidence_bytes(page: str) -> int:
    found = re.search(r'id="graphkit-evidence">(.*?)</script>', page, re.S)
    return len(found.group(1).encode()) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--nodes", type=int, nargs="+", default=[2000, 3000, 5000, 20000]
    )
    parser.add_argument("--links-per-node", type=int, default=5)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--baseline-up-to",
        type=int,
        default=3000,
        help="Also time networkx's forceatlas2_layout up to this many actors.",
    )
    parser.add_argument(
        "--pyvis-up-to",
        type=int,
        default=5000,
        help="Also time pyvis's Network on the same graph up to this many actors.",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "floor.html"
        floor.write_text(to_html(large_graph(20, 100), title="floor"), "utf-8")
        for nodes in args.nodes:
            G = large_graph(nodes, nodes * args.links_per_node)
            print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} links")
            ties = layer(G, "all")
            start = time.perf_counter()
            layout(ties, seed=42)
            placed = time.perf_counter() - start
            print(f"  layout: {placed:.2f} s")
            if nodes <= args.baseline_up_to:
                start = time.perf_counter()
                nx.forceatlas2_layout(ties, max_iter=100, seed=42)
                baseline = time.perf_counter() - start
                print(
                    f"  networkx forceatlas2_layout: {baseline:.2f} s "
                    f"({baseline / placed:.0f}x graphkit's layout)"
                )
            analytics = analyse(G, seed=42)
            start = time.perf_counter()
            page = to_html(G, title="benchmark", analytics=analytics)
            render = time.perf_counter() - start
            size = len(page.encode())
            print(
                f"  to_html (analytics given): {render:.2f} s,"
                f" page {size / 1e6:.1f} MB,"
                f" of which evidence {_evidence_bytes(page) / 1e6:.1f} MB"
            )
            if nodes <= args.pyvis_up_to:
                start = time.perf_counter()
                to_pyvis(G, analytics=analytics)
                assembled = time.perf_counter() - start
                print(
                    f"  pyvis Network (to_pyvis, analytics given): {assembled:.2f} s"
                    f" ({assembled / render:.1f}x to_html)"
                )
            if args.no_browser:
                continue
            path = Path(tmp) / "large.html"
            path.write_text(page, encoding="utf-8")
            for name, value in browser_timings(path, floor, args.loads).items():
                shown = f"{value:.2f}" if isinstance(value, float) else value
                print(f"  {name}: {shown}")


if __name__ == "__main__":
    main()
