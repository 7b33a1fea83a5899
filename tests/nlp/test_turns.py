"""Speaker turns: in a transcript, "I" and "we" are the speaker the paragraph's label names."""
from __future__ import annotations

import bilat
from bilat.nlp import turns

# a record of conversation written for this test: the author's side is American
MEMO = """Memorandum of conversation, the White House, Washington. American officials and the
United States ambassador to Turkey were present.

Secretary: We are glad to see you here again.

Erdogan: We accept the invitation to the talks in Ankara next month.

Secretary: We will also send wheat to Turkey this spring.

Mehmet: We agree with that.
"""


def test_turns_a_record_of_conversation_is_a_transcript():
    assert turns.is_transcript(MEMO)
    # one labelled line is a note, not a conversation
    assert not turns.is_transcript("Note: figures are provisional.\n\nTrade grew in 2019.\n")


def test_turns_label_end_finds_the_colon_of_a_paragraph_label():
    start = MEMO.index("Erdogan")
    assert MEMO[: turns.label_end(MEMO, start)].endswith("Erdogan")
    assert turns.label_end(MEMO, 0) is None  # the heading has no label


def test_turns_we_is_the_labelled_speaker():
    mentions = bilat.extract(MEMO, published="1990-03-01")
    by_trigger = {m.trigger: m for m in mentions}
    # a named leader speaks for his state, even in an American record
    assert by_trigger["accept"].source_actor == "TUR"
    # a role label ("Secretary:") leaves "we" to the document's own side
    assert by_trigger["send"].source_actor == "USA"
    # a person bilat cannot place is nobody's "we": no agreement is put in the author's mouth
    assert not any(m.quote.startswith("Mehmet") and m.source_actor == "USA" for m in mentions)
