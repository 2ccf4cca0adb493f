"""Text reports: centrality tables and alliance, actor and evidence reports.

Markdown escapes HTML (:func:`~graphkit.graph.io.markdown_safe`) and CSV cells
cannot run as spreadsheet formulas (:func:`~graphkit.graph.io.spreadsheet_safe`),
whatever the article text, names and ids hold.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphkit.graph import alliances
from graphkit.graph.io import csv_text, markdown_safe
from graphkit.graph.metrics import MEASURES, Centrality
from graphkit.records import DocRecord, Resolution

__all__ = [
    "FORMATS",
    "actor_rows",
    "entity_rows",
    "relation_rows",
    "format_rows",
    "centrality_table",
    "alliances_markdown",
    "alliances_report",
    "actor_data",
    "actor_markdown",
    "actor_report",
    "why_markdown",
    "why_report",
]

FORMATS = ("table", "csv", "md", "json")
COLUMNS = ("rank", "actor", "type", *MEASURES)
MEASURES_NOTE = (
    "Degree and betweenness are shares of the possible (0-1). Betweenness and "
    "closeness run on distance = 1 / weight. Closeness is Wasserman-Faust's: "
    "inverse mean distance times the share of actors reached, so an isolated "
    "pair scores low; ties of weight above 1 are shorter than one step and can "
    "put it above 1 (--weight jaccard keeps it within 0-1)."
)


def actor_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per actor of ``G`` (``actors.csv``): id, type, counts, aliases.

    Most mentioned first.
    """
    return _actor_table(
        (
            n,
            d.get("type", ""),
            d.get("mentions", 0),
            d.get("documents", 0),
            d.get("aliases", []),
        )
        for n, d in G.nodes(data=True)
    )


def entity_rows(resolution: Resolution) -> list[dict[str, Any]]:
    """One row per resolved actor (``graphkit entities``), as in :func:`actor_rows`.

    Examples
    --------
    >>> from graphkit.records import Actor
    >>> res = Resolution((Actor("Chad", "state", ("Chad", "N'Djamena"), 3, 2),), {})
    >>> entity_rows(res)[0]["type"], entity_rows(res)[0]["aliases"]
    ('state', "Chad; N'Djamena")
    """
    return _actor_table(
        (a.id, a.kind, a.mentions, a.documents, a.aliases) for a in resolution.actors
    )


def _actor_table(
    actors: Iterable[tuple[str, str, int, int, Iterable[str]]],
) -> list[dict[str, Any]]:
    rows = [
        {
            "actor": actor,
            "type": kind,
            "mentions": mentions,
            "documents": documents,
            "aliases": "; ".join(aliases),
        }
        for actor, kind, mentions, documents, aliases in actors
    ]
    return sorted(rows, key=lambda row: (-row["mentions"], row["actor"]))


def relation_rows(
    records: Iterable[DocRecord], resolution: Resolution
) -> list[dict[str, Any]]:
    """One row per stance relation of ``records``, its ends named by their actor.

    Keys that resolved to no actor keep their mention key.
    """
    actor = resolution.actor_of
    return [
        {
            **r.to_dict(),
            "source": actor.get(r.source, r.source),
            "target": actor.get(r.target, r.target),
        }
        for rec in records
        for r in rec.relations
    ]


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")


