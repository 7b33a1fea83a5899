from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilat.ingest.text import count_words, normalise_for_hash, paragraphs, tidy_whitespace


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("  One line\nstill one.\n \n\n\nTwo.  \n", ["One line\nstill one.", "Two."]),
        ("\n\nOnly.\n\n", ["Only."]),
        ("", []),
        ("A\n\t\nB\n\nC", ["A", "B", "C"]),
    ],
)
def test_text_paragraphs_split_on_blank_lines(text: str, expected: list[str]) -> None:
    spans = paragraphs(text)
    assert [text[start:end] for start, end in spans] == expected
    assert all(start < end for start, end in spans)


def test_text_tidy_whitespace_folds_blank_runs_and_odd_spaces() -> None:
    raw = "Title\r\n\r\n\u00a0\r\n\u00a0\r\nBody\u00a0text  \n\n\n\nEnd\u200b."
    assert tidy_whitespace(raw) == "Title\n\nBody text\n\nEnd."


@pytest.mark.parametrize(
    "a, b",
    [
        ("The Talks  Resumed.", "the talks\nresumed."),
        ("ﬁrst round", "first round"),  # NFKC folds the ligature
    ],
)
def test_text_normalise_for_hash_ignores_case_space_and_compatibility_forms(a: str, b: str) -> None:
    assert normalise_for_hash(a) == normalise_for_hash(b)


def test_text_count_words_counts_hyphenated_and_possessive_words_once() -> None:
    assert count_words("The ministry's twenty-year plan was signed.") == 6


@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", "\t", "."]), max_size=200))
def test_text_paragraphs_spans_are_ordered_and_trimmed(text: str) -> None:
    spans = paragraphs(text)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    for start, end in spans:
        chunk = text[start:end]
        assert chunk == chunk.strip() and chunk and "\n\n" not in chunk
    joined = "".join(text[s:e] for s, e in spans)
    assert joined.replace(" ", "").replace("\n", "").replace("\t", "") == (
        text.replace(" ", "").replace("\n", "").replace("\t", ""))
