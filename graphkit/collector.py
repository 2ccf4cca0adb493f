"""The pace of Python's cyclic garbage collector while graphkit builds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# New objects between two runs of the cyclic garbage collector (see
# rare_collections).
GC_BATCH = 50_000


@contextmanager
def rare_collections() -> Iterator[None]:
    """Run the cyclic garbage collector once every 50,000 new objects, not 700.

    Resolving, building and writing a graph make hundreds of thousands of
    objects that live to the end (statistics, the graph and its evidence)
    and few reference cycles (the networkx graphs metrics make in passing).
    At Python's default the collector goes over the long-lived ones again
    and again: on 295 Wikinews articles, 13 % of the CPU of a rebuild that
    writes every output and 20 % of one with nothing new, 2 to 3 % this way.
    Parsing and recording too (in one process as on a Dask worker): each
    record is kept to the end of the build, and the model's objects live as
    long as the process, so each full collection walks more of them for
    nothing (the documents themselves are freed by their reference counts,
    not by the collector). What waits for a run stays bounded by the batch,
    whatever the corpus.

    Examples
    --------
    >>> import gc
    >>> with rare_collections():
    ...     gc.get_threshold()[0] >= GC_BATCH
    True
    """
    previous = gc.get_threshold()
    first = max(previous[0], GC_BATCH) if previous[0] else 0  # 0: collection off
    gc.set_threshold(first, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
