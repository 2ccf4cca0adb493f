"""Dated ties: time slices, one graph per period, and timelines of counts."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graphkit.errors import GraphFileError, StoreError, UndatedGraph
from graphkit.graph.alliances import find_actor
from graphkit.graph.build import build_graph
from graphkit.records import Actor, DocRecord, Resolution
from graphkit.store import Store

__all__ = [
    "PERIODS",
    "UNDATED",
    "UNDATED_MESSAGE",
    "is_dated",
    "require_dates",
    "parse_date_bound",
    "period_bounds",
    "period_of",
    "slice_graph",
    "with_full_evidence",
    "store_evidence",
    "split_graph",
    "periods",
    "timeline",
]

Period = Literal["day", "week", "month"]
PERIODS: tuple[str, ...] = ("day", "week", "month")
UNDATED = "undated"
RELATIONS = ("co_mention", "support", "oppose")
UNDATED_MESSAGE = (
    "The articles of this graph are undated, so nothing falls in a time window. "
    "Date them and build again: a 'date' field in JSONL or CSV input, a date line "
    "at the top of an article, or a dated dateline ('WASHINGTON, Jan 5 (Reuters) -', "
    "with --year YYYY when it gives no year)."
)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date_bound(value: str | dt.date, *, end: bool = False) -> str:
    """Return ``value`` as an ISO ``YYYY-MM-DD`` string.

    ``YYYY-MM`` and ``YYYY`` name a whole month or year: their first day, or
    their last day when ``end`` is true (so ``until="2020-03"`` covers March).

    Raises
    ------
    ValueError
        If ``value`` is not a date in one of those forms.

    Examples
    --------
    >>> parse_date_bound("2020-1-5"), parse_date_bound("2020-02", end=True)
    ('2020-01-05', '2020-02-29')
    >>> parse_date_bound("2021")
    '2021-01-01'
    """
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day).isoformat()
    match = _DATE.fullmatch(str(value).strip())
    if match is None:
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY.")
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    try:
        if month is None:
            return (dt.date(year, 12, 31) if end else dt.date(year, 1, 1)).isoformat()
        if day is None:
            day = calendar.monthrange(year, month)[1] if end else 1
        return dt.date(year, month, day).isoformat()
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"{value!r} is not a valid calendar date.") from None


def period_of(date: str, by: Period = "month") -> str:
    """Return the day, ISO week or month holding the ISO ``date``.

    Weeks are ISO weeks. ``"undated"`` stays ``"undated"``.

    Examples
    --------
    >>> [period_of("2020-01-05", by) for by in PERIODS]
    ['2020-01-05', '2020-W01', '2020-01']
    """
    if date == UNDATED:
        return UNDATED
    if by == "day":
        return date
    if by == "month":
        return date[:7]
    if by == "week":
        year, week, _ = dt.date.fromisoformat(date).isocalendar()
        return f"{year}-W{week:02d}"
    raise ValueError(f"by must be one of {PERIODS}, not {by!r}")


def period_bounds(period: str) -> tuple[str, str]:
    """Return the first and last ISO day of a period made by :func:`period_of`."""
    if "-W" in period:
        year, week = period.split("-W")
        start = dt.date.fromisocalendar(int(year), int(week), 1)
        return start.isoformat(), (start + dt.timedelta(days=6)).isoformat()
    return parse_date_bound(period), parse_date_bound(period, end=True)


def _date_counts(data: Mapping[str, Any]) -> dict[str, float]:
    """Evidence items per date of a link (``"undated"`` included).

    Uses the exact ``date_counts`` when present. Otherwise tallies the stored
    evidence and scales it up to ``count``, which is exact unless the evidence
    list was capped (then it is an estimate).
    """
    if "date_counts" in data:
        return dict(data["date_counts"])
    evidence = data.get("evidence") or []
    if not evidence:
        return {UNDATED: data.get("count", 0)}
    scale = data.get("count", len(evidence)) / len(evidence)
    tally = Counter(item.get("date") or UNDATED for item in evidence)
    return {date: n * scale for date, n in tally.items()}


def _date_weights(
    data: Mapping[str, Any], counts: Mapping[str, float]
) -> dict[str, float]:
    """Weight per date: ``date_weights`` when present, else weight spread over items."""
    if "date_weights" in data:
        return dict(data["date_weights"])
    total = sum(counts.values())
    per_item = data.get("weight", total) / total if total else 0.0
    return {date: n * per_item for date, n in counts.items()}


def _inside(date: str, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if date == UNDATED:
        return False
    return (since is None or date >= since) and (until is None or date <= until)


def _number(value: float) -> int | float:
    value = round(value, 6)
    return int(value) if value == int(value) else value


def _slice_link(data: Mapping[str, Any], since: str | None, until: str | None):
    """Return one link's attributes cut to the window, or None if nothing is left."""
    all_counts = _date_counts(data)
    counts = {d: n for d, n in all_counts.items() if _inside(d, since, until)}
    count = round(sum(counts.values()))
    if count == 0:
        return None
    all_weights = _date_weights(data, all_counts)
    weight = _number(sum(all_weights.get(d, 0) for d in counts))
    dated = sorted(d for d in counts if d != UNDATED)
    link = dict(data)
    link.update(
        count=count,
        weight=weight,
        first_date=dated[0] if dated else None,
        last_date=dated[-1] if dated else None,
        evidence=[
            item
            for item in data.get("evidence") or []
            if _inside(item.get("date") or UNDATED, since, until)
        ],
    )
    for name in ("date_counts", "date_weights"):
        if name in data:
            link[name] = {d: data[name][d] for d in sorted(counts) if d in data[name]}
    if "intensity" in data and data.get("weight"):
        link["intensity"] = _number(data["intensity"] * weight / data["weight"])
    if since is not None or until is not None:
        # Co-occurrence normalisations need window totals the graph does not keep.
        link.pop("jaccard", None)
        link.pop("npmi", None)
    return link


