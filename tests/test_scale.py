"""Extraction on a real Dask cluster: the serial records, even when a worker dies."""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit.corpus import corpus_records
from graphkit.dask_runner import ExtractorPlugin, dask_client, distributed_records
from graphkit.records import Article

WIKINEWS = Path(__file__).resolve().parent.parent.parent / "shared/corpora/wikinews"
needs_wikinews = pytest.mark.skipif(
    not WIKINEWS.is_dir(), reason="shared Wikinews corpus absent"
)


def _wikinews(n: int) -> list[Article]:
    """The first ``n`` Wikinews articles of 2020, cut to a few paragraphs each."""
    csv.field_size_limit(sys.maxsize)
    with (WIKINEWS / "wikinews_2020.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:n]
    return [
        Article(
            f"wn-{i}",
            "\n\n".join(r["text"].split("\n\n")[1:6]).strip()[:1500],
            title=r["title"],
            date=r["date"],
        )
        for i, r in enumerate(rows)
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dask(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parent.parent,
        env=os.environ.copy(),
    )


@pytest.fixture(scope="module")
def cluster():
    """A real ``dask scheduler`` and two single-threaded ``dask worker`` processes.

    Shared by the tests of this module; the test that kills a worker comes last.
    """
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    procs = {
        "scheduler": _dask(
            "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"
        )
    }
    try:
        for name in ("w0", "w1"):
            procs[name] = _dask(
                "worker",
                address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--name",
                name,
                "--host",
                "127.0.0.1",
                "--no-dashboard",
            )
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
            yield address, client, procs
    finally:
        for proc in reversed(procs.values()):
            proc.kill()
            proc.wait()


@needs_wikinews
@pytest.mark.slow
@pytest.mark.model
def test_scale_scheduler_records_equal_serial_records(extractor, cluster):
    address, _, _ = cluster
    articles = _wikinews(4)
    with corpus_records(articles, extractor=extractor) as serial:
        expected = list(serial)
    with corpus_records(articles, extractor=extractor, scheduler=address) as remote:
        assert remote.parsed == 4
        assert list(remote) == expected
    assert any(rec.mentions for rec in expected)


@needs_wikinews
@pytest.mark.slow
@pytest.mark.model
def test_scale_cluster_graph_json_is_byte_identical(extractor, cluster, tmp_path):
    from graphkit.pipeline import build

    corpus = tmp_path / "wikinews.jsonl"
    corpus.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in _wikinews(6)))
    build([corpus], tmp_path / "serial", extractor=extractor, cache=False)
    build([corpus], tmp_path / "cluster", extractor=extractor, scheduler=cluster[0])
    serial = (tmp_path / "serial" / "graph.json").read_bytes()
    assert (tmp_path / "cluster" / "graph.json").read_bytes() == serial
    assert json.loads(serial)["links"]


@needs_wikinews
@pytest.mark.slow
@pytest.mark.model
def test_scale_local_cluster_is_gone_when_its_records_are(extractor):
    import multiprocessing

    articles = _wikinews(4)
    with corpus_records(articles, extractor=extractor) as serial:
        expected = list(serial)
    with corpus_records(articles, extractor=extractor, jobs=2) as local:
        assert local.parsed == 4
        assert list(local) == expected
    # The workers shut down in the background while the records were read.
    assert multiprocessing.active_children() == []


@pytest.fixture(scope="module")
def zoned():
    """An extractor whose pipeline parses only inside memory zones here: the
    session's ``Extractor.records`` keeps the words it gives the tokenizer's
    cache for good, and so would leave these tests no new words; and its
    tokenizer caches nothing, so a worker never primes it outside its zone."""
    from graphkit.extract.extractor import Extractor

    extractor = Extractor()
    extractor.nlp.tokenizer.max_cache_size = 0
    return extractor


def _new_words(extractor, articles: list[Article]) -> set[str]:
    """Words of ``articles[0]`` in no other article and not yet in the vocabulary."""
    words = set(re.findall(r"[A-Za-z]+", articles[0].text))
    for article in articles[1:]:
        words -= set(re.findall(r"[A-Za-z]+", article.text))
    return {w for w in words if w not in extractor.nlp.vocab.strings}


def _two_tasks(extractor, articles: list[Article]):
    """Run ``articles`` as two tasks through a worker's plugin of ``extractor``.

    Returns its records, the new words of ``articles[0]`` interned by the first
    task, whether the second task kept them, and the vocabulary's strings.
    """
    strings = extractor.nlp.vocab.strings
    words = _new_words(extractor, articles)
    plugin = ExtractorPlugin(extractor)
    plugin.setup(worker=None)
    try:
        got = plugin.records(articles[:2])
        interned = {w for w in words if w in strings}
        got += plugin.records(articles[2:])
        kept = all(w in strings for w in interned)
    finally:
        plugin.teardown(worker=None)
    return got, interned, kept, strings


