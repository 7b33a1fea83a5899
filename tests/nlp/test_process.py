"""The per-document pipeline: sentences, mention ids, dedupe, output dicts."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from bilat.config import Settings
from bilat.model import Document
from bilat.nlp.chunks import chunk_spans
from bilat.nlp.process import extract, is_reference, mention_dict, process_documents, process_spacy_doc

TEXT = (
    "Relations Between Two Neighbours\n\n"
    "Peru imposed sanctions on Bolivia in 2015. The sanctions hurt trade.\n\n"
    "Later, Peru imposed sanctions on Bolivia again in 2015. Bolivia and Peru signed a water treaty in 2019."
)


@pytest.fixture(scope="module")
def processed(nlp):
    doc = Document(id="d1", source="/tmp/notes/peru.txt", text=TEXT, published="2020-01-01")
    return next(iter(process_documents([doc])))


def test_process_sentences_have_offsets_and_paragraphs(processed):
    for sent in processed.sentences:
        assert TEXT[sent.start:sent.end] == sent.text
    assert [s.paragraph for s in processed.sentences] == [0, 1, 1, 2, 2]


def test_process_mentions_have_ids_doc_and_quotes(processed):
    assert [m.id for m in processed.mentions] == [f"d1:m{n}" for n in range(len(processed.mentions))]
    for m in processed.mentions:
        assert m.doc == "peru.txt" and m.doc_id == "d1"
        assert TEXT[m.start:m.end] == m.quote


def test_process_repeated_happening_is_one_mention(processed):
    sanctions = [m for m in processed.mentions if m.category == "SANCTION"]
    assert len(sanctions) == 1
    assert sanctions[0].quote.startswith("Peru imposed sanctions")
    assert (sanctions[0].source_actor, sanctions[0].target_actor, sanctions[0].date) == ("PER", "BOL", "2015")


def test_process_distinct_happenings_are_kept(processed):
    assert {m.category for m in processed.mentions} == {"SANCTION", "AGREE"}


@pytest.mark.parametrize(
    "text, category",
    [
        ("Nepal and Bhutan agreed to reopen the border.", "AGREE"),
        ("Angolan troops withdrew from Namibia.", "RETREAT"),
    ],
)
def test_process_extract_convenience(nlp, text, category):
    assert category in {m.category for m in extract(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Chile gave little aid to Bolivia in 1995.",
        "Chile gave no aid to Bolivia in 1995.",
        "The government of Chile refrained from sending aid to Bolivia on Monday.",
        "Chile will not send aid to Bolivia, its foreign minister said.",
    ],
)
def test_process_no_aid_is_no_aid_event(nlp, text):
    assert "AID" not in {m.category for m in extract(text, published="2020-05-06")}


@pytest.mark.parametrize(
    "text, published, category, date, basis",
    [
        ("Kenya sent aid to Uganda in 1999.", "2023-11-03", "AID", "1999", "explicit"),
        ("Kenya sent aid to Uganda last year.", "2023-11-03", "AID", "2022", "relative"),
        # a weekday follows the tense: the coming Saturday for a visit to come, the last one after
        ("The Chilean foreign minister will visit Peru on Saturday.", "2023-11-03", "CONSULT", "2023-11-04",
         "relative"),
        ("The Chilean foreign minister visited Peru on Saturday.", "2023-11-03", "CONSULT", "2023-10-28",
         "relative"),
        # the year of a law's name is not the event's: a current report dates it by publication
        ("Ottawa suspended military aid to Ghana under the Overseas Aid Act of 1972.", "1990-10-01",
         "SANCTION", "1990-10-01", "publication"),
        # the year of a relative clause is that clause's
        ("Norway quit an arms accord with Sweden that it had joined in 1996. The ministry announced "
         "the move on Thursday.", "2023-11-03", "RETREAT", "2023-11-03", "publication"),
        # a history goes on telling about the year it last named
        ("In 1965 Chile attacked Peru. Bolivia then sent arms to Peru.", None, "AID", "1965", "context"),
        # background told in the perfect has no date of its own, and takes none
        ("Kenya has supplied arms to Uganda for years.", "2023-11-03", "AID", None, None),
    ],
)
def test_process_event_date_and_its_basis(nlp, text, published, category, date, basis):
    found = [(m.date, m.date_basis) for m in extract(text, published=published) if m.category == category]
    assert found == [(date, basis)]


def test_process_mention_dict_amount_shape(nlp):
    (m,) = [m for m in extract("Japan lent Sri Lanka $300 million.") if m.category == "AID"]
    assert mention_dict(m)["amount"] == {"value": 300_000_000.0, "unit": "USD", "text": m.amount.text}


@pytest.mark.parametrize(
    "line, expected",
    [
        ('³ Jane Roe, "Chile Signs Trade Pact with Peru," *Andes Weekly*, May 2, 2019, <https://example.org/a>', True),
        ("12 Ruiz, Tomas, *Border Politics in the Andes*, pp. 44-61.", True),
        ('[7] "Peru and Bolivia Agree on Water," Lima Daily, retrieved from www.example.org/water', True),
        ("Peru imposed sanctions on Bolivia in 2015, citing border incidents.", False),
        ('The minister called the deal "a turning point," and Bolivia agreed.', False),
        ("In 2015, 12 Bolivian ships were seized by Peru.", False),
    ],
)
def test_process_reference_lines_recognised(line, expected):
    assert is_reference(line) is expected


def test_process_references_give_no_events(nlp):
    text = ("Trade Notes\n\nPeru imposed sanctions on Bolivia in 2015.\n\n"
            '¹ Ana Gil, "Chile Attacks Peru," *Coastal Review*, March 3, 2016, <https://example.org/x>\n')
    assert [(m.category, m.source_actor) for m in extract(text)] == [("SANCTION", "PER")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a history goes on telling about the year its paragraph named
        ("Border History\n\nIn 1971, Peru attacked Ecuador. Chile condemned Peru.", "1971"),
        # a new paragraph starts without it
        ("Border History\n\nIn 1971, Peru attacked Ecuador.\n\nChile condemned Peru.", None),
        # a vaguely placed sentence keeps no date
        ("Border History\n\nIn 1971, Peru attacked Ecuador. In those years Chile condemned Peru.", None),
    ],
)
def test_process_history_sentences_inherit_the_paragraph_year(nlp, text, expected):
    doc = Document(id="h1", source="history.txt", text=text, published=None)
    mentions = next(iter(process_documents([doc]))).mentions
    (accuse,) = [m for m in mentions if m.category == "ACCUSE"]
    assert accuse.date == expected


@pytest.mark.parametrize(
    "text, n_sentences",
    [
        ("Peru ended the war.² Then Chile signed a treaty with Peru.", 2),
        ("Trade grew by 50%.⁵ Similarly, Chile invested in Peru.", 2),
        ("Peru ended the war. Then Chile signed a treaty with Peru.", 2),
        ("Peru signed the treaty⁴ with Chile in 1990.", 1),
    ],
)
def test_process_footnote_markers_end_sentences(nlp, text, n_sentences):
    doc = Document(id="f1", source="notes.txt", text=text, published=None)
    assert len(next(iter(process_documents([doc]))).sentences) == n_sentences


@pytest.mark.parametrize(
    "text, quotes",
    [
        # a title line without a verb names a topic: no event from it
        ("Egyptian aid to Sudan\n\nEgypt sent food aid to Sudan in 2019.", ["Egypt sent food aid to Sudan in 2019."]),
        ("FACT SHEET: Peru-Chile Talks on Water\nPeru held talks with Chile in 2020.",
         ["Peru held talks with Chile in 2020."]),
        # a headline with a finite verb still reports
        ("Peru signs water treaty with Chile\n\nThe treaty covers two rivers.",
         ["Peru signs water treaty with Chile"]),
        # a numbered note without a finite verb cites a source; a numbered line that reports stays
        ("Peru imposed sanctions on Chile in 2020.\n\n4 Ministry of Foreign Affairs of Bolivia, statement on "
         "Argentine sanctions, May 2021.\n", ["Peru imposed sanctions on Chile in 2020."]),
        ("2 Peru imposed sanctions on Chile in 2020.", ["2 Peru imposed sanctions on Chile in 2020."]),
        # a sentence ending the text without a full stop is no heading when it runs on a line
        ("In 2020 Peru signed a water treaty with Chile, and the treaty covers two rivers",
         ["In 2020 Peru signed a water treaty with Chile, and the treaty covers two rivers"]),
    ],
)
def test_process_headings_give_no_events(nlp, text, quotes):
    assert [m.quote.strip() for m in extract(text)] == quotes


@pytest.mark.parametrize(
    "text, n_support",
    [
        # the same happening retold in much the same words is one mention
        ("Peru praised Chile for the new water treaty in 2020. Later, Peru again praised Chile "
         "for the new water treaty in 2020.", 1),
        # the same parties praising different things are different happenings
        ("Peru praised Chile for the new water treaty in 2020. Peru also welcomed Chile's "
         "decision to host the regional fisheries summit in 2020.", 2),
    ],
)
def test_process_repeats_are_told_in_the_same_words(nlp, text, n_support):
    mentions = [m for m in extract(text) if m.category == "SUPPORT"]
    assert len(mentions) == n_support


@pytest.mark.parametrize(
    "text, invader",
    [
        ("Iraq invaded Kuwait in 1990. A second invasion of Kuwait (this time by Iran) came in 2005.", "IRN"),
        ("The Iraqi invasion of Kuwait came in 1990. The invasion of Kuwait, this time by Iran in 2005, "
         "changed the region.", "IRN"),
        ("Iraq invaded Kuwait in 1990. Another invasion of Kuwait came in 2005.", None),
    ],
)
def test_process_noun_trigger_takes_no_actor_from_an_earlier_sentence(nlp, text, invader):
    later = [m for m in extract(text) if m.date == "2005"]
    assert later and all(m.category == "ASSAULT" for m in later)
    assert {m.source_actor for m in later} == {invader}


@pytest.mark.parametrize(
    "text",
    [
        "The Soviets invaded Iraq in 1979. But it was again the invasion of Iraq, this time by the US "
        "in 2003, that marked a change between Washington and Ankara.",
        "The Soviets invaded Iraq in 1979. It was the invasion of Iraq in 2003 that changed the region.",
    ],
)
def test_process_cleft_it_is_no_earlier_actor(nlp, text):
    later = [m for m in extract(text) if m.date == "2003"]
    assert all("RUS" not in (m.source_actor, m.target_actor) for m in later)


def test_process_documents_in_other_languages_keep_their_place_without_events(nlp):
    # the language is whatever loading detected (bilat.ingest.language); the text is the same;
    # small chunks put several documents' parses in one batch
    docs = [Document(id=f"d{n}", source=f"{n}.txt", text=TEXT, language=language)
            for n, language in enumerate(["fr", "en", "de", "en", "ur"])]
    results = list(process_documents(docs, chunk_chars=40))
    assert [r.document.id for r in results] == ["d0", "d1", "d2", "d3", "d4"]
    assert [bool(r.mentions) for r in results] == [False, True, False, True, False]
    assert [bool(r.sentences) for r in results] == [False, True, False, True, False]


# -- long documents, read in chunks ----------------------------------------------------------
_LONG_PARAGRAPHS = (
    "Peru imposed sanctions on Bolivia in {year} after a dispute over the Silala waters. "
    "Bolivian diplomats protested the decision in Lima.",
    "Chile and Peru signed a fisheries agreement in Santiago on March {day}, {year}. "
    "The agreement is worth ${amount} million over five years.",
    "Trade between Chile and Bolivia reached ${amount} million in {year}, up {pct} percent "
    "from the year before.",
    "The governments in Lima and La Paz should open a joint commission on the rivers. They must "
    "publish the terms of their water agreements.",
    "Ecuador accused Peru of moving troops to the border in {year}. Peru denied the charge "
    "the next day.",
    "Argentina provided ${amount} million in flood relief to Paraguay in {year}, officials said.",
)


def _long_text(chars: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 2 for p in parts) < chars:
        n = len(parts)
        if n % 9 == 0:
            parts.append(f"Andean relations, part {n // 9 + 1}")
        parts.append(_LONG_PARAGRAPHS[n % len(_LONG_PARAGRAPHS)].format(
            year=1990 + n % 31, day=1 + n % 28, amount=10 + 7 * n % 500, pct=2 + n % 30))
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def long_document():
    return Document(id="long", source="andes.txt", text=_long_text(30_000), published="2021-06-01")


@pytest.fixture(scope="module")
def whole_and_chunked(nlp, long_document):
    whole = next(iter(process_documents([long_document])))
    chunked = next(iter(process_documents([long_document], chunk_chars=3_000)))
    return whole, chunked


@pytest.fixture(scope="module")
def joined(nlp, long_document):
    """The chunks' own parses joined into one Doc and read in one piece."""
    from spacy.tokens import Doc

    text = long_document.text
    parses = list(nlp.pipe(text[a:b] for a, b in chunk_spans(text, 3_000)))
    assert len(parses) >= 10
    return process_spacy_doc(long_document, Doc.from_docs(parses, ensure_whitespace=False), Settings())