def slice_graph(
    G: nx.MultiDiGraph,
    *,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    keep_isolated: bool = False,
) -> nx.MultiDiGraph:
    """Return the graph of the evidence dated inside ``[since, until]``.

    Each link keeps only its evidence inside the window; ``count``, ``weight``,
    ``first_date``, ``last_date``, ``date_counts``, ``date_weights`` and a stance
    link's ``intensity`` are recomputed from it, and links with none left are
    dropped. With a window, undated evidence is left out.

    Parameters
    ----------
    G : nx.MultiDiGraph
        A graphkit graph (graph.json contract). Not modified.
    since, until : str or datetime.date, optional
        Inclusive bounds; ``YYYY-MM`` / ``YYYY`` mean the whole month / year.
        Leave one out for an open-ended window.
    keep_isolated : bool
        Keep actors with no tie left in the window.

    Returns
    -------
    nx.MultiDiGraph
        A new graph with graph attributes ``since`` and ``until`` added.

    Raises
    ------
    ValueError
        If a bound is not a date, or ``since`` is after ``until``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("A", "B", key="co_mention", relation="co_mention", weight=3,
    ...                count=3, date_counts={"2020-01-02": 1, "2020-02-03": 2})
    >>> S = slice_graph(G, since="2020-02")
    >>> link = S.edges["A", "B", "co_mention"]
    >>> link["count"], link["first_date"]
    (2, '2020-02-03')

    Notes
    -----
    Counts are exact for graphs with ``date_counts`` (every graphkit build). The
    stored evidence list is capped, so the slice keeps the stored items that fall
    in the window, not necessarily all of them. Node attributes (``mentions``,
    ``documents``) and stance ``kinds`` are corpus-wide totals and are copied
    unchanged. With a window, co-mention ``jaccard`` and ``npmi`` are dropped
    (they need per-window totals the graph does not keep), and the graph's
    ``documents`` counts the articles among the kept evidence (a lower bound
    when evidence was capped; exact if the graph has a graph-level
    ``date_counts`` of articles per date).
    """
    since = None if since is None else parse_date_bound(since)
    until = None if until is None else parse_date_bound(until, end=True)
    if since is not None and until is not None and since > until:
        raise ValueError(f"The window starts ({since}) after it ends ({until}).")
    links = G.edges(keys=True, data=True)
    return _sliced(G, links, since, until, keep_isolated=keep_isolated)


