"""Actor resolution on the Wikinews gold and the seed's acceptance checks, in one run.

Builds ``../shared/eval/wikinews_gold/corpus.jsonl`` and ``seeds/`` with the
real pipeline, scores the gold build with ``../shared/eval/score_gold.py`` and
prints: merges and distinct checks, recall of core and of major actors,
non-actor strings that became nodes (issue 13 targets: merges >= 0.80,
distinct >= 0.97, important actors found >= 0.95, non-actor nodes <= 5), then
each acceptance check of the seed build (tests/test_pipeline.py) as ok/FAIL.

    python benchmarks/actors_gold.py
    python benchmarks/actors_gold.py --show 20    # also list what is missed
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from graphkit.extract.extractor import Extractor
from graphkit.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
GOLD_DIR = SHARED / "wikinews_gold"
TARGETS = {"merges": 0.80, "distinct": 0.97, "important": 0.95}
MAX_NON_ACTORS = 5
SEED_MERGES = [
    ("Sadr", "Moqtada al-Sadr"),
    ("Soleimani", "Qassem Soleimani"),
    ("Khamenei", "Ali Khamenei"),
    ("PMF", "Popular Mobilization Forces"),
    ("U.S.", "United States", "Washington"),
]
SEED_TIES = [
    ("U.S.", "Soleimani", "oppose"),
    ("Iran", "U.S.", "oppose"),
    ("Iran", "PMF", "support"),
    ("Khamenei", "European countries", "oppose"),
    ("Sadr", "protesters", "support"),
]


def _scorer():
    spec = importlib.util.spec_from_file_location(
        "score_gold", SHARED / "score_gold.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ratio(done: int, total: int) -> str:
    return f"{done}/{total} = {done / total:.3f}" if total else "0/0"


def gold_figures(graph: dict, gold: dict, score, show: int) -> list[str]:
    """The actor figures of one gold build, one line each."""
    actors = score.score_actors(graph, gold)
    amap = score.actor_map(graph, gold)
    lines = []
    merged, pairs, missed = actors["merges"]
    lines.append(f"merges      {_ratio(merged, pairs)}  (target {TARGETS['merges']})")
    kept, checks, wrong = actors["distinct"]
    lines.append(f"distinct    {_ratio(kept, checks)}  (target {TARGETS['distinct']})")
    for level in ("core", "major"):
        group = [a for a in gold["actors"] if a.get("importance") == level]
        found = sum(a["id"] in amap for a in group)
        lines.append(f"{level:<11} {_ratio(found, len(group))}")
    found, important, absent = actors["recall"]
    lines.append(
        f"important   {_ratio(found, important)}  (target {TARGETS['important']})"
    )
    leaked = actors["non_actor_nodes"]
    lines.append(f"non-actor nodes {len(leaked)}  (target <= {MAX_NON_ACTORS})")
    if show:
        lines.append(f"  merges missed: {missed[:show]}")
        lines.append(f"  distinct merged: {wrong}")
        lines.append(f"  important without a node: {absent[:show]}")
        lines.append(f"  non-actor nodes: {leaked}")
    return lines


def seed_checks(graph: dict) -> list[tuple[str, bool]]:
    """The seed acceptance checks of tests/test_pipeline.py, as (name, passed)."""
    nodes = {n["id"]: n for n in graph["nodes"]}

    def node_of(alias: str) -> str | None:
        return next((i for i, n in nodes.items() if alias in n["aliases"]), None)

    checks = []
    for names in SEED_MERGES:
        found = {node_of(name) for name in names}
        checks.append(
            (f"one node: {' = '.join(names)}", len(found) == 1 and None not in found)
        )
    sadr = node_of("Sadr")
    checks.append(
        (
            "no Sadr City in Sadr",
            sadr is not None and "Sadr City" not in nodes[sadr]["aliases"],
        )
    )
    edges = {(e["source"], e["target"], e.get("relation")) for e in graph["links"]}
    for source, target, relation in SEED_TIES:
        u = node_of(source)
        targets = [i for i, n in nodes.items() if target in i or target in n["aliases"]]
        hit = any((u, v, relation) in edges for v in targets)
        checks.append((f"{source} -{relation}-> {target}", hit))
    return checks


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="misses to list per figure")
    args = ap.parse_args(argv)
    if not GOLD_DIR.exists():
        print(
            f"Error: {GOLD_DIR} not found (the shared evaluation data).",
            file=sys.stderr,
        )
        return 1
    score = _scorer()
    gold = json.loads((GOLD_DIR / "gold.json").read_text(encoding="utf-8"))
    extractor = Extractor()
    with tempfile.TemporaryDirectory() as tmp:
        build(
            [GOLD_DIR / "corpus.jsonl"],
            Path(tmp) / "gold",
            extractor=extractor,
            cache=False,
        )
        gold_graph = json.loads((Path(tmp) / "gold" / "graph.json").read_text())
        build([ROOT / "seeds"], Path(tmp) / "seed", extractor=extractor, cache=False)
        seed_graph = json.loads((Path(tmp) / "seed" / "graph.json").read_text())
    articles, nodes = len(gold["articles"]), len(gold_graph["nodes"])
    print(f"Wikinews gold ({articles} articles, {nodes} nodes)")
    for line in gold_figures(gold_graph, gold, score, args.show):
        print("  " + line)
    checks = seed_checks(seed_graph)
    print(f"seed acceptance: {sum(ok for _, ok in checks)}/{len(checks)}")
    for name, ok in checks:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
