"""Shared fixtures: the real pipeline, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def extractor():
    """The default Extractor (packaged model and lexicons), one per test session."""
    from graphkit.extract.extractor import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    """The default English pipeline, loaded once per test session."""
    return extractor.nlp


@pytest.fixture(scope="session")
def blank_model(tmp_path_factory) -> Path:
    """A blank English pipeline with a sentencizer: the CLI without a trained model."""
    import spacy

    path = tmp_path_factory.mktemp("blank") / "blank_en"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """``graphkit build seeds/`` through the CLI, once: its output directory.

    Its ``corpus.sqlite`` lets later builds of the seeds skip parsing (``--store``).
    """
    from click.testing import CliRunner

    from graphkit.cli import cli

    out = tmp_path_factory.mktemp("seed_build") / "out"
    result = CliRunner().invoke(
        cli, ["build", str(SEEDS), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def decodes(monkeypatch):
    """Count what the corpus store decodes: ``{"record": n, "statistics": n}``."""
    import graphkit.store

    counted = {"record": 0, "statistics": 0}
    for name in counted:
        real = getattr(graphkit.store, f"decode_{name}")

        def counting(data, _real=real, _name=name):
            counted[_name] += 1
            return _real(data)

        monkeypatch.setattr(graphkit.store, f"decode_{name}", counting)
    return counted


@pytest.fixture(scope="session")
def rebuild_seeds(seed_build):
    """Run ``graphkit build seeds/ --out OUT --quiet OPTIONS...`` on ``seed_build``'s
    store, so nothing is parsed: ``rebuild_seeds(out, *options)`` gives click's result.
    """
    from click.testing import CliRunner

    from graphkit.cli import cli

    store = ["--store", str(seed_build / "corpus.sqlite")]

    def rebuild(out: Path, *options: str):
        args = ["build", str(SEEDS), "--out", str(out), "--quiet", *store, *options]
        return CliRunner().invoke(cli, args)

    return rebuild


@pytest.fixture()
def recording_thresholds(monkeypatch):
    """The garbage collector's thresholds seen as each document is recorded
    (a list that fills as records are made)."""
    import gc

    import graphkit.extract.extractor

    seen = []
    real = graphkit.extract.extractor.record

    def record(doc, article, **kwargs):
        seen.append(gc.get_threshold())
        return real(doc, article, **kwargs)

    monkeypatch.setattr(graphkit.extract.extractor, "record", record)
    return seen
