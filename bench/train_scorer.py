"""Train bilat's event scorer (bilat.nlp.scorer) and judge it with documents kept out of training.

    .venv/bin/python bench/train_scorer.py              # write src/bilat/data/models/event_scorer.{npz,json}
    .venv/bin/python bench/train_scorer.py --cv         # also grouped-CV strict F1 of the pipeline on dev and GSR
    .venv/bin/python bench/train_scorer.py --out DIR --limit 300   # a small model elsewhere (tests)

Training data (../shared; never the seed documents, never the ngec-voa holdout split):
- ngec-voa verify positives of the train split: a quote and its PLOVER category (labels by an LLM
  applying the PLOVER codebook; Andrew Halterman, NGEC-2025; see ../shared/train/ngec-voa/README.md);
- the PLOVER gold-standard sentences (CC BY-SA 4.0, (c) 2016 Open Event Data Alliance);
- the dev documents: sentences that a gold event quotes give that event's category, sentences no gold
  item touches give negatives (NONE).
Every text runs through bilat's own pipeline with the scorer step replaced by a recorder, so the
features are those the shipped step will see. Candidates: the rules' mentions; where a sentence
has none, its lexicon triggers and its main verb. Labels: a candidate whose rule category is among
the sentence's gold categories gets it; otherwise the best-placed candidate gets the first gold
category and the others stay unlabelled; every candidate of a negative sentence is NONE.

Judged by GroupKFold by document (in-sample figures beside), on the ngec-voa holdout split (never
fitted), and with --cv by the pipeline's strict F1 on dev and GSR documents, each scored with a
model fitted without them. Deterministic: the same data give byte-identical model files.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import io
import json
import re
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
VERIFY = SHARED / "train/ngec-voa/verify.jsonl"
GSR = SHARED / "eval/plover-gsr"
DEV = SHARED / "eval/dev"
OUT = ROOT / "src/bilat/data/models"
C = 2.0
WEIGHTS = (1.0, 0.7)
THRESHOLDS = {"drop": 0.5, "switch": 1.01, "propose": 1.01, "parties": 1}  # switch and proposals off: see README
FOLDS = 5
# the GSR and dev labels follow the project's gold conventions (signing a pact is AGREE), the
# ngec-voa labels an LLM's reading of the NGEC codebook (often SUPPORT or COOPERATE for it): the
# fewer convention-bearing examples count more
SET_WEIGHTS = {"ngec": 1.0, "gsr": 3.0, "dev": 3.0}
MIN_DF = 2
WORD = re.compile(r"[a-z0-9]+")


# ------------------------------------------------------------------------------ data


STOP = frozenset("the a an of and or to in on for with by at from as that this is was were are be been "
                 "has have had it its their his her they he she we our which who will would".split())


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower().replace("?s ", "'s "))) - STOP


def overlaps(sentence: str, quote: str) -> bool:
    """A sentence that a gold quote covers: half of the shorter text's content words in the
    other (as ../shared/eval/score.py matches evidence), at least three shared words."""
    a, b = _words(sentence), _words(quote)
    shared = len(a & b)
    return shared >= 3 and shared >= 0.5 * min(len(a), len(b))


def load_sources(limit: int | None = None) -> list[dict[str, Any]]:
    """Training texts: {"group", "id", "text" | "path", "gold": [(quote, category, alts, borderline)]
    or None (a quote whose category is known), "category", "set"}."""
    items: list[dict[str, Any]] = []
    rows = [json.loads(line) for line in VERIFY.read_text(encoding="utf-8").splitlines()]
    train = [r for r in rows if r["split"] == "train" and r["label"] == 1 and r["quote"].strip()]
    for n, r in enumerate(train[:limit] if limit else train):
        items.append({"set": "ngec", "group": f"ngec:{r['doc']}", "id": f"q{n}", "text": r["quote"],
                      "category": r["category"]})
    for gold_file in sorted((GSR / "gold").glob("*.json"))[: (limit // 10 if limit else None)]:
        g = json.loads(gold_file.read_text(encoding="utf-8"))
        items.append({"set": "gsr", "group": f"gsr:{gold_file.stem}", "id": f"g:{gold_file.stem}",
                      "path": GSR / "texts" / g["doc"]["file"], "gold": _gold(g)})
    for gold_file in sorted((DEV / "gold").glob("*.json"))[: (2 if limit else None)]:
        g = json.loads(gold_file.read_text(encoding="utf-8"))
        items.append({"set": "dev", "group": f"dev:{gold_file.stem}", "id": f"d:{gold_file.stem}",
                      "path": DEV / "texts" / f"{gold_file.stem}.txt", "gold": _gold(g)})
    return items


def _gold(g: dict[str, Any]) -> list[tuple[list[str], str, list[str], bool]]:
    out = []
    for e in g.get("events", []):
        quotes = [e["quote"]] + list(e.get("alt_quotes") or [])
        out.append((quotes, e["category"], list(e.get("category_alt") or []), bool(e.get("borderline"))))
    for c in g.get("characterizations", []) + g.get("recommendations", []):
        out.append(([c["quote"]] + list(c.get("alt_quotes") or []), "", [], True))  # neither event nor negative
    return out


def holdout_quotes() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in VERIFY.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == "holdout" and r["label"] == 1 and r["quote"].strip()]
    return [{"set": "holdout", "group": f"h:{r['doc']}", "id": f"h{n}", "text": r["quote"],
             "category": r["category"]} for n, r in enumerate(rows)]


def capture(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run bilat's pipeline over the items with the scorer step replaced by a recorder: one
    record per sentence with candidates {"terms", "rule", "kind"} and the sentence text."""
    from bilat import nlp  # noqa: F401  (the package, for the patch target)
    from bilat.config import Settings
    from bilat.ingest import load_document
    from bilat.model import Document
    from bilat.nlp import scorer
    from bilat.nlp.process import process_documents

    records: list[dict[str, Any]] = []
    current: dict[str, str] = {}

    def recorder(enabled: bool = True, path: Path | None = None):  # noqa: ARG001
        def step(sent, found, resolver, ctx):
            cands = scorer.sentence_candidates(sent, found)
            if cands:
                actors = scorer.actor_tokens(sent, resolver)
                records.append({"item": ctx.doc_id, "sentence": sent.text,
                                "cands": [{"terms": scorer.candidate_terms(sent, c, actors),
                                           "rule": c.rule_category, "kind": c.kind} for c in cands]})
            return found
        return step

    settings = Settings()
    docs = []
    for item in items:
        if "path" in item:
            d = load_document(str(item["path"]), settings)
            d.id = item["id"]
        else:
            d = Document(id=item["id"], source=item["id"], text=item["text"])
        docs.append(d)
        current[item["id"]] = item["group"]
    with mock.patch.object(scorer, "scorer_step", recorder):
        for _ in process_documents(docs, settings):
            pass
    return records


