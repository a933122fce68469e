"""Writes the intake corpus: `pages/<id>.html` (in each page's own encoding) and `truth.json`.

    .venv/bin/python tests/curation/intake_corpus/build.py

The pages are committed; run this again only after changing `documents.py` or `templates.py`.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from documents import DOCUMENTS  # noqa: E402
from templates import STRUCTURES, _letter_parts  # noqa: E402

# The real pages each structure follows (studied, not copied; see README.md).
STUDIED = {
    "wordpress_ngo": "https://www.nejatngo.org/en/posts/6321",
    "wordpress_political": "https://www.ncr-iran.org/en/ncri-statements/statement-ashraf-liberty/all-camp-liberty-residents-call-on-unhcr-chief-to-focus-on-urgent-security-matter/",
    "news_cms": "https://www.cbsnews.com/news/iraqi-army-raids-iranian-exile-camp-10-dead/",
    "amp_page": "https://ncr-iran.org/en/camp-ashraf-massacre-sept-2013/u-s-welcomes-relocation-of-survivors-of-horrific-attack-on-camp-ashraf/?amp=1",
    "government_press": "http://www.state.gov/r/pa/ei/mideastdigest/126571.htm",
    "cable_viewer": "http://wikileaks.hdscript.de/cable/2009/09/09BAGHDAD2561.html",
    "cable_search": "http://www.wikileaks.org/plusd/cables/09STATE34650.html",
    "newswire": "http://www.usccar.org/2012/07/07/usccar-regrets-misrepresentations-by-state-department-officials-on-humanitarian-situation-of-camps-ashraf-and-liberty-in-iraq/",
    "blogger": "http://catphile.blogspot.com/2003/10/source-of-form-letter-discovered-i.html",
    "drupal": "https://github.com/drupal/drupal/blob/main/core/modules/node/templates/node.html.twig",
    "un_digest": "https://reliefweb.int/report/iraq/briefing-situation-camp-ashraf",
    "joomla": "https://github.com/joomla/joomla-cms/blob/4.0-dev/components/com_content/tmpl/article/default.php",
    "static_tables": "http://www.exfamily.org/chatbbs/genx/archives3/32006.htm",
    "rtl_wordpress": "https://nejatngo.org/ar/?p=3168",
    "substack": "http://archive.azcentral.com/arizonarepublic/news/articles/20110409iraq0409.html",
}


def cable_text(doc) -> str:
    """The cable as a viewer shows it: transmission lines, the header, then the text."""
    serial = doc["ref"][-4:]
    return (f"VZCZCXYZ{serial}\nRR RUEHWEB\n\nDE RUEHGB #{serial}/01 {doc['created'][8:10]}{doc['created'][11:13]}\n"
            f"ZNY CCCCC ZZH\n{doc['header']}\nBT\n{doc['cable_text']}")


def main_blocks(doc) -> list[str]:
    structure = doc["structure"]
    if structure in ("cable_viewer", "cable_search"):
        return [doc["cable_text"]]
    if structure == "news_cms":
        return list(doc["paragraphs"])
    if structure == "government_press":
        return [*doc.get("speaker", []), doc["dateline"], *doc["paragraphs"], doc.get("reference", "")]
    if structure == "newswire":
        return [*doc["paragraphs"], f"SOURCE {doc['issuer']}" if doc.get("source_line") else ""]
    blocks = _letter_parts(doc)
    if doc.get("intro"):
        blocks.insert(0, doc["intro"])
    return blocks


# Persian saved in windows-1256 writes the Arabic yeh for the Persian one (the code page has
# no Persian yeh), as such pages do.
_CP1256 = str.maketrans({"ی": "ي", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9"})


def _as_saved(value, encoding):
    if encoding != "windows-1256":
        return value
    if isinstance(value, str):
        return value.translate(_CP1256)
    if isinstance(value, list):
        return [_as_saved(v, encoding) for v in value]
    if isinstance(value, dict):
        return {k: _as_saved(v, encoding) for k, v in value.items()}
    return value


def build() -> None:
    pages = HERE / "pages"
    pages.mkdir(exist_ok=True)
    truth = []
    for doc in DOCUMENTS:
        doc = _as_saved(dict(doc), doc.get("encoding", "utf-8"))
        if doc["structure"] in ("cable_viewer", "cable_search"):
            doc["cable_text"] = cable_text(doc)
        html = STRUCTURES[doc["structure"]](doc, doc["site"])
        name = f"{doc['id']}.html"
        (pages / name).write_bytes(html.encode(doc.get("encoding", "utf-8")))
        expected = dict(doc["truth"])
        truth.append({
            "file": name,
            "structure": doc["structure"],
            "studied": STUDIED[doc["structure"]],
            "encoding": doc.get("encoding", "utf-8"),
            "declared_charset": doc.get("declared", ""),
            "title": doc["title"],
            "site": doc["site"],
            "language": expected.pop("language", "en"),
            **expected,
            "main_text": "\n\n".join(b for b in main_blocks(doc) if b),
        })
    (HERE / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(truth)} pages, {len({t['structure'] for t in truth})} structures")


if __name__ == "__main__":
    build()
