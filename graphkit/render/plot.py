"""Drawing timeline counts as a stacked bar chart (PNG or SVG)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from graphkit.errors import MissingComponent
from graphkit.files import atomic_write
from graphkit.graph.time import UNDATED, period_bounds

__all__ = ["plot_timeline"]

_COLOURS = {"co_mention": "#9e9e9e", "support": "#2e7d32", "oppose": "#c62828"}


def _period_start(period: str) -> dt.date:
    return dt.date.fromisoformat(period_bounds(period)[0])


def plot_timeline(
    rows: list[dict[str, Any]], path: str | Path, *, title: str = ""
) -> None:
    """Draw timeline rows as stacked bars per relation into a PNG or SVG file.

    ``rows`` are those of :func:`graphkit.graph.time.timeline`.

    Bars sit on a date axis (gaps between periods show); undated evidence is left
    out. The file is written atomically.

    Raises
    ------
    ValueError
        If ``path`` does not end in ``.png`` or ``.svg``.
    MissingComponent
        If matplotlib is not installed.
    """
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"Cannot plot to {path}: use a .png or .svg file name.")
    try:
        from matplotlib.figure import Figure  # heavy; only plots need it
    except ImportError:
        raise MissingComponent(
            "Plots need matplotlib, which is not installed: pip install matplotlib"
        ) from None

    dated = [row for row in rows if row["period"] != UNDATED]
    starts = [_period_start(row["period"]) for row in dated]
    width = {10: 0.8, 8: 5.5}.get(len(dated[0]["period"]), 24) if dated else 1
    fig = Figure(figsize=(9, 3.5), layout="constrained")
    ax = fig.add_subplot()
    bottom = [0] * len(dated)
    for relation in [k for k in (rows[0] if rows else {}) if k != "period"]:
        heights = [row[relation] for row in dated]
        if not any(heights):
            continue
        ax.bar(
            starts,  # type: ignore[arg-type]  # dates: matplotlib converts them
            heights,
            width=width,
            bottom=bottom,
            label=relation,
            color=_COLOURS.get(relation),
            align="edge",
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel("evidence items")
    ax.set_title(title or "Ties over time")
    if dated:
        ax.legend(loc="upper left", frameon=False)
    else:
        ax.text(0.5, 0.5, "no dated evidence", ha="center", transform=ax.transAxes)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt)
    atomic_write(path, buffer.getvalue())
