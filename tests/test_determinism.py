"""Outputs do not depend on the interpreter's hash seed (set and dict orders)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PAGE = """
import sys
import networkx as nx
from graphkit.render.html import to_html

G = nx.MultiDiGraph()
for name in ("Chad", "Niger", "Mali"):
    G.add_node(name, type="state", aliases=[], mentions=1, documents=1)
G.add_edge("Chad", "Niger", key="support", relation="support", weight=2, evidence=[])
G.add_edge("Mali", "Niger", key="ally", relation="ally", weight=1, evidence=[])
G.add_edge("Chad", "Mali", key="co_mention", relation="co_mention", weight=1,
           evidence=[])
sys.stdout.write(to_html(G, seed=1))
"""


def _page(hash_seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _PAGE], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_determinism_page_is_the_same_under_any_hash_seed():
    pages = {_page(seed) for seed in ("1", "2", "3")}
    assert len(pages) == 1