def _number(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _cell(value: Any) -> str:
    return _number(value).replace("|", "\\|").replace("\n", " ")


def _grid(header: list[str], rows: list[list[str]], fmt: str) -> str:
    """Render rows as an aligned text table or a markdown table."""
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        return markdown_safe("\n".join(lines) + "\n")
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    out = [
        [str(c).ljust(w) for c, w in zip(row, widths, strict=True)]
        for row in [header, *rows]
    ]
    out.insert(1, ["-" * w for w in widths])
    return "\n".join("  ".join(row).rstrip() for row in out) + "\n"


def format_rows(rows: list[dict[str, Any]], fmt: str = "table") -> str:
    """Render a list of flat dicts (one per row, same keys) as table, csv, md or json.

    Examples
    --------
    >>> print(format_rows([{"actor": "Chad", "mentions": 3}], "csv"), end="")
    actor,mentions
    Chad,3
    >>> print(format_rows([], "table"), end="")
    (no rows)
    """
    _check(fmt)
    if fmt == "json":
        return _json(rows)
    if not rows:
        return "(no rows)\n" if fmt in ("table", "md") else ""
    header = list(rows[0])
    table = [[row.get(name, "") for name in header] for row in rows]
    if fmt == "csv":
        return _csv(tuple(header), table)
    return _grid(header, [[_number(c) for c in row] for row in table], fmt)


def centrality_table(result: Centrality, fmt: str = "table") -> str:
    """Render a :func:`graphkit.graph.metrics.centrality` result.

    ``table`` and ``md`` round to 4 significant digits and end with notes
    saying how the values were computed (including sampling) and normalised
    (:data:`MEASURES_NOTE`); ``csv`` and
    ``json`` keep full precision (``json`` carries the ``sample`` size; CSV
    has no room for a note).

    Examples
    --------
    >>> from graphkit.graph.metrics import centrality
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=1)
    >>> print(centrality_table(centrality(G), "csv").splitlines()[1][:25])
    1,a,,1.0,1.0,0.5,0.0,1.0,
    """
    _check(fmt)
    rows = [
        [i, r["actor"], r["type"], *(r[m] for m in MEASURES)]
        for i, r in enumerate(result.rows, 1)
    ]
    if fmt == "json":
        return _json(result.to_dict())
    if fmt == "csv":
        return _csv(COLUMNS, rows)
    text = _grid(list(COLUMNS), [[_number(c) for c in row] for row in rows], fmt)
    gap = "\n" if fmt == "md" else ""
    note = textwrap.fill(MEASURES_NOTE, 88)
    return text + gap + f"{result.note()}.\n" + gap + note + "\n"


def _quote(evidence: dict[str, Any] | None) -> str:
    """One evidence entry as ``“sentence” (title, date)``."""
    if not evidence:
        return "(no evidence stored)"
    where = ", ".join(
        str(x)
        for x in (evidence.get("title") or evidence.get("doc"), evidence.get("date"))
        if x
    )
    sentence = " ".join(str(evidence.get("sentence", "")).split())
    return f"“{sentence}”" + (f" ({where})" if where else "")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _items(count: int) -> str:
    return _count(count, "item")


def _arrow(link: dict[str, Any]) -> str:
    verb = {"support": "supports", "oppose": "opposes"}.get(
        link["relation"], "is mentioned with"
    )
    return (
        f"**{link['source']}** {verb} **{link['target']}** "
        f"(weight {_number(link['weight'])}, {_items(link['count'])})"
    )


def _link_lines(links: list[dict[str, Any]], none: str) -> list[str]:
    if not links:
        return [f"- {none}"]
    return [f"- {_arrow(x)}: {_quote((x['evidence'] or [None])[0])}" for x in links]


def alliances_markdown(
    G: nx.MultiDiGraph,
    *,
    seed: int | None = None,
    resolution: float = 1.0,
    top: int = 5,
    weight: str = "weight",
) -> str:
    """Return the alliances report (``out/alliances.md``) as markdown.

    Signed blocs with members ranked by PageRank, the strongest support inside
    and opposition across them, the links that break the blocs (frustration)
    with evidence, structural balance, and Louvain communities.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=1, count=1,
    ...                evidence=[{"sentence": "a attacked b.", "title": "T"}])
    >>> "**a** opposes **b** (weight 1, 1 item): “a attacked b.” (T)" in (
    ...     alliances_markdown(G, seed=0))
    True
    """
    return alliances_report(
        alliances.summary(G, seed=seed, resolution=resolution, top=top, weight=weight)
    )


def _json(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _csv(header: tuple[str, ...], rows: list[list[Any]]) -> str:
    return csv_text(header, rows)


def alliances_report(data: dict[str, Any], fmt: str = "md") -> str:
    """Render :func:`graphkit.graph.alliances.summary` data.

    ``md`` and ``table`` give the markdown report, ``json`` the data, ``csv``
    one row per actor with its bloc and community numbers (1-based; blocs
    count only actors with stance links).
    """
    _check(fmt)
    if fmt == "json":
        return _json(data)
    if fmt == "csv":
        bloc = {n: i for i, b in enumerate(data["blocs"], 1) for n in b}
        return _csv(
            ("actor", "bloc", "community"),
            [
                [n, bloc.get(n, ""), i]
                for i, c in enumerate(data["communities"], 1)
                for n in c
            ],
        )
    links = data["links"]
    lines = [
        "# Alliances",
        "",
        f"{_count(data['actors'], 'actor')}; {links['support']} support, "
        f"{links['oppose']} oppose and {links['co_mention']} co-mention links.",
        "",
        "## Blocs",
        "",
        "Actors grouped so that support falls inside blocs and opposition "
        "between them; members ranked by PageRank.",
        "",
    ]
    groups = [b for b in data["blocs"] if len(b) > 1]
    lines += [f"{i}. {', '.join(b)}" for i, b in enumerate(groups, 1)] or ["No blocs."]
    alone = sorted(b[0] for b in data["blocs"] if len(b) == 1)
    if alone:
        lines += ["", f"On their own: {', '.join(alone)}."]
    lines += ["", "## Strongest support inside blocs", ""]
    lines += _link_lines(data["ties"]["inside"], "None.")
    lines += ["", "## Strongest opposition across blocs", ""]
    lines += _link_lines(data["ties"]["across"], "None.")
    broken = data["frustration"]
    lines += [
        "",
        "## Links that break the blocs",
        "",
        f"{broken['links']} links, total weight {_number(broken['weight'])}.",
        "",
    ]
    lines += _link_lines(broken["top"], "None: the blocs explain every stance link.")
    lines += [
        "",
        *_balance_lines(data["balance"]),
        "",
        "## Communities",
        "",
        f"Louvain on co-mention and support (resolution {data['resolution']}, "
        f"seed {data['seed']}); members ranked by PageRank.",
        "",
    ]
    shown = [c for c in data["communities"] if len(c) > 1]
    lines += [
        f"{i}. {', '.join(c[:12])}"
        + (f" and {len(c) - 12} more" if len(c) > 12 else "")
        for i, c in enumerate(shown, 1)
    ] or ["No communities."]
    return markdown_safe("\n".join(lines) + "\n")


def _balance_lines(result: dict[str, Any]) -> list[str]:
    total = result["balanced"] + result["unbalanced"]
    lines = [
        "## Structural balance",
        "",
        f"{result['balanced']} of {total} signed triangles are balanced, "
        f"{result['unbalanced']} unbalanced.",
    ]
    if result["most_unbalanced"]:
        lines += ["", "Most unbalanced triangles:", ""]
    for tri in result["most_unbalanced"]:
        ties = "; ".join(
            f"{a} {s} {b}"
            for a, b, s in (
                [a, b, "supports" if s == "support" else "opposes"]
                for a, b, s in tri["ties"]
            )
        )
        lines.append(f"- {', '.join(tri['actors'])}: {ties}")
    return lines


def _tie_lines(ties: list[dict[str, Any]]) -> list[str]:
    if not ties:
        return ["- None."]
    lines = []
    for tie in ties:
        way = {("to",): "→ ", ("from",): "← ", ("from", "to"): "↔ "}.get(
            tuple(tie["directions"]), ""
        )
        lines.append(
            f"- {way}**{tie['actor']}** (weight {_number(tie['weight'])}, "
            f"{_items(tie['count'])}): {_quote(tie['evidence'])}"
        )
    return lines


def actor_markdown(
    G: nx.MultiDiGraph, actor: str, *, top: int = 10, weight: str = "weight"
) -> str:
    """Return one actor's allies, adversaries and co-mentioned actors as markdown.

    ``→`` marks ties from the actor, ``←`` ties towards it, ``↔`` both.

    Raises
    ------
    UnknownActor
        If ``actor`` matches no actor or alias (the message suggests names).
    """
    return actor_report(actor_data(G, actor, top=top, weight=weight))


def actor_data(
    G: nx.MultiDiGraph, actor: str, *, top: int = 10, weight: str = "weight"
) -> dict[str, Any]:
    """Return one actor's ties as plain data (what ``--actor -f json`` prints).

    ``allies``, ``adversaries`` and ``comentioned`` list at most ``top`` ties
    each; ``totals`` gives how many there are in all.
    """
    node = alliances.find_actor(G, actor)
    data = G.nodes[node]
    ties = {
        key: find(G, node, top=None, weight=weight)
        for key, find in (
            ("allies", alliances.allies),
            ("adversaries", alliances.adversaries),
            ("comentioned", alliances.comentioned),
        )
    }
    return {
        "actor": node,
        "type": data.get("type", ""),
        "aliases": sorted(data.get("aliases") or []),
        **{key: found[:top] for key, found in ties.items()},
        "totals": {key: len(found) for key, found in ties.items()},
    }


def actor_report(data: dict[str, Any], fmt: str = "md") -> str:
    """Render :func:`actor_data`: markdown (``md``/``table``), ``json`` or ``csv``."""
    _check(fmt)
    if fmt == "json":
        return _json(data)
    if fmt == "csv":
        return _csv(
            ("relation", "actor", "weight", "count", "directions", "evidence"),
            [
                [
                    key,
                    t["actor"],
                    t["weight"],
                    t["count"],
                    " ".join(t["directions"]),
                    (t["evidence"] or {}).get("sentence", ""),
                ]
                for key in ("allies", "adversaries", "comentioned")
                for t in data[key]
            ],
        )
    lines = [f"# {data['actor']}" + (f" ({data['type']})" if data["type"] else "")]
    if data["aliases"]:
        lines += ["", f"Also: {', '.join(data['aliases'])}."]
    for title, key in (
        ("Allies", "allies"),
        ("Adversaries", "adversaries"),
        ("Mentioned with", "comentioned"),
    ):
        shown, total = len(data[key]), data.get("totals", {}).get(key, len(data[key]))
        count = f"{shown} of {total}" if shown < total else str(total)
        lines += ["", f"## {title} ({count})", "", *_tie_lines(data[key])]
    return markdown_safe("\n".join(lines) + "\n")


def why_markdown(G: nx.MultiDiGraph, a: str, b: str, *, weight: str = "weight") -> str:
    """Return every piece of evidence linking actors ``a`` and ``b``, by relation.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=1, count=1,
    ...                evidence=[{"sentence": "a attacked b.", "cue": "attack"}])
    >>> print(why_markdown(G, "b", "a"))
    # b and a
    <BLANKLINE>
    ## oppose
    <BLANKLINE>
    **a** opposes **b** (weight 1, 1 item)
    <BLANKLINE>
    - “a attacked b.” [cue: attack]
    <BLANKLINE>
    """
    u, v = alliances.find_actor(G, a), alliances.find_actor(G, b)
    return why_report(u, v, alliances.why(G, u, v, weight=weight))


def why_report(
    a: str, b: str, grouped: dict[str, list[dict[str, Any]]], fmt: str = "md"
) -> str:
    """Render :func:`graphkit.graph.alliances.why` data for actors ``a`` and ``b``.

    ``md`` gives a markdown report; ``csv`` and ``table`` (aligned plain text)
    one row per evidence entry; ``json`` the data.
    """
    _check(fmt)
    if fmt == "json":
        return _json({"actors": [a, b], "relations": grouped})
    header = ("relation", "source", "target", "doc", "date", "cue", "sentence")
    rows = [
        [
            r,
            x["source"],
            x["target"],
            e.get("doc", ""),
            e.get("date") or "",
            e.get("cue", ""),
            " ".join(str(e.get("sentence", "")).split()),
        ]
        for r, links in grouped.items()
        for x in links
        for e in x["evidence"]
    ]
    if fmt == "csv":
        return _csv(header, rows)
    if fmt == "table":
        if not grouped:
            return f"No link between {a} and {b}.\n"
        capped = sum(
            x["count"] - len(x["evidence"]) for v in grouped.values() for x in v
        )
        more = f"\n... and {_items(capped)} more (evidence is capped)\n" * (capped > 0)
        return _grid(list(header), rows, fmt) + more
    lines = [f"# {a} and {b}"]
    if not grouped:
        lines += ["", "No link between them."]
    for relation, links in grouped.items():
        lines += ["", f"## {relation}"]
        for link in links:
            lines += ["", _arrow(link), ""]
            for item in link["evidence"]:
                cue = f" [cue: {item['cue']}]" if item.get("cue") else ""
                lines.append(f"- {_quote(item)}{cue}")
            if len(link["evidence"]) < link["count"]:
                lines.append(
                    f"- ... and {link['count'] - len(link['evidence'])} more "
                    f"(evidence is capped in graph.json)"
                )
    return markdown_safe("\n".join(lines) + "\n")
