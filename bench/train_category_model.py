"""Train bilat's PLOVER category classifier and judge it by cross-validation.

    .venv/bin/python bench/train_category_model.py            # write bench/results/category_model.json
    .venv/bin/python bench/train_category_model.py --cv       # k-fold figures: rules / classifier / combination

Training data: the example sentences written for bilat (bench/data/category_examples.yaml, trigger
in [brackets]) and the 164 PLOVER gold-standard sentences (../shared/eval/plover-gsr; CC BY-SA 4.0,
© 2016 Open Event Data Alliance). The seed documents and the dev set are never used: they stay
clean test sets. Deterministic: same inputs give the same JSON.

Cross-validation: stratified k-fold over the PLOVER sentences; the written examples are always in
the training part, never in a test fold. "rules" is bilat's extraction with the classifier
switched off; "classifier" predicts the sentence's category from its text (and from the trigger
the rules chose, when they chose one); "combination" is bilat's extraction with the fold's
classifier revising the lexicon's category. Sentence-level accuracy / macro-F1 take the first
mention as the sentence's prediction (none: wrong); strict F1 is ../shared/eval/score.py over
the held-out predictions of all folds.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # category_model.py beside this script
SHARED = ROOT.parent / "shared"
PLOVER = SHARED / "eval" / "plover-gsr"
DEV = SHARED / "eval" / "dev"
EXAMPLES = ROOT / "bench" / "data" / "category_examples.yaml"
OUT = ROOT / "bench" / "results" / "category_model.json"
MARK = re.compile(r"\[([^\]]+)\]")
# summary words that name the report, not the act
REPORTING = {"said", "says", "say", "have", "has", "had", "was", "were", "is", "are", "to", "of",
             "the", "a", "on", "in", "with", "by", "for", "against", "into", "from"}

HEADER = ("bilat PLOVER category classifier (multinomial logistic regression over sentence TF-IDF "
          "and trigger features). Derived in part from the PLOVER gold-standard records, "
          "CC BY-SA 4.0, (c) 2016 Open Event Data Alliance (openeventdata/PLOVER); this model file "
          "is shared under CC BY-SA 4.0. Rebuild: "
          "python bench/train_category_model.py")

TRIGGER_WEIGHT = 2.0
C = 30.0
THRESHOLD = 0.7
MARGIN = 0.0
USE_LEX = os.environ.get("BILAT_CLF_LEX", "1") == "1"  # the lexicon's category as a feature
MIN_DF = 2  # a word pair seen once is noise, and keeps the shipped JSON small


@dataclass
class Example:
    text: str
    category: str
    trigger_at: int | None  # char offset of the trigger word, if known
    source: str  # "written" or the PLOVER file name
    summary: str = ""  # trigger_at == -1: the trigger is the lexicon's trigger named in it


def written_examples() -> list[Example]:
    out = []
    for category, sentences in yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")).items():
        for marked in sentences:
            m = MARK.search(marked)
            text = MARK.sub(lambda g: g.group(1), marked)
            out.append(Example(text, category, m.start() if m else None, "written"))
    return out


def plover_examples() -> list[Example]:
    out = []
    for gold in sorted((PLOVER / "gold").glob("*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        name = data["doc"]["file"]
        text = (PLOVER / "texts" / name).read_text(encoding="utf-8").strip()
        event = data["events"][0]
        at = None
        for word in (event.get("summary") or "").split():
            if word.lower() in REPORTING:
                continue
            hit = re.search(r"\b" + re.escape(word) + r"\b", text, flags=re.I)
            if hit:
                at = hit.start()
                break
        out.append(Example(text, event["category"], at, name))
    return out


def dev_examples() -> list[Example]:
    """Gold quotes of the dev set (public-domain U.S. government / VOA text). Using them makes
    dev a cross-validation set only (grouped by document), no longer a clean test set."""
    out = []
    for gold in sorted((DEV / "gold").glob("*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        for event in data["events"]:
            if event.get("borderline") or not event.get("quote"):
                continue
            out.append(Example(event["quote"], event["category"], -1, data["doc"]["file"],
                               summary=event.get("summary") or ""))
    return out


def parse(examples: list[Example]) -> list[tuple[str, object, str | None]]:
    """(text, trigger token or None, the lexicon's category for it or None) for each example."""
    from bilat.nlp.events import find_triggers, load_lexicon
    from bilat.nlp.pipeline import load_nlp

    nlp = load_nlp()
    lex = load_lexicon()
    out = []
    for ex, doc in zip(examples, nlp.pipe([e.text for e in examples], batch_size=64)):
        tok = None
        category = None
        if ex.trigger_at == -1:
            triggers = [t for sent in doc.sents for t in find_triggers(sent, lex)]
            words = {w.lower().strip(".,;:()") for w in ex.summary.split()}
            named = [t for t in triggers if t.token.lemma_.lower() in words or t.token.lower_ in words]
            pick = (named or triggers or [None])[0]
            if pick is not None:
                tok, category = pick.token, pick.category
        elif ex.trigger_at is not None:
            tok = next((t for t in doc if t.idx <= ex.trigger_at < t.idx + max(len(t), 1)), None)
        if tok is not None and category is None:
            category = next((t.category for t in find_triggers(tok.sent, lex) if t.token.i == tok.i), None)
        out.append((ex.text, tok, category))
    return out


def fit(items: list[tuple[str, object, str | None]], labels: list[str], c: float = C,
        trigger_weight: float = TRIGGER_WEIGHT) -> dict:
    """Fit the model and return its JSON parameters."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    from category_model import text_terms, trigger_terms

    tfidf = TfidfVectorizer(analyzer=text_terms, sublinear_tf=True, norm="l2", min_df=MIN_DF)
    tfidf.fit([t for t, _, _ in items])  # vocabulary and IDF from the examples as they are
    if USE_LEX:  # each example also without the lexicon's category, so the model stands alone too
        bare = [((text, tok, None), lab) for (text, tok, cat), lab in zip(items, labels) if cat]
        items = list(items) + [it for it, _ in bare]
        labels = list(labels) + [lab for _, lab in bare]
    x_text = tfidf.transform([t for t, _, _ in items])
    trig = CountVectorizer(analyzer=lambda feats: feats, binary=True)
    x_trig = normalize(trig.fit_transform([trigger_terms(tok, cat if USE_LEX else None) for _, tok, cat in items])) * trigger_weight
    x = sparse.hstack([x_text, x_trig]).tocsr()
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, labels)
    text_vocab = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.__getitem__)
    trig_vocab = sorted(trig.vocabulary_, key=trig.vocabulary_.__getitem__)
    return {
        "header": HEADER,
        "classes": [str(c) for c in model.classes_],
        "text_vocab": text_vocab,
        "idf": [round(float(v), 5) for v in tfidf.idf_],
        "trigger_vocab": trig_vocab,
        "trigger_weight": trigger_weight,
        "coef": [[round(float(v), 3) for v in row] for row in model.coef_.T],
        "intercept": [round(float(v), 4) for v in model.intercept_],
        "threshold": THRESHOLD,
        "margin": MARGIN,
    }


def macro_f1(gold: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0))


def score_strict(rows: list[dict]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "events",
                          str(PLOVER / "gold"), fh.name], capture_output=True, text=True)
    return res.stdout.strip()


def extract_rows(names: list[str]) -> list[dict]:
    from bilat.engines.files import extract_files

    return [r for r in extract_files([PLOVER / "texts" / n for n in names]) if "error" not in r]


def first_category(rows: list[dict], name: str) -> str:
    return next((r["category"] for r in rows if r["doc"] == name), "NONE")


def cross_validate(k: int, seed: int, settings: list[tuple[float, float]],
                   revisions: list[tuple[float, float]]) -> None:
    from sklearn.model_selection import StratifiedKFold

    import category_model as clf_mod
    from bilat.nlp import events

    written = written_examples()
    plover = plover_examples()
    w_items = parse(written)
    p_items = parse(plover)
    names = [e.source for e in plover]
    gold = [e.category for e in plover]
    folds = list(StratifiedKFold(k, shuffle=True, random_state=seed).split(names, gold))

    seen: dict[str, list] = {}
    with mock.patch.object(events, "find_triggers", _revising(None, seen)):
        rules_rows = extract_rows(names)
    rules_pred = [first_category(rules_rows, n) for n in names]
    rule_trigger = [_rule_trigger(rules_rows, seen, e) for e in plover]
    print(f"{k}-fold stratified CV on {len(names)} PLOVER sentences (seed {seed}); "
          f"{len(written)} written examples always in training")
    _line("rules (lexicon)", gold, rules_pred, score_strict(rules_rows))

    best = None
    for c, weight in settings:
        text_pred = [""] * len(names)
        trig_pred = [""] * len(names)
        models = []
        for train_idx, test_idx in folds:
            items = w_items + [p_items[i] for i in train_idx]
            labels = [e.category for e in written] + [gold[i] for i in train_idx]
            model = clf_mod.CategoryClassifier(fit(items, labels, c, weight))
            models.append(model)
            for i in test_idx:
                text_pred[i] = model.predict(plover[i].text)[0]
                tok, cat = rule_trigger[i]
                trig_pred[i] = model.predict(plover[i].text, tok, cat)[0]
        _line(f"classifier C={c} w={weight}, text only", gold, text_pred)
        acc = _line(f"classifier C={c} w={weight}, text + rule trigger", gold, trig_pred)
        if best is None or acc > best[0]:
            best = (acc, c, weight, models)
    assert best is not None
    _, c, weight, models = best
    for thr, margin in revisions:
        pred = [""] * len(names)
        rows: list[dict] = []
        for model, (_, test_idx) in zip(models, folds):
            model.threshold, model.margin = thr, margin
            test_names = [names[i] for i in test_idx]
            with mock.patch.object(events, "find_triggers", _revising(model)):
                fold_rows = extract_rows(test_names)
            rows += fold_rows
            for i in test_idx:
                pred[i] = first_category(fold_rows, names[i])
        _line(f"combination C={c} w={weight} p>={thr} margin>={margin}", gold, pred, score_strict(rows))


def cross_validate_dev(k: int, revisions: list[tuple[float, float]]) -> None:
    """Grouped k-fold over the dev documents: the fold's model learns from the written examples,
    all PLOVER sentences and the gold quotes of the other dev documents."""
    from sklearn.model_selection import GroupKFold

    import category_model as clf_mod
    from bilat.nlp import events

    base = written_examples() + plover_examples()
    base_items = parse(base)
    dev = dev_examples()
    dev_items = parse(dev)
    files = sorted({e.source for e in dev})
    groups = list(GroupKFold(k).split(files, groups=files))
    paths = {f: DEV / "texts" / f for f in files}

    def rows_for(names: list[str], model) -> list[dict]:
        from bilat.engines.files import extract_files

        with mock.patch.object(events, "find_triggers", _revising(model)):
            return [r for r in extract_files([paths[n] for n in names]) if "error" not in r]

    print(f"{k}-fold CV on the dev set grouped by document ({len(files)} documents, {len(dev)} quotes)")
    print(f"  rules (lexicon)  {_score_dir(rows_for(files, None), DEV / 'gold')}")
    models = []
    for _, test_idx in groups:
        held = {files[i] for i in test_idx}
        train = [(it, e.category) for it, e in zip(dev_items, dev) if e.source not in held]
        items = base_items + [it for it, _ in train]
        labels = [e.category for e in base] + [c for _, c in train]
        models.append((sorted(held), clf_mod.CategoryClassifier(fit(items, labels))))
    for thr, margin in revisions:
        rows: list[dict] = []
        for held, model in models:
            model.threshold, model.margin = thr, margin
            rows += rows_for(held, model)
        print(f"  combination p>={thr} margin>={margin}  {_score_dir(rows, DEV / 'gold')}", flush=True)


def _score_dir(rows: list[dict], gold: Path) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "events", str(gold), fh.name],
                         capture_output=True, text=True)
    return res.stdout.strip()


def _line(label: str, gold: list[str], pred: list[str], strict: str = "") -> float:
    acc = float(np.mean([p == g for p, g in zip(pred, gold)]))
    print(f"  {label:52s} acc {acc:.3f}  macro-F1 {macro_f1(gold, pred):.3f}  {strict}", flush=True)
    return acc


def _rule_trigger(rows: list[dict], seen: dict[str, list], ex: Example) -> tuple[object, str | None]:
    """The token and category of the trigger behind the sentence's first mention."""
    first = next((r for r in rows if r["doc"] == ex.source), None)
    if first is None:
        return None, None
    for trig in seen.get(ex.text.strip(), []):
        if trig.category == first["category"] and trig.token.text == first.get("trigger"):
            return trig.token, trig.category
    return first.get("trigger"), first["category"]


def _revising(model, seen: dict | None = None):
    """events.find_triggers with each trigger's category revised by `model` (None: rules only),
    as bilat's one call in events.py does with the shipped model."""
    from bilat.nlp import events

    original = events.find_triggers  # called outside any patch

    def find_triggers(sent, lex):
        triggers = original(sent, lex)
        if seen is not None:
            seen[sent.text.strip()] = triggers
        if model is None:
            return triggers
        for trig in triggers:
            category = model.revise(sent.text, trig.token, trig.category)
            if category != trig.category:
                trig.category, trig.mode = category, None
        return triggers
    return find_triggers


def _trigger_lemma(trigger: str | None) -> str | None:
    if not trigger:
        return None
    from bilat.nlp.pipeline import load_nlp

    return load_nlp()(trigger)[0].lemma_


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="cross-validate instead of writing the model")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cv-dev", action="store_true", help="grouped CV on the dev documents")
    ap.add_argument("--with-dev", action="store_true", help="also learn from the dev gold quotes")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.cv:
        settings = [(c, w) for c in (3.0, 10.0, 30.0) for w in (1.0, 2.0)]
        revisions = [(0.0, 0.0), (0.0, 0.2), (0.0, 0.4), (0.5, 0.0), (0.7, 0.0)]
        cross_validate(args.k, args.seed, settings, revisions)
        return
    if args.cv_dev:
        cross_validate_dev(3, [(0.0, 0.0), (0.3, 0.0), (0.5, 0.0), (0.7, 0.0)])
        return
    examples = written_examples() + plover_examples() + (dev_examples() if args.with_dev else [])
    params = fit(parse(examples), [e.category for e in examples])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(params, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(examples)} sentences)")


if __name__ == "__main__":
    main()
