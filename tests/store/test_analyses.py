"""The analyses that read aggregates and narrowed rows from the store (source profiles, figure
conflicts, phases) give what the Python functions they replace give over every record, on a
random corpus and on the demo corpus."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from bilat.analysis.figures import find_conflicts
from bilat.analysis.fusion import _STOP, _TOKEN, _tokens
from bilat.analysis.phases import find_phases
from bilat.analysis.recommendations import link_to_events
from bilat.analysis.sources import source_profiles, stored_source_profiles
from bilat.corpus import Corpus
from bilat.model import Characterization, Document, Figure, ProcessedDocument, Recommendation
from bilat.store import Store
from tests.fusion_corpus import WORDS, random_corpus

UNITS = ("USD", "USD", "PKR", "percent", "soldiers", "troops")
PERIODS = ("2011", "2011", "2011-05", None, None, "2002/2017", "annual", "5 years", "2012")
LABELS = ("engagement", "estrangement", "mixed")


def extras(rng: random.Random, n: int) -> ProcessedDocument:
    """A document with figures, recommendations and characterizations, no mentions."""
    doc_id = f"x{n:02d}"
    figures = [Figure(doc_id, "trade", rng.choice([9.0, 9.5, 12.0, 12.0, 30.0]) * 1e9, rng.choice(UNITS),
                      f"Figure {k} of {doc_id}.", 10 * k, 10 * k + 5, period=rng.choice(PERIODS),
                      id=f"{doc_id}:f{k}", doc=f"{doc_id}.txt", concept=rng.choice(["trade", "aid", "aid", None]),
                      source_actor=rng.choice(["USA", "PAK", None]), target_actor=rng.choice(["PAK", None]))
               for k in range(rng.randint(1, 5))]
    recs = [Recommendation(doc_id, rng.choice(["USA", "PAK, USA", None]),
                           " ".join(rng.choice(WORDS) for _ in range(5)).capitalize() + ".", "q", 100 + k, 101 + k,
                           theme=rng.choice(["security", None]), id=f"{doc_id}:r{k}", doc=f"{doc_id}.txt")
            for k in range(rng.randint(0, 2))]
    chars = [Characterization(doc_id, [rng.choice(["USA", "USA.GOV", "IND"]), "PAK"], rng.choice(LABELS),
                              f"Relations {k}.", 200 + k, 201 + k, start=rng.choice(["1990", "2011", "2001", None]),
                              end=rng.choice([None, "2015"]), id=f"{doc_id}:c{k}", doc=f"{doc_id}.txt")
             for k in range(rng.randint(0, 2))]
    doc = Document(id=doc_id, source=f"/x/{doc_id}.html", text="y", content_hash=f"hx{n}",
                   title=rng.choice([f"Brief {n}", None]), publisher=rng.choice(["Ledger", "Forum", "", None]),
                   published=rng.choice(["2010", "2013-02-01", None]),
                   source_type=rng.choice(["news", "think-tank brief", None]),
                   duplicate_of="x00" if n % 7 == 6 else None)
    return ProcessedDocument(doc, figures=figures, recommendations=recs, characterizations=chars)


@pytest.fixture(scope="module")
def corpus_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("an") / "a.duckdb"
    rng = random.Random(4)
    with Store(path) as store:
        random_corpus(store, docs=30, seed=6)
        for n in range(24):
            store.add_processed(extras(rng, n))
    return path


def python_views(corpus: Corpus, by: str = "publisher") -> dict:
    """Each view as the Python functions computed it over every stored record."""
    store = corpus.store
    documents = store.documents(with_text=False)
    events = store.events(by_date=False)
    chars = store.characterizations()
    return {
        "sources": source_profiles(documents, events, store.recommendations(), by=by, characterizations=chars),
        "conflicts": find_conflicts(store.figures(), published={d.id: d.published for d in documents}),
        "phases": {freq: find_phases(corpus.index(freq), events, dyad=corpus.settings.dyad, characterizations=chars)
                   for freq in ("year", "quarter", "month")},
        "links": link_to_events(store.recommendations(), events, {d.id: d for d in documents}),
    }


def sql_views(corpus: Corpus) -> dict:
    return {"sources": corpus.sources(), "conflicts": corpus.figure_conflicts(),
            "phases": {freq: corpus.phases(freq) for freq in ("year", "quarter", "month")},
            "links": corpus.recommendation_links()}


def test_analyses_sql_views_equal_the_python_views(corpus_path):
    with Corpus(corpus_path, read_only=True) as corpus:
        expected, got = python_views(corpus), sql_views(corpus)
        assert got["sources"] == expected["sources"]
        assert got["conflicts"] == expected["conflicts"]
        assert got["phases"] == expected["phases"]
        assert got["links"] == expected["links"]
        # not vacuous: profiles of every kind, conflicts of several groups, phases with evidence
        assert {p["kind"] for p in got["sources"]} == {"publisher", "unattributed"}
        assert len({(c["concept"], c["unit"]) for c in got["conflicts"]}) > 1
        assert any(p.evidence for p in got["phases"]["year"])
        assert any(p["recommendations"] and p["characterizations"]["mixed"] for p in got["sources"])
        assert sum(len(v) for v in got["links"].values()) > 5 and [] in got["links"].values()


def test_analyses_follow_up_terms_are_those_fusion_reads(corpus_path):
    """The store tokenizes event quotes as bilat.analysis.fusion does: every term's count of
    dated events is the count Python gives."""
    with Store(corpus_path, read_only=True) as store:
        dated = [e for e in store.events() if e.date]
        rec = ("r", "1000", None, ["USA", "PAK", "IND"], sorted({t for e in dated for t in _tokens(e.quote)}))
        candidates, counts, n = store.follow_up_candidates([rec], _TOKEN.pattern, sorted(_STOP))
        assert n == len(dated) and len(candidates) > 10
        assert counts == dict(sum((Counter(set(_tokens(e.quote))) for e in dated), Counter()))
        assert {q for _, _, q in candidates} <= {e.quote for e in dated}


def test_analyses_source_profiles_by_document_equal_the_python_ones(corpus_path):
    with Corpus(corpus_path, read_only=True) as corpus:
        expected = python_views(corpus, by="document")["sources"]
        assert stored_source_profiles(corpus.store, by="document") == expected
        assert len(expected) == 54 and {p["kind"] for p in expected} == {"document"}


def test_analyses_conflicts_read_only_groups_that_can_disagree(corpus_path):
    with Corpus(corpus_path, read_only=True) as corpus:
        figures, published = corpus.store.conflict_candidates("^[A-Z]{3}$", ["percent"])
        everything = corpus.store.figures()
        assert 0 < len(figures) < len([f for f in everything if f.concept])
        assert {f.doc_id for f in figures} <= set(published)


def test_analyses_source_groups_refuse_unknown_groupings(corpus_path):
    with Store(corpus_path, read_only=True) as store, pytest.raises(ValueError, match="publisher or document"):
        store.source_groups("author", "(none)", [], [])


@pytest.mark.slow
def test_analyses_sql_views_equal_the_python_views_on_the_demo_corpus(demo_db):
    with Corpus(demo_db, read_only=True) as corpus:
        expected, got = python_views(corpus), sql_views(corpus)
        assert got == expected
        assert got["sources"] and got["conflicts"] and got["phases"]["year"]
