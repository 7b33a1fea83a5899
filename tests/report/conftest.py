"""The report tests use the same hand-made corpus as the web tests."""
from tests.serve.conftest import corpus, corpus_db  # noqa: F401  (fixtures)