def _sliced(G, links, since, until, *, keep_isolated=False) -> nx.MultiDiGraph:
    """Build the slice of ``G`` from ``links`` (some or all of its edges)."""
    S = nx.MultiDiGraph(**G.graph)
    S.graph.update(since=since, until=until)
    kept = [
        (u, v, key, link)
        for u, v, key, data in links
        if (link := _slice_link(data, since, until)) is not None
    ]
    ends = {node for u, v, *_ in kept for node in (u, v)}
    S.add_nodes_from(
        (n, d) for n, d in G.nodes(data=True) if keep_isolated or n in ends
    )
    S.add_edges_from(kept)
    if since is not None or until is not None:
        S.graph.update(_window_documents(G, S, since, until))
    return S


def _window_documents(G, S, since, until) -> dict[str, Any]:
    """Graph-level ``documents``, ``undated`` and ``date_counts`` of a window.

    Exact from a graph-level ``date_counts`` (documents per date) when the graph
    has one; otherwise the distinct articles among the stored evidence kept.
    """
    if "date_counts" in G.graph:
        counts = {
            d: n for d, n in G.graph["date_counts"].items() if _inside(d, since, until)
        }
        return {"documents": sum(counts.values()), "undated": 0, "date_counts": counts}
    evidence = (item for *_, ev in S.edges(data="evidence") for item in ev or [])
    return {"documents": len({item.get("doc") for item in evidence}), "undated": 0}


def is_dated(G: nx.MultiDiGraph) -> bool:
    """Whether any article or evidence item of ``G`` has a date.

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents=2, undated=2, date_counts={"undated": 2})
    >>> is_dated(G)
    False
    """
    if "date_counts" in G.graph:
        return any(d != UNDATED for d in G.graph["date_counts"])
    return any(
        d != UNDATED for *_, data in G.edges(data=True) for d in _date_counts(data)
    )


def require_dates(G: nx.MultiDiGraph) -> None:
    """Raise :class:`UndatedGraph` unless ``G`` has dated articles.

    Raises
    ------
    UndatedGraph
        Saying how to give articles dates.
    """
    if not is_dated(G):
        raise UndatedGraph(UNDATED_MESSAGE)


