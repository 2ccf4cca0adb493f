"""Shared fixtures: the real pipeline (loaded once) and small graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once per test session."""
    from graphkit.nlp import load_pipeline

    return load_pipeline()