@pytest.mark.parametrize("part", ["sentences", "mentions", "figures", "recommendations"])
def test_process_chunked_document_reads_as_its_chunks_joined(joined, whole_and_chunked, part):
    # with the same parse, the document read chunk by chunk and read in one piece must give
    # the same everything, ids and offsets included
    _, chunked = whole_and_chunked
    assert len(getattr(joined, part)) > 10
    assert [asdict(x) for x in getattr(chunked, part)] == [asdict(x) for x in getattr(joined, part)]


@pytest.mark.parametrize("part", ["sentences", "mentions"])
def test_process_chunked_document_reads_as_the_whole(whole_and_chunked, part):
    # a whole parse can differ near a cut (spaCy sees more context there; here it takes one
    # percentage's subject from another clause), but not in sentences and events on this text
    whole, chunked = whole_and_chunked
    assert [asdict(x) for x in getattr(chunked, part)] == [asdict(x) for x in getattr(whole, part)]


def test_process_chunked_document_quotes_are_exact(whole_and_chunked, long_document):
    _, chunked = whole_and_chunked
    text = long_document.text
    assert chunked.sentences[-1].end > 25_000  # the last chunks were read too
    for sent in chunked.sentences:
        assert text[sent.start:sent.end] == sent.text
    for item in [*chunked.mentions, *chunked.figures, *chunked.recommendations]:
        assert text[item.start:item.end] == item.quote


