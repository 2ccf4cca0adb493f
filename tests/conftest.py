"""Shared fixtures: the real pipeline, loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once per test session."""
    from graphkit.nlp import load_pipeline

    return load_pipeline()
