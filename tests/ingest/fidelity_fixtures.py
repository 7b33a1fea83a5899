"""Small fixtures for ingest fidelity (issue 13): written for these tests, built in code.

An HTML page without a charset declaration, a feed whose links die, a three-page brief
with a first-page footer, a running footer that repeats its title and a disclaimer, one
article as HTML and as text, and two different articles that open with the same paragraph.
"""
from __future__ import annotations

from pathlib import Path

# -- an HTML page with no charset anywhere: curly quotes and accented names -------------
ACCENTED = ("Zoë Ménard-Qureshi", "Şükrü Ağaoğlu", "José Núñez", "Jordan’s", "“more than three hours”")
PAGE_WITHOUT_CHARSET = """<!DOCTYPE html>
<html><head><title>Ministers meet in Amman</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers meet in Amman</h1>
<p>Jordan’s foreign minister welcomed his Pakistani counterpart on Tuesday, and the two men
talked for “more than three hours” about trade, water sharing and the return of refugees.</p>
<p>The negotiators were named as Zoë Ménard-Qureshi, who leads the Jordanian team, and
Şükrü Ağaoğlu, an adviser on customs, both of whom called the meeting ‘cordial’ afterwards.</p>
<p>The ministers agreed to meet again in Islamabad before the end of the year, according to
a statement read out by the ministry’s spokesman, José Núñez, late in the evening.</p>
</article></body></html>
"""

# cp1252 text: curly quotes and dashes are single bytes 0x91-0x97 there
CP1252_TEXT = ("The envoy’s visit to Bogotá was “productive” – officials said – and Pakistan’s "
               "delegation, led by Amélie Côté, promised a reply within weeks.\n")


# -- a feed: one live link, one link that answers 404, one whose server is gone ---------
FEED_ITEMS = [
    ("Trade council meets in Karachi", "/live",
     "Delegates reviewed cotton duties and agreed a timetable for the next round of talks.",
     "Tue, 05 Mar 2024 09:00:00 GMT"),
    ("Envoys discuss border crossings", "/gone",
     "Pakistan and Afghanistan agreed to reopen two crossings for traders after a week of closures.",
     "Wed, 06 Mar 2024 10:30:00 GMT"),
    ("Water commission resumes work", "DEAD",
     "India and Pakistan resumed the meetings of their water commission after a pause of two years.",
     "Thu, 07 Mar 2024 14:15:00 GMT"),
]
LIVE_PAGE = """<html><head><meta charset="utf-8"><title>Trade council meets in Karachi</title></head>
<body><article><h1>Trade council meets in Karachi</h1>
<p>The joint trade council met in Karachi on Tuesday and reviewed the duties on cotton yarn,
which exporters have asked to lower for three years running.</p>
<p>Delegates agreed on a timetable for the next round and asked their staff to prepare figures
on shipping costs before the summer.</p></article></body></html>
"""


def feed(base: str, dead_link: str) -> bytes:
    """An RSS 2.0 feed of FEED_ITEMS; links are paths on `base`, DEAD is `dead_link`."""
    items = "".join(
        f"<item><title>{title}</title><link>{dead_link if path == 'DEAD' else base + path}</link>"
        f"<description>{summary}</description><pubDate>{date}</pubDate></item>"
        for title, path, summary, date in FEED_ITEMS)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Regional wire</title>'
            f"<link>{base}/</link><description>Regional news</description>{items}</channel></rss>").encode()


# -- a three-page brief -----------------------------------------------------------------
BRIEF_TITLE = "Water, Trade and Trust Along the Indus"
FIRST_PAGE_FOOTER = ("Institute for Riverine Studies, 14 Canal Road, Lahore",
                     "www.riverine-studies.example | Report No. IRS-2024-07")
DISCLAIMER = ("The views expressed in this report are those of the authors alone and do not reflect "
              "the views of the Institute for Riverine Studies or of its funders.")
# printed lines, so that line ends fall where the test needs them ("second-" / "largest")
BRIEF_PAGES = [
    ["Since the treaty was signed, the two states have met in their commission almost every year,",
     "even in years when their armies faced each other along the border, and the engineers of",
     "both sides still exchange readings of river flows each monsoon season.",
     "",
     DISCLAIMER[:88], DISCLAIMER[88:]],
    ["The commission last met in Delhi in May, when the delegations argued at length over a second-",
     "largest dam on a western tributary, the biggest project of its kind anywhere in the coun-",
     "try, and agreed only to exchange more data on river flows before their next meeting.",
     "",
     "Farmers downstream depend on the river for most of their irrigation, and the brief argues",
     "that the commission should publish its flood data within hours rather than weeks."],
    ["Both governments should also let the commission's engineers visit each other's sites",
     "twice a year, as the treaty allows, so that disputes are settled by measurement and not",
     "by rhetoric."],
]