def test_process_chunks_share_the_document_context(nlp):
    # "we" is the state the whole document names most, though the first chunk names another
    text = "We imposed sanctions on Bolivia in 2015.\n\n" + "Peru held talks with Chile in 2016.\n\n" * 4
    document = Document(id="we", source="we.txt", text=text)
    for chunk_chars in (len(text), 45):
        mentions = next(iter(process_documents([document], chunk_chars=chunk_chars))).mentions
        (sanction,) = [m for m in mentions if m.category == "SANCTION"]
        assert (sanction.source_actor, sanction.target_actor) == ("PER", "BOL")


def test_process_text_over_the_parser_limit_is_read_in_chunks(nlp, monkeypatch, long_document):
    # the same as a text over spaCy's 2,000,000 characters, at a scale a test can afford
    monkeypatch.setattr(nlp, "max_length", 5_000)
    assert len(long_document.text) > nlp.max_length
    processed = next(iter(process_documents([long_document], chunk_chars=4_000)))
    assert processed.sentences[-1].end > 25_000
    with pytest.raises(ValueError, match="chunk_chars must be between 1 and 5,000, not 100,000"):
        next(iter(process_documents([long_document])))


HEADLINE_AND_LEAD = (
    "{headline}\n\n"
    "OSLO, March 3 - Norway sent emergency aid to Sweden on Monday, officials said. "
    "The shipment included tents and food.\n"
)


@pytest.mark.parametrize(
    "headline, expected",
    [
        # the headline tells the lead's happening in other words: one mention, the lead's
        ("Norwegian aid reaches Sweden after the storm", [("AID", "2025-03-03")]),
        # a headline about another happening stays a mention of its own
        ("Sweden protests Norwegian fishing quotas",
         [("PROTEST", "2025-03-04"), ("AID", "2025-03-03")]),
    ],
)
def test_process_headline_repeating_the_lead_is_one_mention(headline, expected):
    from bilat.nlp.process import extract

    text = HEADLINE_AND_LEAD.format(headline=headline)
    found = [(m.category, m.date) for m in extract(text, published="2025-03-04")]
    assert found == expected


@pytest.mark.parametrize(
    "text, end",
    [
        ("Aid reaches Sweden\n\nNorway sent aid.", 18),
        ("  Aid reaches Sweden\nNorway sent aid.", 20),
        ("Norway sent aid to Sweden.\nMore followed.", 0),  # a sentence, not a headline
        ("One line only", 0),
    ],
)
def test_process_headline_end(text, end):
    from bilat.nlp.process import headline_end

    assert headline_end(text) == end