def label(records: list[dict[str, Any]], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Labelled candidates: {"terms", "label", "group", "item", "set", "kind", "rule"}."""
    by_id = {it["id"]: it for it in items}
    out = []
    for rec in records:
        item = by_id[rec["item"]]
        cands = rec["cands"]
        if "category" in item:
            cats, alts, skip = [item["category"]], set(), False
        else:
            cats, alts, skip = [], set(), False
            for quotes, cat, cat_alt, borderline in item["gold"]:
                if any(overlaps(rec["sentence"], q) for q in quotes):
                    if borderline or not cat:
                        skip = True
                    elif cat not in cats:
                        cats.append(cat)
                        alts.update(cat_alt)
            if skip and not cats:
                continue
        labels: list[str | None] = [None] * len(cands)
        if not cats:
            labels = ["NONE"] * len(cands)
        else:
            for i, c in enumerate(cands):
                if c["rule"] in cats or c["rule"] in alts:
                    labels[i] = c["rule"]
            missing = [c for c in cats if c not in labels and not (set(labels) & alts)]
            if missing and not any(labels):
                order = sorted(range(len(cands)), key=lambda i: (cands[i]["kind"] != "rule",
                                                               cands[i]["kind"] != "root", i))
                labels[order[0]] = missing[0]
        for c, lab in zip(cands, labels):
            if lab is not None:
                out.append({"terms": c["terms"], "label": lab, "group": item["group"], "item": item["id"],
                            "set": item["set"], "kind": c["kind"], "rule": c["rule"]})
    return out


# ------------------------------------------------------------------------------ fitting


def build_vocab(rows: list[dict[str, Any]], min_df: int = MIN_DF) -> dict[str, int]:
    df: Counter[str] = Counter()
    for r in rows:
        df.update(set(r["terms"][0]) | set(r["terms"][1]))
    names = sorted(n for n, k in df.items() if k >= min_df)
    return {n: i for i, n in enumerate(names)}


def matrix(rows: list[dict[str, Any]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    from bilat.nlp.scorer import encode

    indptr, indices, data = [0], [], []
    for r in rows:
        cols, vals = encode((r["terms"][0], r["terms"][1]), vocab, WEIGHTS)
        indices.extend(cols.tolist())
        data.extend(vals.tolist())
        indptr.append(len(indices))
    return csr_matrix((np.asarray(data), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                      shape=(len(rows), len(vocab)))


def classes() -> list[str]:
    from bilat.nlp.categories import CATEGORIES
    from bilat.nlp.scorer import NONE

    return list(CATEGORIES) + [NONE]


def fit(rows: list[dict[str, Any]]) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Vocabulary, coefficients (classes x features) and intercepts of a multinomial logistic
    regression on labelled candidates; a class without examples gets a very low intercept."""
    from sklearn.linear_model import LogisticRegression

    vocab = build_vocab(rows)
    X = matrix(rows, vocab)
    names = classes()
    y = np.array([names.index(r["label"]) for r in rows])
    clf = LogisticRegression(C=C, max_iter=3000, tol=1e-6)
    clf.fit(X, y, sample_weight=np.array([SET_WEIGHTS[r["set"]] for r in rows]))
    coef = np.zeros((len(names), len(vocab)), dtype=np.float32)
    intercept = np.full(len(names), -30.0, dtype=np.float32)
    for k, cls in enumerate(clf.classes_):
        coef[cls] = clf.coef_[k]
        intercept[cls] = clf.intercept_[k]
    return vocab, coef, intercept


def logits_of(rows: list[dict[str, Any]], vocab: dict[str, int], coef: np.ndarray,
              intercept: np.ndarray) -> np.ndarray:
    X = matrix(rows, vocab)
    return np.asarray(X @ coef.T.astype(np.float64)) + intercept.astype(np.float64)


def probabilities(rows: list[dict[str, Any]], vocab: dict[str, int], coef: np.ndarray,
                  intercept: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return softmax(logits_of(rows, vocab, coef, intercept), temperature)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature that minimises the log loss of out-of-fold logits."""
    best = (np.inf, 1.0)
    for t in np.arange(0.5, 3.01, 0.05):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(np.mean(logp[np.arange(len(y)), y]))
        if loss < best[0] - 1e-9:
            best = (loss, round(float(t), 2))
    return best[1]


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def metrics(rows: list[dict[str, Any]], p: np.ndarray) -> dict[str, Any]:
    """Candidate accuracy, event-vs-NONE accuracy, category accuracy on positive candidates,
    log loss and expected calibration error (10 bins) of the top probability."""
    names = classes()
    y = np.array([names.index(r["label"]) for r in rows])
    pred = p.argmax(axis=1)
    none = names.index("NONE")
    pos = y != none
    cat_pred = np.where(pos, np.delete(p, none, axis=1).argmax(axis=1), -1)
    conf = p.max(axis=1)
    ece = 0.0
    for lo in np.arange(0, 1, 0.1):
        sel = (conf > lo) & (conf <= lo + 0.1)
        if sel.any():
            ece += sel.mean() * abs(conf[sel].mean() - (pred[sel] == y[sel]).mean())
    return {"n": int(len(y)), "accuracy": round(float((pred == y).mean()), 3),
            "event_vs_none": round(float(((pred == none) == (y == none)).mean()), 3),
            "category_accuracy_on_events": round(float((cat_pred[pos] == y[pos]).mean()), 3),
            "log_loss": round(float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1)))), 3),
            "ece": round(float(ece), 3)}


def quote_accuracy(records: list[dict[str, Any]], items: list[dict[str, Any]], model: tuple,
                   temperature: float) -> dict[str, Any]:
    """Per quote: the category of the candidate the model is surest is an event (rules'
    mentions first), right when it is the labelled one; quotes without candidates are wrong."""
    names = classes()
    none = names.index("NONE")
    by_item: dict[str, list] = {}
    for rec in records:
        by_item.setdefault(rec["item"], []).extend(rec["cands"])
    right = 0
    for it in items:
        cands = by_item.get(it["id"], [])
        if not cands:
            continue
        rows = [{"terms": c["terms"]} for c in cands]
        p = np.delete(probabilities(rows, *model, temperature=temperature), none, axis=1)
        i, k = np.unravel_index(int(p.argmax()), p.shape)
        right += names[k] == it["category"]
    return {"n": len(items), "accuracy": round(right / len(items), 3),
            "with_candidate": round(sum(1 for it in items if it["id"] in by_item) / len(items), 3)}


# ------------------------------------------------------------------------------ writing


def _zip_write(zf: zipfile.ZipFile, name: str, array: np.ndarray) -> None:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, allow_pickle=False)
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # a fixed date: identical bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, buf.getvalue())


def write_model(out: Path, vocab: dict[str, int], coef: np.ndarray, intercept: np.ndarray,
                meta: dict[str, Any]) -> Path:
    """Write <out>/event_scorer.npz (features, coef, intercept) and event_scorer.json; features
    whose coefficients are all near zero are left out (they change no probability)."""
    keep = np.abs(coef).max(axis=0) >= 1e-3
    names = np.array(sorted(vocab, key=vocab.__getitem__))[keep]
    out.mkdir(parents=True, exist_ok=True)
    path = out / "event_scorer.npz"
    with zipfile.ZipFile(path, "w") as zf:
        _zip_write(zf, "features.npy", names.astype("U"))
        _zip_write(zf, "coef.npy", np.round(coef[:, keep], 4).astype(np.float32))
        _zip_write(zf, "intercept.npy", np.round(intercept, 4).astype(np.float32))
    meta["n_features"] = int(keep.sum())
    (out / "event_scorer.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ main


def grouped_cv(rows: list[dict[str, Any]], folds: int = FOLDS) -> tuple[np.ndarray, list, list]:
    """Out-of-fold logits (GroupKFold by document) and the per-fold (rows, model)."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([r["group"] for r in rows])
    p = np.zeros((len(rows), len(classes())))
    fold_rows, fold_models = [], []
    for tr, te in GroupKFold(n_splits=folds).split(rows, groups=groups):
        model = fit([rows[i] for i in tr])
        test = [rows[i] for i in te]
        p[te] = logits_of(test, *model)
        fold_rows.append(test)
        fold_models.append(model)
    return p, fold_rows, fold_models


def pipeline_cv(items: list[dict[str, Any]], rows: list[dict[str, Any]], meta_params: dict[str, Any],
                folds: int = FOLDS) -> dict[str, Any]:
    """Strict scores of dev and GSR documents, each extracted with a model fitted without the
    documents of its fold (GroupKFold over the dev and GSR documents), rules alone beside."""
    import importlib.util

    from sklearn.model_selection import GroupKFold

    from bilat.config import Settings
    from bilat.engines.files import extract_files

    spec = importlib.util.spec_from_file_location("bilat_shared_score", SHARED / "eval/score.py")
    sm = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["bilat_shared_score"] = sm
    spec.loader.exec_module(sm)  # type: ignore[union-attr]
    docs = [it for it in items if it["set"] in ("dev", "gsr")]
    groups = [it["group"] for it in docs]
    preds: dict[str, dict[str, list]] = {"rules": {}, "scorer": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for k, (_, te) in enumerate(GroupKFold(n_splits=folds).split(docs, groups=groups)):
            held = {docs[i]["group"] for i in te}
            model = fit([r for r in rows if r["group"] not in held])
            path = write_model(Path(tmp) / f"f{k}", *model, meta=dict(meta_params))
            files = [docs[i]["path"] for i in te]
            for name, settings in (("scorer", Settings(event_model=path)), ("rules", Settings(event_scorer=False))):
                for row in extract_files(files, settings):
                    preds[name].setdefault(sm.stem_of(row["doc"]), []).append(row)
    out: dict[str, Any] = {}
    for set_name, gold_dir, pattern in (("dev-x", DEV / "gold", "x"), ("dev-y", DEV / "gold", "y"),
                                        ("dev", DEV / "gold", ""), ("plover-gsr", GSR / "gold", "")):
        gold = {k: v for k, v in sm.load_gold(gold_dir, None).items() if k.startswith(pattern)}
        for name in ("rules", "scorer"):
            pred = {g: preds[name].get(g, []) for g in gold}
            s = sm.score_events(gold, pred)["strict"]
            out[f"{set_name} {name}"] = {k: s[k] for k in ("precision", "recall", "f1", "tp", "pred", "gold")}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--limit", type=int, default=None, help="first N ngec-voa quotes (and a few others): a small model")
    ap.add_argument("--cv", action="store_true", help="grouped-CV strict F1 of the pipeline on dev and GSR")
    ap.add_argument("--no-eval", action="store_true", help="fit and write only")
    ap.add_argument("--date", default=None, help="date recorded in the metadata (default today)")
    ap.add_argument("--cache", type=Path, default=None, help="keep the parsed candidates in this JSON file")
    args = ap.parse_args()
    started = time.perf_counter()
    items = load_sources(args.limit)
    held = holdout_quotes()
    if args.cache and args.cache.exists():
        records, held_records = json.loads(args.cache.read_text(encoding="utf-8"))
    else:
        records = capture(items)
        held_records = capture(held) if not args.no_eval else []
        if args.cache:
            args.cache.write_text(json.dumps([records, held_records]), encoding="utf-8")
    rows = label(records, items)
    names = classes()
    y = np.array([names.index(r["label"]) for r in rows])
    print(f"{len(items)} texts, {len(rows)} labelled candidates "
          f"({dict(sorted(Counter(r['label'] for r in rows).items()))})", file=sys.stderr)
    model = fit(rows)
    meta: dict[str, Any] = {
        "classes": names,
        "parameters": {"weights": list(WEIGHTS), "C": C, "min_df": MIN_DF, "set_weights": SET_WEIGHTS,
                       **THRESHOLDS, "temperature": 1.0},
        "model": "multinomial logistic regression (scikit-learn, lbfgs, L2) over sparse binary features of "
                 "the trigger (lemma, POS, head, dependents, actors around it, modality, rule category) and "
                 "the sentence's content lemmas; each block L2-normalised; softmax temperature from grouped CV",
        "training_data": {
            "ngec-voa": "../shared/train/ngec-voa verify.jsonl, split train, label 1 (quote + category); "
                        "labels by an LLM applying the PLOVER codebook (Andrew Halterman, NGEC-2025, MIT "
                        "declared; VOA text public domain)",
            "plover-gsr": "../shared/eval/plover-gsr (CC BY-SA 4.0, (c) 2016 Open Event Data Alliance)",
            "dev": "../shared/eval/dev (public domain): gold quotes give categories, untouched sentences NONE",
            "not used": "seed documents, ngec-voa holdout split, screen.jsonl, verify negatives (no quotes)",
            "texts": dict(Counter(it["set"] for it in items)),
            "labelled_candidates": dict(sorted(Counter(r["label"] for r in rows).items())),
        },
        "licence": "derived in part from the PLOVER gold-standard records (CC BY-SA 4.0); shared under CC BY-SA 4.0",
        "rebuild": "make model (python bench/train_scorer.py)",
        "date": args.date or _dt.date.today().isoformat(),
    }
    if not args.no_eval:
        z_cv, _, _ = grouped_cv(rows)
        temperature = fit_temperature(z_cv, y)
        meta["parameters"]["temperature"] = temperature
        p_cv_t = softmax(z_cv, temperature)
        p_in = probabilities(rows, *model, temperature=temperature)
        meta["metrics"] = {
            "in_sample": metrics(rows, p_in),
            "grouped_cv": metrics(rows, p_cv_t),
            "grouped_cv_by_set": {s: metrics([r for r in rows if r["set"] == s],
                                             p_cv_t[[r["set"] == s for r in rows]])
                                  for s in ("ngec", "gsr", "dev")},
            "holdout_quotes": quote_accuracy(held_records, held, model, temperature),
            "holdout_candidates": metrics(*_holdout_rows(held_records, held, model, temperature)),
        }
        if args.cv:
            meta["metrics"]["pipeline_grouped_cv"] = pipeline_cv(items, rows, {"classes": names,
                                                                             "parameters": meta["parameters"]})
        print(json.dumps(meta["metrics"], indent=1), file=sys.stderr)
    path = write_model(args.out, *model, meta=meta)
    print(f"wrote {path} ({path.stat().st_size:,} bytes, {meta['n_features']} features) in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


def _holdout_rows(records, items, model, temperature):
    rows = label(records, items)
    return rows, probabilities(rows, *model, temperature=temperature)


if __name__ == "__main__":
    sys.exit(main())