@needs_wikinews
@pytest.mark.model
def test_scale_worker_keeps_its_memory_zone_across_tasks(extractor, zoned):
    articles = _wikinews(4)
    got, interned, kept, strings = _two_tasks(zoned, articles)
    assert interned and kept  # the next task kept them
    assert not any(w in strings for w in interned)  # freed with the zone
    assert got == list(extractor.records(articles))


@needs_wikinews
@pytest.mark.model
def test_scale_worker_primes_the_tokenizer_cache_outside_its_zone(extractor):
    from graphkit.extract.extractor import Extractor

    articles = _wikinews(4)
    got, interned, _, strings = _two_tasks(Extractor(), articles)
    # Tokenized before the zone, as one process does: kept, not freed with it.
    assert interned and all(w in strings for w in interned)
    assert got == list(extractor.records(articles))


@needs_wikinews
@pytest.mark.model
def test_scale_worker_renews_its_memory_zone_after_zone_size(
    extractor, zoned, monkeypatch
):
    monkeypatch.setattr("graphkit.dask_runner.ZONE_SIZE", 2)
    articles = _wikinews(4)
    strings = zoned.nlp.vocab.strings
    words = _new_words(zoned, articles)
    plugin = ExtractorPlugin(zoned)
    plugin.setup(worker=None)
    try:
        plugin.records(articles[:2])
        interned = {w for w in words if w in strings}
        got = plugin.records(articles[2:])
        assert interned and not any(w in strings for w in interned)
    finally:
        plugin.teardown(worker=None)
    assert got == list(extractor.records(articles[2:]))


@needs_wikinews
@pytest.mark.model
def test_scale_worker_collects_garbage_as_rarely_as_one_process(
    zoned, recording_thresholds
):
    import gc

    seen = recording_thresholds
    default = gc.get_threshold()
    articles = _wikinews(2)
    got, _, _, _ = _two_tasks(zoned, articles)
    assert len(seen) == len(got) == 2
    assert all(threshold[0] >= 50_000 for threshold in seen)
    assert gc.get_threshold() == default


def _worker_settings(dask_worker) -> tuple[object, dict[str, str], list[float]]:
    import dask

    callbacks = dask_worker.periodic_callbacks
    intervals = [callbacks[name].callback_time for name in ("memory_monitor", "tick")]
    profiling = dask.config.get("distributed.worker.profile.enabled")
    return profiling, dict(os.environ), intervals


@needs_wikinews
@pytest.mark.slow
@pytest.mark.model
def test_scale_local_cluster_records_equal_serial_without_profiling(extractor):
    articles = _wikinews(6)
    expected = sorted(extractor.records(articles), key=lambda rec: rec.article.id)
    with dask_client(jobs=1) as client:
        [(profiling, env, intervals)] = client.run(_worker_settings).values()
        got = distributed_records(articles, client=client, extractor=extractor)
        assert sorted(got, key=lambda rec: rec.article.id) == expected
    assert profiling is False
    assert "MALLOC_TRIM_THRESHOLD_" not in env
    assert env["OMP_NUM_THREADS"] == "1"  # Dask's other defaults kept
    assert intervals == [1000, 1000]  # ms: once a second, not 10 and 50 times


@needs_wikinews
@pytest.mark.slow
@pytest.mark.model
def test_scale_killed_worker_loses_and_duplicates_nothing(extractor, cluster):
    _, client, procs = cluster
    articles = _wikinews(10)
    with corpus_records(articles, extractor=extractor) as serial:
        expected = {rec.article.id: rec for rec in serial}
    stream = distributed_records(
        articles, client=client, extractor=extractor, task_size=1
    )
    got = [next(stream)]
    busy = _processing(client)
    victim = next(name for name in ("w0", "w1") if busy.get(name))
    procs[victim].kill()
    got.extend(stream)
    assert len(_processing(client, wait=len(busy) - 1)) == 1
    assert sorted(rec.article.id for rec in got) == sorted(expected)
    assert {rec.article.id: rec for rec in got} == expected


def _processing(client, *, wait: int | None = None) -> dict[str, int]:
    """Tasks processing on each worker, by worker name (optionally wait for a count)."""
    deadline = time.monotonic() + 30
    while True:
        workers = client.scheduler_info(n_workers=-1)["workers"]
        if wait is None or len(workers) == wait or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    processing = client.processing()
    return {info["name"]: len(processing.get(a, ())) for a, info in workers.items()}