def with_full_evidence(
    S: nx.MultiDiGraph, records: Iterable[DocRecord]
) -> tuple[nx.MultiDiGraph, int]:
    """Return ``S`` with every link's full evidence rebuilt from the corpus records.

    ``S`` is a graphkit graph or a slice of one (:func:`slice_graph`);
    ``records`` the extracted records of its corpus, as a build's corpus store
    holds them (see ``graphkit.store.Store``). The records dated inside the
    slice's window (``since``/``until``; all of them for a whole graph) are
    linked again with the actors of ``S`` (each node's id and aliases), and
    each link of ``S`` takes every evidence item of its rebuilt twin, in date
    order, instead of its stored, capped list.

    A link whose twin has another count (the graph was corrected, or the
    records are of another corpus) keeps its stored evidence; the second
    value returned counts those links.

    Examples
    --------
    >>> from graphkit.records import Article, DocRecord, Mention
    >>> def rec(doc, date):
    ...     text = "Chad met Niger."
    ...     ms = (Mention(doc, 0, 0, 0, 4, "Chad", "GPE", "Chad", "state"),
    ...           Mention(doc, 0, 0, 9, 14, "Niger", "GPE", "Niger", "state"))
    ...     return DocRecord(Article(doc, text, date=date), (text,), (0,), ms)
    >>> res = Resolution((Actor("Chad", "state", ("Chad",)),
    ...                   Actor("Niger", "state", ("Niger",))),
    ...                  {"Chad": "Chad", "Niger": "Niger"})
    >>> records = [rec(f"d{i}", f"2020-01-{i + 1:02d}") for i in range(5)]
    >>> G = build_graph(records, res, max_evidence=1)
    >>> S, kept = with_full_evidence(slice_graph(G, since="2020-01-02"), records)
    >>> [e["doc"] for e in S.edges["Chad", "Niger", "co_mention"]["evidence"]], kept
    (['d1', 'd2', 'd3', 'd4'], 0)
    """
    since, until = S.graph.get("since"), S.graph.get("until")
    claims: dict[str, set[str]] = defaultdict(set)
    for node, data in S.nodes(data=True):
        for alias in data.get("aliases") or []:
            claims[alias].add(node)
    # A surface form several actors share ("Senate" of "senate" and "Philippine
    # senate") goes to the one it names, if any; an id names its own node.
    actor_of = {
        alias: next(iter(nodes)) if len(nodes) == 1 else _named(alias, nodes)
        for alias, nodes in claims.items()
    }
    actor_of = {alias: node for alias, node in actor_of.items() if node}
    actor_of.update((node, node) for node in S)
    resolution = Resolution(
        tuple(Actor(n, d.get("type", "")) for n, d in S.nodes(data=True)), actor_of
    )
    inside = (r for r in records if _inside(r.article.date or UNDATED, since, until))
    window = S.graph.get("window", "sentence")
    W = build_graph(inside, resolution, window=window, max_evidence=sys.maxsize)
    full = S.copy()
    kept = 0
    for u, v, key, data in full.edges(keys=True, data=True):
        twin = W.get_edge_data(u, v, key)
        if twin is not None and twin["count"] == data.get("count"):
            data["evidence"] = twin["evidence"]
        else:
            kept += 1
    return full, kept


def _named(alias: str, nodes: set[str]) -> str:
    """The one node of ``nodes`` whose id is ``alias`` up to case, or ``""``."""
    same = [n for n in nodes if n.casefold() == alias.casefold()]
    return same[0] if len(same) == 1 else ""


def store_evidence(S: nx.MultiDiGraph, store: str | Path) -> nx.MultiDiGraph:
    """Return ``S`` (a graph or a slice) with full evidence read from its corpus store.

    The records are those the build of ``S`` stored in ``store`` (a build's
    ``corpus.sqlite``) under the graph's ``fingerprint``; see
    :func:`with_full_evidence`. Links whose count the records do not give
    keep their stored evidence, with a warning.

    Raises
    ------
    GraphFileError
        If the graph has no ``fingerprint`` (built before graphs had one).
    StoreError
        If ``store`` is not a graphkit store or holds none of its records.
    """
    fingerprint = S.graph.get("fingerprint")
    if not fingerprint:
        raise GraphFileError(
            "This graph does not name the records of its build (no 'fingerprint'; "
            "it predates them): build it again, then use --store."
        )
    with Store(store, fingerprint=fingerprint) as opened:
        if not len(opened):
            raise StoreError(
                f"{store} holds no records of this graph's build (another model, "
                f"lexicon or graphkit version); give the store that build wrote."
            )
        full, kept = with_full_evidence(S, opened)
    if kept:
        warnings.warn(
            f"{kept} links keep their stored evidence only: the store's records "
            f"count them differently (corrections, or another corpus's articles).",
            stacklevel=2,
        )
    return full


def split_graph(
    G: nx.MultiDiGraph, date: str | dt.date
) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """Split ``G`` into the graph before ``date`` and the graph from ``date`` on.

    Undated evidence is in neither half.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("A", "B", key="co_mention", relation="co_mention", weight=2,
    ...                count=2, date_counts={"2020-01-02": 1, "2020-02-03": 1})
    >>> [H.number_of_edges() for H in split_graph(G, "2020-03-01")]
    [1, 0]
    """
    start = dt.date.fromisoformat(parse_date_bound(date))
    before = slice_graph(G, until=(start - dt.timedelta(days=1)).isoformat())
    return before, slice_graph(G, since=start.isoformat())


