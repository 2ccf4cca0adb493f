"""Parsing on Dask distributed: one pipeline per worker, batches of articles as tasks.

Workers need graphkit and the model installed; each rebuilds the
:class:`~graphkit.extract.extractor.Extractor` once (an :class:`ExtractorPlugin`
carries it, pickled as its model name and lexicon texts) and sends back plain
record dicts, never ``Doc`` objects. Dask reruns the tasks of a worker that
dies.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import islice
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from graphkit.collector import rare_collections
from graphkit.errors import GraphkitError
from graphkit.extract.extractor import ZONE_SIZE, Extractor
from graphkit.records import Article, DocRecord
from graphkit.store import article_hash

__all__ = ["ExtractorPlugin", "dask_client", "distributed_records"]

# Articles per task, parsed as one nlp.pipe batch on the worker: batches of 8
# parsed Wikinews articles about 7 % slower (CPU) than batches of 16 or 32.
TASK_SIZE = 16


@contextmanager
def dask_client(
    *, jobs: int = 2, scheduler: str | None = None, closing: ExitStack | None = None
) -> Iterator[Client]:
    """Connect to the scheduler at ``scheduler``, or start a local cluster of ``jobs``.

    The local cluster has one single-threaded worker process per job, started
    without Dask defaults that slow a parse (its task profiler, eager memory
    trimming, and monitoring many times a second: see :func:`_local_workers`),
    and is shut down on exit; a remote cluster is left running, as its workers
    were started.

    Parameters
    ----------
    closing : ExitStack, optional
        If given, a local cluster shuts down in the background from the end
        of the ``with`` block, and ``closing`` waits for it when it closes: the
        caller goes on meanwhile (a build resolves its actors while the
        workers exit, which takes a second or more of waiting).

    Raises
    ------
    GraphkitError
        If the scheduler cannot be reached or ``scheduler`` is not an address.
    """
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as err:
            # ValueError: not an address at all ("missing port number").
            raise GraphkitError(
                f"Cannot reach the Dask scheduler at {scheduler} ({err}). "
                f"Start one with `dask scheduler` or drop --scheduler."
            ) from None
        with client:
            yield client
        return
    with dask.config.set(_local_workers()):  # read as the worker processes start
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    try:
        with Client(cluster) as client:
            yield client
    finally:
        if closing is None:
            cluster.close()
        else:
            shutdown = threading.Thread(target=cluster.close, name="graphkit-shutdown")
            shutdown.start()
            closing.callback(shutdown.join)


def _local_workers() -> dict[str, Any]:
    """Dask settings for a local cluster: defaults that cost a parse, or 2 cores.

    Each worker samples the stack of its running task every 10 ms (the
    dashboard's profile, which a local build has no use for), and its process
    starts with ``MALLOC_TRIM_THRESHOLD_`` set, so glibc hands freed memory
    back to the system at once and the parser, which allocates and frees
    arrays all the time, pays for it in page faults: on 64 Wikinews articles
    on one worker, 1.5 to 1.8 s more system time (over 10 % of the parse).

    Every Dask server (the scheduler and the nannies in this process, each
    worker in its own) also wakes its event loop every 20 ms to time it, and
    polls memory every 100 ms and system counters every 500 ms, for the
    dashboard and the memory limit. On 48 articles over two workers that took
    3.8 s of CPU in 31 s (2.4 s in this process, 0.7 s in each worker) from the
    two cores the parse needs; at :data:`_MONITOR_INTERVALS` it takes 0.8 s.
    """
    spawn = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
    spawn.pop("MALLOC_TRIM_THRESHOLD_", None)
    return {
        "distributed.worker.profile.enabled": False,
        "distributed.nanny.pre-spawn-environ": spawn,
        **_MONITOR_INTERVALS,
    }


# Still often enough to stop a worker that outgrows its memory limit in time.
_MONITOR_INTERVALS = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def distributed_records(
    articles: Iterable[Article],
    *,
    client: Client,
    extractor: Extractor,
    task_size: int = TASK_SIZE,
) -> Iterator[DocRecord]:
    """Extract articles as Dask tasks, yielding records as the tasks finish.

    Each worker rebuilds ``extractor`` once, through an :class:`ExtractorPlugin`;
    tasks carry ``task_size`` articles and return plain record dicts. Only a
    few tasks per worker are in flight, so the articles are read lazily. A
    task whose worker dies is rerun by Dask; its records arrive once.

    Parameters
    ----------
    articles : iterable of Article
        Consumed lazily.
    client : distributed.Client
        Connected to the cluster to use.
    extractor : Extractor
        The extraction to run; workers must arrive at its fingerprint.

    Yields
    ------
    DocRecord
        In completion order, not input order.

    Raises
    ------
    GraphkitError
        If a worker's extractor has another fingerprint than ``extractor``, or
        workers keep dying on the same task.
    """
    plugin = ExtractorPlugin(extractor)
    client.register_plugin(plugin, name=plugin.name)
    try:
        batches = _batches(articles, task_size)
        workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
        first = islice(batches, 3 * workers)
        running = as_completed(_submit(client, batch, plugin.name) for batch in first)
        for future in running:
            made, records = _result(future)
            future.release()
            if made != extractor.fingerprint:
                raise GraphkitError(_MISMATCH)
            for batch in islice(batches, 1):
                running.add(_submit(client, batch, plugin.name))
            yield from map(DocRecord.from_dict, records)
    finally:
        client.unregister_worker_plugin(plugin.name)


def _result(future: Any) -> tuple[str, list[dict[str, Any]]]:
    try:
        return future.result()
    except KilledWorker as err:
        raise GraphkitError(
            f"Dask workers kept dying on one batch of articles ({err}); "
            f"check their memory limit and logs."
        ) from None


_MISMATCH = (
    "The Dask workers load a different pipeline than this process (model "
    "version, lexicons or graphkit code differ); install the same versions "
    "on every worker."
)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def _submit(client: Client, batch: list[Article], plugin: str) -> Any:
    key = hashlib.sha256("".join(map(article_hash, batch)).encode()).hexdigest()
    return client.submit(
        _extract_batch, [a.to_dict() for a in batch], plugin, key=f"graphkit-{key}"
    )


def _extract_batch(
    articles: list[dict[str, Any]], plugin: str
) -> tuple[str, list[dict[str, Any]]]:
    """Run on a worker: extract a batch with the pipeline its plugin loaded."""
    loaded = get_worker().plugins[plugin]
    assert isinstance(loaded, ExtractorPlugin)
    made = loaded.records(list(map(Article.from_dict, articles)))
    return loaded.extractor.fingerprint, [rec.to_dict() for rec in made]


class ExtractorPlugin(WorkerPlugin):
    """Carries an :class:`Extractor` to each Dask worker and loads its pipeline there.

    Tasks find it in ``get_worker().plugins[name]``; the name carries the
    extractor's fingerprint, so builds with other lexicons on a shared cluster
    do not collide. Unpickling on the worker rebuilds the extractor from its
    model name and lexicon texts, with the worker's own installed files.

    The worker parses its tasks one at a time (even with several threads: one
    pipeline is not to be shared) inside one ``nlp.memory_zone()``, renewed
    after about :data:`~graphkit.extract.extractor.ZONE_SIZE` articles, as in
    one process: a zone per task would throw away, after every few articles,
    the lexemes the next task needs again. Until the tokenizer's cache is full,
    though, each task first fills it outside any zone
    (:meth:`~graphkit.extract.extractor.Extractor.prime`, as one process does
    before each zone) and gets a zone of its own.
    """

    def __init__(self, extractor: Extractor) -> None:
        self.name = f"graphkit-extractor-{extractor.fingerprint[:16]}"
        self.extractor = extractor

    def setup(self, worker: Any) -> None:
        """Load the pipeline on ``worker`` (called by Dask)."""
        self.extractor.nlp  # noqa: B018 (loaded once here, not in the first task)
        self._lock = threading.Lock()
        self._zone = ExitStack()
        self._left = 0  # articles the open zone takes before it is renewed
        self._priming = True  # the tokenizer's cache has room

    def records(self, articles: list[Article]) -> list[DocRecord]:
        """The records of ``articles``, parsed in this worker's memory zone, the
        garbage collector running as rarely as in one process."""
        with self._lock, rare_collections():
            if self._priming or self._left <= 0:
                self._zone.close()
                if self._priming:
                    self._priming = self.extractor.prime(articles)
                self._zone.enter_context(self.extractor.nlp.memory_zone())
                self._left = ZONE_SIZE
            self._left -= len(articles)
            return list(self.extractor.records_in_zone(articles))

    def teardown(self, worker: Any) -> None:
        """Free the memory zone (called by Dask when the build is done)."""
        with self._lock:
            self._zone.close()
