"""Synthetic news text for the benchmarks: paragraphs and articles from seeded choices.

Every text is written here from templates (no corpus is read): actors, capitals, years,
months, amounts, subjects and verbs are drawn from a `random.Random(seed)`, so the same seed
gives the same texts on every machine.

- `paragraph(rng)`: one news paragraph about two states (aid, sanctions, talks, an attack, a
  recommendation, trade figures, a visit, an accusation).
- `build_text(chars, seed)`: one long text of about `chars` characters (bench_large).
- `article(rng, n)`: one short article: headline, dateline, 150-400 words.
- `write_articles(folder, count, seed)`: `count` articles as `news-NNNNNN.txt` files.

Benchmarks import it as a sibling module (`from newsgen import ...`): bench/ is on sys.path
when a script under it runs.
"""
from __future__ import annotations

import random
from pathlib import Path

STATES = [("Pakistan", "Islamabad", "Pakistani"), ("the United States", "Washington", "American"),
          ("India", "New Delhi", "Indian"), ("China", "Beijing", "Chinese"),
          ("Afghanistan", "Kabul", "Afghan")]
MONTHS = ["January", "March", "May", "July", "September", "November"]
SUBJECTS = ["trade", "security assistance", "energy investment", "debt relief", "wheat exports",
            "flood relief"]
PARAGRAPHS = [
    "{cap_a} announced on {month} {day}, {year} that it would provide ${amount} million in {subject} to "
    "{b}. Officials in {cap_b} welcomed the package and said the first tranche would arrive within weeks. "
    "The agreement follows months of talks between the two finance ministries.",
    "In {year}, {a} imposed sanctions on {b} after a dispute over {subject}. {adj_b} diplomats protested "
    "the decision and recalled their ambassador from {cap_a}. Trade between the two countries fell by "
    "{pct} percent that year.",
    "Negotiators from {a} and {b} met in {cap_a} in {month} {year} to discuss {subject}. The talks ended "
    "without a joint statement, but both delegations agreed to meet again before the end of the year.",
    "{adj_a} forces attacked a border post in {b} on {month} {day}, {year}, killing {count} soldiers. "
    "{cap_b} condemned the raid and demanded an inquiry. The foreign ministry said it reserved the right "
    "to respond.",
    "{cap_a} and {cap_b} should establish a standing commission on {subject}. Both governments must also "
    "publish the terms of their agreements, and donors should tie new loans to measurable reforms.",
    "Bilateral trade between {a} and {b} reached ${big} billion in {year}, up from ${small} billion five "
    "years earlier. Exports of textiles and machinery accounted for most of the growth, according to "
    "figures released by the central bank.",
    "The {adj_a} president visited {cap_b} in {month} {year} and signed {count} memoranda of "
    "understanding on {subject}. He told reporters that relations had never been stronger.",
    "Critics in {cap_b} accused {a} of interfering in domestic politics. A spokesman for the {adj_a} "
    "embassy rejected the charge on {month} {day} and said {cap_a} respected the sovereignty of {b}.",
]
# context without events: what makes an article's length and event density vary
CONTEXT = [
    "Analysts in {city} said the coming months would show whether the change was lasting.",
    "The two governments have a long history of alternating cooperation and friction.",
    "Officials declined to give further details, citing the sensitivity of the discussions.",
    "Markets in {city} were little changed, with the main index closing {pct} points higher.",
    "Opposition lawmakers asked the government to explain its position to parliament by {month}.",
    "Several research institutes in {city} have published studies of the relationship since {year}.",
    "The population of the border districts is estimated at {count} million people.",
    "Economists expect growth of about {small} percent this year, roughly the pace of {year}.",
    "Newspapers in {city} gave the story prominent coverage on their front pages.",
    "Weather in the region has been unusually dry, and farmers in {count} districts report poor harvests.",
    "The ministry's annual report runs to more than {amount} pages and covers {count} programmes.",
    "A survey published in {month} found that {pct} percent of respondents follow foreign news closely.",
]
HEADLINES = [
    "{cap_a} and {cap_b} weigh next steps on {subject}",
    "{adj_a} officials in {cap_b} as talks on {subject} resume",
    "New strains between {a} and {b} over {subject}",
    "{cap_a} signals shift in policy toward {b}",
]
AGENCIES = ["Staff report", "News desk", "Wire report"]


def context(rng: random.Random, sentences: int = 3) -> str:
    """A paragraph of `sentences` background sentences that report no event."""
    picks = rng.sample(CONTEXT, sentences)
    fill = {"city": rng.choice(STATES)[1], "pct": rng.randint(3, 40), "month": rng.choice(MONTHS),
            "year": rng.randint(1990, 2024), "count": rng.randint(3, 12), "small": rng.randint(2, 7),
            "amount": rng.randint(100, 900)}
    return " ".join(p.format(**fill) for p in picks)


def paragraph(rng: random.Random) -> str:
    """One news paragraph about two distinct states, from seeded choices."""
    (a, cap_a, adj_a), (b, cap_b, adj_b) = rng.sample(STATES, 2)
    small = rng.randint(2, 9)
    text = rng.choice(PARAGRAPHS).format(
        a=a, b=b, cap_a=cap_a, cap_b=cap_b, adj_a=adj_a, adj_b=adj_b, month=rng.choice(MONTHS),
        day=rng.randint(1, 28), year=rng.randint(1990, 2024), amount=rng.randint(5, 900),
        subject=rng.choice(SUBJECTS), pct=rng.randint(3, 40), count=rng.randint(3, 12),
        big=small + rng.randint(1, 9), small=small,
    )
    return text[0].upper() + text[1:]


def build_text(chars: int, seed: int = 8) -> str:
    """A news-like text of about `chars` characters: headed sections of varied paragraphs."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        if len(parts) % 12 == 0:
            parts.append(f"Relations in review, part {len(parts) // 12 + 1}")
        parts.append(paragraph(rng))
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)[:chars].rstrip() + "\n"


def article(rng: random.Random, n: int) -> str:
    """Article number `n`: a headline, a dateline ("ISLAMABAD, March 4, 2019 -"), then news
    paragraphs (about half of them reporting events, the rest background) until 150-400 words."""
    (a, cap_a, adj_a), (b, cap_b, _adj_b) = rng.sample(STATES, 2)
    head = rng.choice(HEADLINES).format(a=a, b=b, cap_a=cap_a, cap_b=cap_b, adj_a=adj_a,
                                        subject=rng.choice(SUBJECTS))
    year = rng.randint(1995, 2024)
    dateline = f"{cap_a.upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year} ({rng.choice(AGENCIES)}) -"
    target = rng.randint(150, 400)
    body: list[str] = []
    words = 0
    while words < target:
        part = paragraph(rng) if not body or rng.random() < 0.45 else context(rng, rng.randint(2, 4))
        if body and words + len(part.split()) > 385:
            break
        body.append(part)
        words += len(part.split())
    body[0] = f"{dateline} {body[0]}"
    return f"{head[0].upper()}{head[1:]} (item {n})\n\n" + "\n\n".join(body) + "\n"


def write_articles(folder: Path, count: int, seed: int = 5) -> list[Path]:
    """`count` articles as UTF-8 files `news-000000.txt`... in `folder` (created); their paths
    in order. Each file's text depends only on `seed` and its number, so the first 250 files of a
    1,000-file run are the 250 files of a 250-file run."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"news-{n:06d}.txt"
        path.write_text(article(random.Random(seed * 1_000_003 + n), n), encoding="utf-8")
        paths.append(path)
    return paths
