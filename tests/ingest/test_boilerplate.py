"""Disclaimer and boilerplate paragraphs dropped before extraction; news about views kept."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.errors import UsageError
from bilat.ingest import load_document
from bilat.ingest.boilerplate import drop_boilerplate, is_boilerplate, load_boilerplate

RULES = load_boilerplate()
BODY = ("Pakistan and India agreed on Monday to resume the meetings of their water commission, which have not "
        "been held for two years, officials in both capitals said.")


@pytest.mark.parametrize("paragraph", [
    "The views expressed in this brief are solely the writer's and do not necessarily reflect those of the Centre.",
    "(Opinions set out in this commentary are solely those of the writers.)",
    "This working paper does not represent the official position of the ministry or of any government.",
    "Nothing here should be construed as the official policy of the Institute.",
    "No part of this publication may be reproduced or transmitted without written permission.",
    "© 2024 Harbour Institute. All rights reserved.",
    "This study was made possible in part by a grant from the Lakeside Foundation.",
])
def test_boilerplate_paragraphs_are_recognised(paragraph: str) -> None:
    assert is_boilerplate(paragraph, RULES)


@pytest.mark.parametrize("paragraph", [
    BODY,
    "The foreign ministry said the remarks did not reflect the views of the government and summoned the envoy.",
    "Islamabad rejected the report, saying its findings did not match what its own inspectors had seen.",
    # a long paragraph holding the phrase is body text
    "The views expressed in this report do not reflect those of the Institute. " + BODY * 6,
])
def test_boilerplate_news_paragraphs_are_kept(paragraph: str) -> None:
    assert not is_boilerplate(paragraph, RULES)


def test_boilerplate_only_the_disclaimer_paragraph_goes() -> None:
    disclaimer = "The views expressed in this report are those of the authors alone."
    assert drop_boilerplate(f"Title\n\n{BODY}\n\n{disclaimer}\n\n{BODY}", RULES) == f"Title\n\n{BODY}\n\n{BODY}"


def test_boilerplate_user_vocabulary_adds_patterns(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("boilerplate:\n  patterns:\n    - '\\bthis is sponsored content\\b'\n", encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text(f"{BODY}\n\nThis is sponsored content from a travel agency.\n", encoding="utf-8")
    assert load_document(str(note)).text.endswith("travel agency.")
    assert load_document(str(note), Settings(vocab_files=[mine])).text == BODY


def test_boilerplate_bad_user_pattern_is_one_clear_error(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("boilerplate:\n  patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_boilerplate([mine])
    assert str(caught.value).startswith("boilerplate pattern '(unclosed' is not a regular expression (")
