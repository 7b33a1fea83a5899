"""Fixtures shared by every test package."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The English pipeline, loaded once per test session."""
    from bilat.nlp.pipeline import load_nlp

    return load_nlp()