def periods(G: nx.MultiDiGraph, *, by: Period = "month") -> dict[str, nx.MultiDiGraph]:
    """Return one sliced graph per period that has dated evidence, in date order.

    Each graph has the graph attribute ``period`` (e.g. ``"2020-01"``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("A", "B", key="co_mention", relation="co_mention", weight=2,
    ...                count=2, date_counts={"2020-01-02": 1, "2020-03-03": 1})
    >>> list(periods(G))
    ['2020-01', '2020-03']
    """
    links: dict[str, list[tuple]] = defaultdict(list)
    for link in G.edges(keys=True, data=True):
        for period in {period_of(d, by) for d in _date_counts(link[3]) if d != UNDATED}:
            links[period].append(link)
    out = {}
    for period in sorted(links):
        out[period] = _sliced(G, links[period], *period_bounds(period))
        out[period].graph["period"] = period
    return out


def _links(G: nx.MultiDiGraph, actor: str | None, pair: Iterable[str] | None):
    """The links touching ``actor`` or joining ``pair`` (all links if neither)."""
    if pair is not None:
        a, b = (find_actor(G, n) for n in pair)
        return [d for u, v, d in G.edges(data=True) if {u, v} == {a, b}]
    if actor is not None:
        node = find_actor(G, actor)
        return [d for u, v, d in G.edges(data=True) if node in (u, v)]
    return [d for *_, d in G.edges(data=True)]


def timeline(
    G: nx.MultiDiGraph,
    *,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    by: Period = "month",
) -> list[dict[str, Any]]:
    """Count evidence per period and relation for an actor's ties, a pair's, or all.

    Parameters
    ----------
    G : nx.MultiDiGraph
        A graphkit graph.
    actor : str, optional
        Count the ties touching this actor (id, label or alias, any case).
    pair : (str, str), optional
        Count the ties between these two actors, in either direction.
    by : {"day", "week", "month"}
        Period length; weeks are ISO weeks (``2020-W03``).

    Returns
    -------
    list of dict
        One row per period from the first to the last with evidence, in date
        order (periods without evidence count zeros), with ``period`` and one
        count per relation (``co_mention``, ``support``, ``oppose``, then any
        other); undated evidence is a last row with period ``"undated"``.

    Raises
    ------
    UnknownActor
        If a name matches no actor.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("A", "B", key="oppose", relation="oppose", weight=4,
    ...                count=3, date_counts={"2020-01-02": 1, "2020-01-20": 2})
    >>> timeline(G, actor="A")
    [{'period': '2020-01', 'co_mention': 0, 'support': 0, 'oppose': 3}]
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}, not {by!r}")
    tally: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    relations = list(RELATIONS)
    for data in _links(G, actor, pair):
        relation = data.get("relation", "co_mention")
        if relation not in relations:
            relations.append(relation)
        for date, n in _date_counts(data).items():
            tally[period_of(date, by)][relation] += n
    dated = sorted(p for p in tally if p != UNDATED)
    order = _period_range(dated[0], dated[-1], by) if dated else []
    order += [UNDATED] * (UNDATED in tally)
    return [{"period": p, **{r: round(tally[p][r]) for r in relations}} for p in order]


def _period_range(first: str, last: str, by: Period) -> list[str]:
    """Every period from ``first`` to ``last`` (made by :func:`period_of`), in order.

    Examples
    --------
    >>> _period_range("2020-11", "2021-02", "month")
    ['2020-11', '2020-12', '2021-01', '2021-02']
    >>> _period_range("2020-W52", "2021-W01", "week")
    ['2020-W52', '2020-W53', '2021-W01']
    """
    found = [first]
    while found[-1] != last:
        end = dt.date.fromisoformat(period_bounds(found[-1])[1])
        found.append(period_of((end + dt.timedelta(days=1)).isoformat(), by))
    return found
