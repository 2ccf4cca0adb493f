"""The corpus store: reruns parse nothing, changes are reparsed, damage is repaired."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit.extract.extractor
from graphkit.corpus import corpus_records
from graphkit.errors import StoreError
from graphkit.extract.extractor import Extractor
from graphkit.pipeline import build
from graphkit.records import Article
from graphkit.store import Store, article_hash, clear_store

ARTICLES = [
    Article(
        "sudan-1",
        "Sudan's army shelled positions of the Rapid Support Forces in Khartoum.\n\n"
        "The African Union condemned the shelling.",
        title="Shelling in Khartoum",
        date="2023-05-02",
    ),
    Article(
        "ukraine-1",
        "Poland pledged new tanks to Ukraine. Russia warned Poland against it.",
        title="Tanks",
        date="2023-01-20",
    ),
    Article(
        "myanmar-1",
        "The Arakan Army attacked a junta outpost. China urged both sides to talk.",
        date=None,
    ),
]


@pytest.fixture()
def parses(monkeypatch):
    """Count the documents parsed through graphkit.extract.extractor."""
    counted = []
    real = graphkit.extract.extractor.parse

    def counting(pipeline, articles, **kwargs):
        for doc, article in real(pipeline, articles, **kwargs):
            counted.append(article.id)
            yield doc, article

    monkeypatch.setattr(graphkit.extract.extractor, "parse", counting)
    return counted


def _records(articles, extractor, path, **kwargs):
    with corpus_records(articles, extractor=extractor, store=path, **kwargs) as rs:
        return list(rs), rs.parsed


@pytest.mark.model
def test_store_rerun_parses_nothing_and_gives_identical_records(
    extractor, tmp_path, parses
):
    path = tmp_path / "corpus.sqlite"
    first, parsed = _records(ARTICLES, extractor, path)
    assert parsed == 3 and sorted(parses) == ["myanmar-1", "sudan-1", "ukraine-1"]
    parses.clear()
    second, parsed = _records(ARTICLES, extractor, path)
    assert parses == [] and parsed == 0
    assert second == first
    assert [r.article.id for r in second] == ["myanmar-1", "sudan-1", "ukraine-1"]


@pytest.mark.model
def test_store_changed_and_new_articles_are_the_only_ones_parsed(
    extractor, tmp_path, parses
):
    path = tmp_path / "corpus.sqlite"
    _records(ARTICLES, extractor, path)
    parses.clear()
    changed = Article("ukraine-1", "Poland sent tanks to Ukraine.", title="Tanks")
    new = Article("chad-1", "Chad accused Niger of backing the rebels.")
    records, parsed = _records(
        [ARTICLES[0], changed, ARTICLES[2], new], extractor, path
    )
    assert sorted(parses) == ["chad-1", "ukraine-1"] and parsed == 2
    assert records[-1].article == changed
    # the headline is parsed as the first sentence
    assert records[-1].sentences == ("Tanks", "Poland sent tanks to Ukraine.")


@pytest.mark.model
def test_store_corrupt_entries_are_reparsed(extractor, tmp_path, parses):
    path = tmp_path / "corpus.sqlite"
    clean, _ = _records(ARTICLES, extractor, path)
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT rowid, data FROM records ORDER BY hash").fetchall()
        update = "UPDATE records SET data = ? WHERE rowid = ?"
        db.execute(update, (b"junk", rows[0][0]))
        db.execute(update, (rows[1][1][: len(rows[1][1]) // 2], rows[1][0]))
    parses.clear()
    again, parsed = _records(ARTICLES, extractor, path)
    assert parsed == 2 and len(parses) == 2
    assert again == clean


@pytest.mark.model
def test_store_interrupted_build_resumes(extractor, tmp_path, parses, monkeypatch):
    real = graphkit.extract.extractor.record

    def failing(doc, article, **kwargs):
        if article.id == "ukraine-1":
            raise KeyboardInterrupt
        return real(doc, article, **kwargs)

    monkeypatch.setattr(graphkit.extract.extractor, "record", failing)
    with pytest.raises(KeyboardInterrupt):
        _records(ARTICLES, extractor, tmp_path / "corpus.sqlite")
    monkeypatch.setattr(graphkit.extract.extractor, "record", real)
    parses.clear()
    records, parsed = _records(ARTICLES, extractor, tmp_path / "corpus.sqlite")
    assert parses == ["ukraine-1", "myanmar-1"] and parsed == 2 and len(records) == 3


@pytest.mark.model
def test_store_other_lexicon_is_a_miss(extractor, tmp_path, parses):
    path = tmp_path / "corpus.sqlite"
    _records(ARTICLES[:1], extractor, path)
    extra = tmp_path / "cues.jsonl"
    extra.write_text(
        '{"lemma": "outflank", "pos": "VERB", "polarity": "oppose", "kind": "attack", '
        '"intensity": -9}\n',
        encoding="utf-8",
    )
    parses.clear()
    with corpus_records(
        ARTICLES[:1], extractor=Extractor(cues=[extra]), store=path
    ) as records:
        assert records.parsed == 1 and parses == ["sudan-1"]


@pytest.mark.model
def test_store_duplicates_are_kept_once_and_no_store_parses_each_time(
    extractor, parses
):
    twice = [ARTICLES[1], ARTICLES[1]]
    records, parsed = _records(twice, extractor, None)
    assert parsed == 1 and len(records) == 1
    _records(twice, extractor, None)
    assert parses == ["ukraine-1", "ukraine-1"]


@pytest.mark.model
def test_store_rebuild_gives_same_graph_json_without_parsing(
    extractor, tmp_path, parses
):
    from graphkit.pipeline import build

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in ARTICLES))
    build([corpus], tmp_path / "out", extractor=extractor)
    first = (tmp_path / "out" / "graph.json").read_bytes()
    assert (tmp_path / "out" / "corpus.sqlite").exists() and len(parses) == 3
    parses.clear()
    build([corpus], tmp_path / "out", extractor=extractor)
    assert parses == []
    assert (tmp_path / "out" / "graph.json").read_bytes() == first
    build([corpus], tmp_path / "fresh", extractor=extractor, cache=False)
    assert len(parses) == 3 and not (tmp_path / "fresh" / "corpus.sqlite").exists()
    assert (tmp_path / "fresh" / "graph.json").read_bytes() == first


@pytest.mark.model
def test_store_warm_build_never_loads_the_model(extractor, tmp_path, monkeypatch):
    import spacy

    from graphkit.cli import cli

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "out"
    build([seeds], out, extractor=extractor)
    first = (out / "graph.json").read_bytes()

    def no_load(*args, **kwargs):
        raise AssertionError("a warm build loaded the spaCy model")

    monkeypatch.setattr(spacy, "load", no_load)
    result = build([seeds], out, extractor=Extractor())
    assert result.parsed == 0 and (out / "graph.json").read_bytes() == first
    done = CliRunner().invoke(cli, ["build", str(seeds), "--out", str(out), "-q"])
    assert done.exit_code == 0, done.output
    assert (out / "graph.json").read_bytes() == first


def test_store_refuses_a_file_that_is_not_a_store(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some words " * 20, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    for path in (text, other):
        with pytest.raises(StoreError, match="--no-cache"):
            Store(path, fingerprint="f")
        with pytest.raises(StoreError, match="not a graphkit store"):
            clear_store(path)
    assert text.exists() and other.exists()


def test_store_damaged_file_raises_store_error(tmp_path):
    path = tmp_path / "corpus.sqlite"
    with Store(path, fingerprint="f") as store:
        for i in range(300):
            article = Article(f"a{i}", f"Text number {i}. " * 50)
            store.put(article_hash(article), _bare(article), ())
    raw = bytearray(path.read_bytes())
    raw[4096:] = b"\xff" * (len(raw) - 4096)
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match="graphkit clear-cache"):
        with Store(path, fingerprint="f") as store:
            store.get("x" * 64)
            list(store.records([article_hash(Article("a1", "Text number 1. " * 50))]))
    assert clear_store(path) is True
    assert not path.exists()


def test_store_clear_deletes_store_and_journal(tmp_path):
    path = tmp_path / "corpus.sqlite"
    store = Store(path, fingerprint="f")
    store.put("k", _bare(Article("a", "Kenya mediated.")), ())
    store.commit()
    assert (tmp_path / "corpus.sqlite-wal").exists()
    store.close()
    assert clear_store(path) is True
    assert list(tmp_path.iterdir()) == []


def _bare(article):
    from graphkit.records import DocRecord

    return DocRecord(article, (article.text,), (0,))


def test_store_clear_cache_command(tmp_path):
    from click.testing import CliRunner

    from graphkit.cli import cli

    Store(tmp_path / "out" / "corpus.sqlite", fingerprint="f").close()
    runner = CliRunner()
    result = runner.invoke(cli, ["clear-cache", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and "Deleted" in result.output
    assert not (tmp_path / "out" / "corpus.sqlite").exists()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a store " * 10, encoding="utf-8")
    result = runner.invoke(cli, ["clear-cache", "--store", str(notes)])
    assert result.exit_code == 1
    expected = f"Error: {notes} is not a graphkit store; not deleting it.\n"
    assert result.output == expected


def _build_in_new_process(out, store, watched):
    """``graphkit build seeds/`` in a new process: which of ``watched`` it imported."""
    code = (
        "import sys\n"
        "from graphkit.cli import cli\n"
        "try:\n"
        "    cli(sys.argv[1:], standalone_mode=False)\n"
        "finally:\n"
        "    roots = {name.split('.')[0] for name in sys.modules}\n"
        f"    print(sorted(roots & {set(watched)!r}))\n"
    )
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    args = ["build", str(seeds), "--out", str(out), "--store", str(store), "-q"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


def test_store_warm_build_never_imports_spacy(seed_build, tmp_path):
    # A new process, as a user reruns it: the store answers for every article,
    # so neither spaCy nor any model is needed.
    store = seed_build / "corpus.sqlite"
    assert _build_in_new_process(tmp_path, store, {"spacy", "thinc"}) == "[]"
    graph = (tmp_path / "graph.json").read_bytes()
    assert graph == (seed_build / "graph.json").read_bytes()


def test_store_noop_rebuild_never_imports_numpy_or_scipy(seed_build, tmp_path):
    # Nothing changed: no output is made again, so no metric, layout or model
    # is needed, nor the libraries they import.
    store = seed_build / "corpus.sqlite"
    watched = {"spacy", "thinc", "numpy", "scipy"}
    assert _build_in_new_process(tmp_path, store, watched) == "['numpy', 'scipy']"
    assert _build_in_new_process(tmp_path, store, watched) == "[]"


@pytest.mark.model
def test_store_warm_build_decodes_each_record_once(seed_build, tmp_path, decodes):
    import shutil

    from graphkit.pipeline import extract_corpus

    store = tmp_path / "corpus.sqlite"
    shutil.copy(seed_build / "corpus.sqlite", store)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    extractor = Extractor()
    result = build([seeds], tmp_path / "out", extractor=extractor, store=store)
    assert result.parsed == 0 and result.articles > 1
    # Resolution read the statistics only; the graph read each record once.
    assert decodes == {"record": result.articles, "statistics": result.articles}
    assert (tmp_path / "out" / "graph.json").read_bytes() == (
        seed_build / "graph.json"
    ).read_bytes()
    # as resolve() of the records themselves
    assert (
        result.resolution
        == extract_corpus([seeds], extractor=extractor, store=store)[1]
    )


def test_store_of_schema_2_is_upgraded_and_its_entries_parsed_again(tmp_path):
    from graphkit.records import KeyStats
    from graphkit.store import encode_record

    path = tmp_path / "corpus.sqlite"
    article = Article("a1", "Kenya mediated.")
    key, data = article_hash(article), encode_record(_bare(article))
    with sqlite3.connect(path) as db:  # what graphkit 0.x wrote before statistics
        db.execute("PRAGMA application_id = 1196116308")  # "GKIT"
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "CREATE TABLE records (hash TEXT NOT NULL, fingerprint TEXT NOT NULL, "
            "article_id TEXT NOT NULL, data BLOB NOT NULL, size INTEGER, "
            "PRIMARY KEY (fingerprint, hash))"
        )
        db.execute(
            "INSERT INTO records VALUES (?, 'f', 'a1', ?, ?)", (key, data, len(data))
        )
    stats = (KeyStats("Kenya", {"state": 1}, ("a1",), ("Kenya",)),)
    with Store(path, fingerprint="f") as store:
        assert store.missing([key]) == {key}  # no statistics: parsed again
        with pytest.raises(StoreError, match="vanished"):
            list(store.statistics([key]))
        store.put(key, _bare(article), stats)
        assert store.missing([key]) == set()
        assert list(store.statistics([key])) == [stats]
        assert list(store.records([key])) == [_bare(article)]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
