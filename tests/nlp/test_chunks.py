"""Cutting long texts into parse-sized chunks, batching them, parking their parses."""
from __future__ import annotations

import pytest

from bilat.nlp.chunks import CHUNK_CHARS, Chunk, batches, chunk_spans, document_chunks, pack, unpack


def _pieces(text: str, budget: int) -> list[str]:
    spans = chunk_spans(text, budget)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))  # consecutive, nothing lost
    assert all(0 < end - start <= budget for start, end in spans)
    return [text[start:end] for start, end in spans]


def test_chunks_short_text_is_one_chunk():
    assert chunk_spans("Chile and Peru met.", 100) == [(0, 19)]
    assert chunk_spans("", 100) == [(0, 0)]


def test_chunks_cut_after_blank_lines():
    paragraph = "Chile and Peru met in Lima. They agreed on water.\n\n"
    pieces = _pieces(paragraph * 10, 120)
    assert len(pieces) == 5
    assert all(p.endswith("water.\n\n") for p in pieces)


@pytest.mark.parametrize(
    "text, ending",
    [
        # one long paragraph: at line breaks
        ("Chile and Peru met in Lima on the border question.\n" * 8, "question.\n"),
        # one long line: after a sentence's closing punctuation
        ("Chile and Peru met in Lima on the border question. " * 8, "question. "),
        # no sentence end: at whitespace
        ("Chile and Peru met in Lima on the border question " * 8, " "),
    ],
)
def test_chunks_giant_paragraph_is_cut_at_the_best_boundary(text, ending):
    pieces = _pieces(text, 120)
    assert len(pieces) > 1 and all(p.endswith(ending) for p in pieces[:-1])


def test_chunks_text_without_whitespace_is_cut_at_the_budget():
    assert chunk_spans("x" * 250, 100) == [(0, 100), (100, 200), (200, 250)]


def test_chunks_text_over_the_spacy_limit_stays_under_it():
    text = "Chile and Peru met in Lima. They agreed on water.\n\n" * 42_000
    assert len(text) > 2_000_000  # spaCy's max_length: one Doc this long fails with E088
    pieces = _pieces(text, CHUNK_CHARS)
    assert len(pieces) == 22 and all(p.endswith("\n\n") for p in pieces)


def test_chunks_budget_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1 character"):
        chunk_spans("Chile", 0)


def test_chunks_document_chunks_carry_offsets_and_last_flags():
    chunks = list(document_chunks(["Peru.\n\nChile.\n\n", "Bolivia."], budget=8))
    assert [(c.key, c.offset, c.text, c.last) for c in chunks] == [
        (0, 0, "Peru.\n\n", False), (0, 7, "Chile.\n\n", True), (1, 0, "Bolivia.", True)]


def test_chunks_batches_bound_count_and_characters():
    chunks = [Chunk(n, 0, "x" * size, True) for n, size in enumerate([30, 30, 30, 90, 10, 10, 10])]
    sizes = [[len(c.text) for c in batch] for batch in batches(chunks, size=2, chars=70)]
    # a chunk over the character budget travels alone
    assert sizes == [[30, 30], [30], [90], [10, 10], [10]]


def test_chunks_packed_parse_is_the_same_parse(nlp):
    doc = nlp("Chile and Peru signed a water treaty in Lima in 2019.\n\nBolivia protested.")
    back = unpack(nlp.vocab, pack(doc))
    assert len(pack(doc)) < len(doc.to_bytes())
    assert [(t.text_with_ws, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start)
            for t in back] == [
        (t.text_with_ws, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start)
        for t in doc]
    assert [s.text for s in back.sents] == [s.text for s in doc.sents]
