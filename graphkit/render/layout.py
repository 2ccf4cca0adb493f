"""Where the page draws each actor: a fast force layout, stable across rebuilds."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np

__all__ = ["layout"]

AREA = 3.0
PULL = 2.0

SPACING = 40.0
"""Page units (CSS pixels at zoom 1) per layout unit; neighbours sit about 1-2 apart."""

DIRECT_LIMIT = 32
"""Up to this many new actors in a warm start, their repulsion is summed directly."""


def layout(
    G: nx.Graph,
    *,
    previous: Mapping[Hashable, tuple[float, float]] | None = None,
    seed: int | None = 42,
    weight: str = "weight",
    iterations: int = 80,
) -> dict[Hashable, tuple[float, float]]:
    """Return a position in page units for every node of ``G``, computed once.

    A ForceAtlas2-style layout (repulsion by degree, linear attraction by
    ``log1p(weight)``, gravity by degree) in numpy: ties between nearby actors
    (same or adjacent grid cell) repel exactly and far cells repel through their
    centre of mass, so one step costs about O(n) rather than O(n²) and 3,000
    actors take well under a second. Actors found in ``previous`` keep their
    positions exactly and new actors start next to their known neighbours, so a
    rebuild as news arrives adds to the picture without reshuffling it. When
    at most :data:`DIRECT_LIMIT` actors are new, only they move, and the
    repulsion on them is summed over every actor directly (the same softened
    force, without the grid): a rebuild that adds an article or two then
    costs milliseconds, not a grid's Fourier transforms per step.

    Parameters
    ----------
    G : nx.Graph
        The ties to lay out (any networkx graph; direction and keys are ignored).
        It is not modified.
    previous : mapping, optional
        Positions from an earlier build (see :func:`read_positions`), in page units.
        Nodes of ``previous`` that are not in ``G`` are ignored.
    seed : int or None
        Seed for the starting positions of new actors.
    weight : str
        Edge attribute that pulls actors together (summed over parallel links).
    iterations : int
        Number of steps; a warm start with few new actors needs far fewer to settle.

    Returns
    -------
    dict
        ``{node: (x, y)}`` rounded to 0.1, the same for the same inputs.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> pos = layout(G, seed=1)
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout(G, seed=1)
    True
    >>> G.add_edge("c", "d")
    >>> again = layout(G, previous=pos, seed=5)
    >>> all(again[n] == pos[n] for n in "abc")
    True
    """
    nodes = sorted(G, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs: dict[tuple[int, int], float] = {}
    for u, v, w in G.edges(data=weight, default=1.0):
        i, j = sorted((index[u], index[v]))
        if i != j:
            pairs[i, j] = pairs.get((i, j), 0.0) + _finite(w)
    src = np.fromiter((i for i, _ in pairs), dtype=np.intp, count=len(pairs))
    dst = np.fromiter((j for _, j in pairs), dtype=np.intp, count=len(pairs))
    strength = PULL * np.log1p(
        np.fromiter(pairs.values(), dtype=float, count=len(pairs))
    )
    mass = 1.0 + np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    # Linear gravity balances repulsion at a disc of about AREA units per actor.
    gravity = float(mass.mean()) / AREA
    known = {node: p for node, p in (previous or {}).items() if node in index}
    fixed = np.zeros(n, dtype=bool)
    for node in known:
        fixed[index[node]] = True
    xy = _start(n, src, dst, fixed, known, index, seed)
    if fixed.all():
        return {node: known[node] for node in nodes}
    # A warm start only places the newcomers: a short, cool run is enough.
    steps = iterations if not fixed.any() else max(20, iterations // 2)
    heat = math.sqrt(n) / 4 if not fixed.any() else 2.0
    side = min(2 ** round(math.log2(max(2 * math.sqrt(n), 32))), 256)
    loose = np.flatnonzero(~fixed)
    kernels = _kernels(side) if len(loose) > DIRECT_LIMIT else None
    for _ in range(steps):
        force = (
            _repulsion(xy, mass, kernels)
            if kernels is not None
            else _repulsion_on(loose, xy, mass, side)
        )
        pull = (xy[dst] - xy[src]) * strength[:, None]
        for axis in range(2):
            force[:, axis] += np.bincount(src, pull[:, axis], n)
            force[:, axis] -= np.bincount(dst, pull[:, axis], n)
        force -= xy * (gravity * mass)[:, None]
        step = force / mass[:, None]
        length = np.maximum(np.hypot(step[:, 0], step[:, 1]), 1e-9)
        step *= np.minimum(1.0, heat / length)[:, None]
        step[fixed] = 0.0
        xy += step
        heat = max(heat * 0.94, 0.05)
    return {
        node: known.get(node)
        or (round(float(xy[i, 0]) * SPACING, 1), round(float(xy[i, 1]) * SPACING, 1))
        for i, node in enumerate(nodes)
    }


def _start(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    fixed: np.ndarray,
    known: Mapping[Hashable, tuple[float, float]],
    index: Mapping[Hashable, int],
    seed: int | None,
) -> np.ndarray:
    """Start positions (layout units): known ones, new ones by known neighbours."""
    rng = np.random.default_rng(seed)
    xy = (rng.random((n, 2)) - 0.5) * 2 * math.sqrt(n)
    if not fixed.any():
        return xy
    for node, (x, y) in known.items():
        xy[index[node]] = (x / SPACING, y / SPACING)
    centre = xy[fixed].mean(axis=0)
    spread = max(float(np.abs(xy[fixed] - centre).max()), 1.0)
    loose = ~fixed
    xy[loose] = centre + (rng.random((int(loose.sum()), 2)) - 0.5) * 2 * spread
    total = np.zeros((n, 2))
    count = np.zeros(n)
    for a, b in ((src, dst), (dst, src)):
        anchored = fixed[b]
        for axis in range(2):
            total[:, axis] += np.bincount(a[anchored], xy[b[anchored], axis], n)
        count += np.bincount(a[anchored], minlength=n)
    near = loose & (count > 0)
    jitter = rng.random((int(near.sum()), 2)) - 0.5
    xy[near] = total[near] / count[near, None] + jitter
    return xy


def _kernels(m: int) -> tuple[np.ndarray, np.ndarray]:
    """Spectra of the repulsion kernel ``d / (|d|² + 1)`` on a ``2m`` grid, by axis.

    In grid units the kernel does not depend on the cell size ``h``: the force
    in layout units is this one divided by ``h``.
    """
    offsets = np.fft.ifftshift(np.arange(-m, m))
    ox, oy = np.meshgrid(offsets, offsets, indexing="ij")
    soft = ox * ox + oy * oy + 1.0
    return np.fft.rfft2(ox / soft), np.fft.rfft2(oy / soft)


def _repulsion(
    xy: np.ndarray, mass: np.ndarray, kernels: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """Degree-weighted 1/d repulsion on each node, through a grid and an FFT.

    Masses are spread on an m x m grid (cloud in cell), convolved with the
    softened kernel and read back at each node, so a step costs
    O(n + m² log m) instead of O(n²).
    """
    n = len(xy)
    m = kernels[0].shape[0] // 2
    lo, h = _grid(xy, m)
    grid = (xy - lo) / h
    base = np.minimum(grid.astype(np.intp), m - 2)
    frac = grid - base
    cells, weights = [], []
    for dx in (0, 1):
        for dy in (0, 1):
            wx = frac[:, 0] if dx else 1 - frac[:, 0]
            wy = frac[:, 1] if dy else 1 - frac[:, 1]
            cells.append((base[:, 0] + dx) * (2 * m) + base[:, 1] + dy)
            weights.append(wx * wy)
    cell = np.concatenate(cells)
    weight = np.concatenate(weights)
    density = np.bincount(cell, weight * np.tile(mass, 4), 4 * m * m)
    spectrum = np.fft.rfft2(density.reshape(2 * m, 2 * m))
    force = np.empty((n, 2))
    for axis, kernel in enumerate(kernels):
        field = np.fft.irfft2(spectrum * kernel, (2 * m, 2 * m)).ravel()
        force[:, axis] = (weight * field[cell]).reshape(4, n).sum(axis=0)
    return force * (mass / h)[:, None]


def _grid(xy: np.ndarray, m: int) -> tuple[np.ndarray, float]:
    """The lower corner of an ``m`` x ``m`` grid over ``xy`` and its cell side
    (the softening length)."""
    lo = xy.min(axis=0)
    return lo, max(float((xy.max(axis=0) - lo).max()), 1e-6) / (m - 1)


def _repulsion_on(
    movers: np.ndarray, xy: np.ndarray, mass: np.ndarray, m: int
) -> np.ndarray:
    """The repulsion of :func:`_repulsion` on the nodes ``movers``, summed directly.

    In layout units the grid's kernel is ``m_i m_j d / (|d|² + h²)`` for a cell
    side ``h``; summed over every node, without the grid's spreading of masses
    over cells. Rows of other nodes are zero (they do not move).
    """
    force = np.zeros_like(xy)
    d = xy[movers, None, :] - xy[None, :, :]
    soft = (d * d).sum(axis=2) + _grid(xy, m)[1] ** 2
    pushes = (mass[None, :] / soft)[:, :, None] * d
    force[movers] = pushes.sum(axis=1) * mass[movers, None]
    return force


def _finite(value: object) -> float:
    """Return ``value`` as a non-negative finite float (0.0 for missing or NaN)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) and number > 0 else 0.0