def brief_pdf(path: Path, with_metadata_title: bool = False) -> Path:
    """BRIEF_PAGES as a PDF: the title in 18 pt on page 1 only, a small publisher footer on
    page 1, and on pages 2 and 3 the page number at the top and the title as running footer."""
    from fpdf import FPDF

    class Brief(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, str(self.page_no()), align="R", new_x="LMARGIN", new_y="NEXT")
                self.ln(3)

        def footer(self) -> None:
            self.set_font("Helvetica", size=8)
            if self.page_no() == 1:
                self.set_y(-22)
                for line in FIRST_PAGE_FOOTER:
                    self.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
            else:
                self.set_y(-15)
                self.cell(0, 5, BRIEF_TITLE, align="C")

    pdf = Brief()
    if with_metadata_title:
        pdf.set_title(BRIEF_TITLE)
    for number, lines in enumerate(BRIEF_PAGES, start=1):
        pdf.add_page()
        if number == 1:
            pdf.set_font("Helvetica", style="B", size=18)
            pdf.cell(0, 12, BRIEF_TITLE, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


# -- one article as an HTML page and as the text a reader saved from it ----------------
ARTICLE_TITLE = "Islamabad and Washington revive the trade council"
ARTICLE_PARAGRAPHS = [
    "Pakistan and the United States said on Monday that their joint trade council, idle since 2019, "
    "will meet again in June, ending a pause that both sides blamed on the other’s “shifting priorities”.",
    "The council’s last session broke up over fees on transit cargo, and officials in Islamabad said "
    "the new agenda would start with textiles, farm goods and medical equipment.",
    "A commerce ministry spokesman said the Pakistani delegation would be led by the minister himself, "
    "while Washington is expected to send a deputy trade representative with a small team.",
    "Exporters welcomed the news but warned that the council had produced few results in the past, "
    "and that buyers in American markets still face long delays at customs in Karachi.",
    "Analysts in both capitals said the meeting matters less for its agenda than for the signal it "
    "sends after two years in which ministers rarely spoke to each other in public.",
]


def article_html() -> str:
    body = "".join(f"<p>{p}</p>\n" for p in ARTICLE_PARAGRAPHS)
    return (f'<html><head><meta charset="utf-8"><title>{ARTICLE_TITLE} | Harbour Times</title>'
            f'<meta property="og:site_name" content="Harbour Times"></head><body>'
            f'<nav><a href="/">Home</a> <a href="/business">Business</a></nav>'
            f"<article><h1>{ARTICLE_TITLE}</h1><p class=\"byline\">By Amina Rahman</p>"
            f'<time datetime="2024-03-04">March 4, 2024</time>\n{body}</article>'
            f"<footer>© 2024 Harbour Times. All rights reserved.</footer></body></html>")


def article_text() -> str:
    """The same article saved as text: straight quotes, header lines, a little furniture."""
    straight = [p.replace("’", "'").replace("“", '"').replace("”", '"') for p in ARTICLE_PARAGRAPHS]
    lines = ["Home > Business", ARTICLE_TITLE.upper(), "By Amina Rahman | Harbour Times", "March 4, 2024",
             "", straight[0], "", straight[1], "", "Advertisement", "", straight[2], "", straight[3],
             "", straight[4], "", "Share this article"]
    return "\n".join(lines) + "\n"


# -- two different articles that open with the same wire paragraph ----------------------
SHARED_LEAD = ("Pakistan and the United States said on Monday that their joint trade council, idle since 2019, "
               "will meet again in June in Washington.")
FIRST_STORY = [
    SHARED_LEAD,
    "Textile exporters in Faisalabad said they hoped the council would lower duties on cotton yarn, which "
    "they say have cost them orders from American buyers since the pandemic.",
    "The chamber of commerce asked the government to include two of its members in the delegation so "
    "that mills could explain their costs directly to the American side.",
]
SECOND_STORY = [
    SHARED_LEAD,
    "Critics in Congress questioned the timing, noting that a separate dispute over airline landing "
    "rights had not been settled and that aid conditions were still under review.",
    "A State Department official said the two tracks were unrelated and that the council would deal "
    "only with goods, not with security assistance or flights.",
]
