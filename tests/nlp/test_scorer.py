"""The trained event scorer (bilat.nlp.scorer): the shipped model, its predictions on sentences
written for these tests, confidences in mentions, headings, and a deterministic rebuild."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from bilat.nlp import scorer
from bilat.nlp.categories import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def model() -> scorer.EventScorer:
    return scorer.load_scorer()


def _best(nlp, text: str, model: scorer.EventScorer) -> list[tuple[str, float]]:
    """Classes of the sentence's candidate the model is surest reports an event, best first."""
    from bilat.nlp.actors import default_resolver
    from bilat.nlp.events import find_event_triggers

    resolver = default_resolver(())
    sent = next(iter(nlp(text).sents))
    cands = scorer.sentence_candidates(sent, find_event_triggers(sent, resolver))
    actors = scorer.actor_tokens(sent, resolver)
    ranked = []
    for cand in cands:
        probs = model.predict(sent, cand, actors)
        probs.pop(scorer.NONE)
        ranked.append(sorted(probs.items(), key=lambda kv: -kv[1]))
    return max(ranked, key=lambda r: r[0][1])


def test_scorer_shipped_model_loads(model):
    assert model.classes == CATEGORIES + (scorer.NONE,)
    assert model.coef.shape == (len(model.classes), len(model.vocab))
    assert model.temperature > 0
    meta = model.meta or {}
    assert {"training_data", "metrics", "date", "parameters"} <= set(meta)
    assert "grouped_cv" in meta["metrics"] and "in_sample" in meta["metrics"]
    size = sum(f.stat().st_size for f in (ROOT / "src/bilat/data/models").glob("event_scorer.*"))
    assert size < 2_000_000


@pytest.mark.parametrize("text,category", [
    ("Border guards opened fire on protesters on Tuesday.", "ASSAULT"),
    # the ngec-voa labels (an LLM reading the NGEC codebook) code signing mostly as SUPPORT or
    # COOPERATE, the project's gold as AGREE; the model follows the larger set (README, Accuracy)
    pytest.param("The two ministers signed a trade pact.", "AGREE",
                 marks=pytest.mark.xfail(strict=True, reason="ngec-voa labels signing SUPPORT")),
    ("Thousands of workers marched through the capital to denounce the new tax.", "PROTEST"),
    ("The foreign minister flew to Beijing for talks with his counterpart.", "CONSULT"),
    ("Police arrested three opposition leaders overnight.", "COERCE"),
    ("The government condemned the remarks as baseless.", "ACCUSE"),
])
def test_scorer_predicts_category_with_margin(nlp, model, text, category):
    ranked = _best(nlp, text, model)
    assert ranked[0][0] == category, ranked[:3]
    assert ranked[0][1] - ranked[1][1] >= 0.1, ranked[:3]


def test_scorer_confidence_lands_in_mention(nlp, model):
    from bilat.nlp.process import extract

    mentions = extract("Indian troops attacked Pakistani border posts on Monday.", published="2020-05-04")
    assert mentions
    for m in mentions:
        assert 0.0 <= m.confidence <= 1.0
    m = mentions[0]
    assert m.category == "ASSAULT"
    # the confidence is the model's probability of the category, not a rule constant
    assert m.confidence not in (0.5, 0.6, 0.7, 0.8)


def test_scorer_off_keeps_rule_confidence():
    from bilat.config import Settings
    from bilat.nlp.process import extract

    mentions = extract("Indian troops attacked Pakistani border posts on Monday.",
                       published="2020-05-04", settings=Settings(event_scorer=False))
    assert mentions and mentions[0].confidence in (0.5, 0.6, 0.7, 0.8)


def test_scorer_topic_noun_heading_gives_no_mention():
    from bilat.nlp.process import extract

    text = ("Security cooperation between India and Nepal\n\n"
            "The report looks at the history of the border.")
    assert extract(text) == []


def test_scorer_probabilities_are_a_distribution(nlp, model):
    blocks = (["t=sign", "lex=AGREE", "pos=VERB"], ["w=pact", "w=sign"])
    p = model.probabilities(blocks)
    assert p.shape == (len(model.classes),)
    assert np.all(p >= 0) and abs(p.sum() - 1.0) < 1e-9


def test_scorer_missing_model_file_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        scorer.EventScorer.load(tmp_path / "none.npz")


@pytest.mark.skipif(not (SHARED / "train/ngec-voa/verify.jsonl").exists(), reason="../shared/train absent")
def test_scorer_training_is_deterministic(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "bench"))
    import train_scorer

    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        monkeypatch.setattr(sys, "argv", ["train_scorer.py", "--out", str(out), "--limit", "40",
                                          "--no-eval", "--date", "2000-01-01"])
        assert train_scorer.main() == 0
        outputs.append(out)
    for fname in ("event_scorer.npz", "event_scorer.json"):
        assert (outputs[0] / fname).read_bytes() == (outputs[1] / fname).read_bytes()
    small = scorer.EventScorer.load(outputs[0] / "event_scorer.npz")
    assert json.loads((outputs[0] / "event_scorer.json").read_text())["date"] == "2000-01-01"
    assert small.coef.shape[0] == len(CATEGORIES) + 1
