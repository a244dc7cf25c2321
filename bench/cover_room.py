"""How much title each cover size holds, against the length of the summary under the band.

    .venv/bin/python bench/cover_room.py [SEEDS] [EDITION:LANG ...]

The builder picks the cover's type size (`document.builder.cover_size`) from a table of
capacities; this script measures them. For each edition, title language and size, and for summaries
of 0 to 1,200 characters, it finds by bisection the longest title (with a subtitle 0.6 of its length,
the other language's title short) whose cover still ends on page 1: the draft notice (the cover's last
box, in the Burmese and bilingual editions) or the last fact drawn whole on the first page. The
sample's other fields are kept (series, date, publication, a draft notice); its programme is cut to
one turn, so a render takes a fraction of a second. Titles and summaries are made of the sample's
kind of words and syllables, a space every four syllables in Burmese, from fixed seeds; the figure
kept is the smallest over the seeds. It prints, per edition and language, the weighted capacities
(title + `SUBTITLE_WEIGHT` × subtitle) before `COVER_MARGIN` is applied, as the table `COVER_ROOM`
holds them: rerun it when the cover's stylesheet changes, and paste the entries into the table
(about 12 minutes on one core; two processes, `en:en bilingual:my` and `my:my bilingual:en`, take
half that on two).
"""

from __future__ import annotations

import copy
import dataclasses
import io
import random
import sys
from typing import Any

import pypdfium2 as pdfium
from events import load_sample
from ruamel.yaml import YAML

from isp_recap.document import builder
from isp_recap.document.builder import COVER_SIZES, MY_PER_EN, SUBTITLE_WEIGHT, build_document
from isp_recap.document.nodes import Cover
from isp_recap.render.pdf import render_pdf
from isp_recap.source.loader import parse_event

SYLLABLES = ["က", "ချင်", "ပြည်", "နယ်", "ရှား", "ပါး", "မြေ", "တူး", "ဖော်", "ရေး", "နေ", "ရာ", "မြန်", "မာ", "နိုင်",
             "ငံ", "သုတ", "တေ", "သန", "လွှတ်", "တော်", "ကိုယ်", "စား", "လှယ်"]
WORDS = ["Myanmar's", "Rare", "Earths", "Critical", "Minerals", "Conflict", "Northern", "Border", "Regions",
         "Kachin", "State", "Mining", "Sites", "Environmental", "Communities", "and", "of", "the"]
SUMMARIES = (0, 150, 300, 450, 600, 900, 1200)
SUBTITLE_SHARE = 0.6
#: Invisible characters left out before comparing page text, the same set as tests/test_render_pdf.py's.
IGNORABLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad\x0c"), None)


def words(lang: str, chars: int, rng: random.Random) -> str:
    """About `chars` characters of English words or Burmese syllables."""
    out, syllables = "", 0
    while len(out) < chars:
        if lang == "en":
            out += rng.choice(WORDS) + " "
        else:
            out += rng.choice(SYLLABLES)
            syllables += 1
            out += " " if syllables % 4 == 0 else ""
    return out[:chars].strip() or "x"


def _clean(text: str) -> str:
    return "".join(text.translate(IGNORABLE).split())


def cover_fits(base: dict[str, Any], edition: str, lang: str, size: str, title: int, summary: int,
               seed: int) -> bool:
    """Whether the cover with a `title`-character title in `lang` and a `summary`-character summary
    in each language ends on page 1, set at `size`."""
    rng = random.Random(seed)
    data = copy.deepcopy(base)
    event, other = data["event"], "my" if lang == "en" else "en"
    event["title"] = {lang: words(lang, title, rng), other: words(other, 20, rng)}
    event["subtitle"] = {lang: words(lang, int(SUBTITLE_SHARE * title), rng), other: words(other, 12, rng)}
    event.pop("summary", None)
    if summary:
        # In the bilingual edition the longer column sets the height: Burmese takes about 1.5 times the
        # code points of its English (the sample: 399 and 260), `summary` counts the Burmese.
        english = round(summary / MY_PER_EN) if edition == "bilingual" else summary
        event["summary"] = {"en": words("en", english, rng), "my": words("my", summary, rng)}
    text = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, text)
    doc = build_document(parse_event(text.getvalue()), edition)  # type: ignore[arg-type]
    cover = doc.blocks[0]
    assert isinstance(cover, Cover) and len(cover.facts) == (2 if summary else 1)
    cover = dataclasses.replace(cover, size=size)
    doc = dataclasses.replace(doc, blocks=(cover, *doc.blocks[1:]))
    last = cover.notice or (cover.facts[-1] if cover.facts else cover.date)
    first_page = _clean(pdfium.PdfDocument(render_pdf(doc, "none"))[0].get_textpage().get_text_range())
    return all(_clean(span.plain) in first_page for span in last.spans)


def longest_title(base: dict[str, Any], edition: str, lang: str, size: str, summary: int, seed: int,
                  high: int = 1500) -> int:
    """The longest title (to 6 characters) whose cover ends on page 1, below `high`; 0 if not even a
    short one."""
    low = 10
    if not cover_fits(base, edition, lang, size, low, summary, seed):
        return 0
    while high - low > 6:
        middle = (low + high) // 2
        low, high = (middle, high) if cover_fits(base, edition, lang, size, middle, summary, seed) else (low, middle)
    return low


def capacities(base: dict[str, Any], edition: str, lang: str, size: str, seeds: range) -> list[tuple[int, int]]:
    """(summary, weighted title) points for one edition, language and size."""
    weight = 1 + SUBTITLE_WEIGHT * SUBTITLE_SHARE
    points, high = [], 1500
    for summary in SUMMARIES:
        # A longer summary leaves no more room than a shorter one: its figure bounds the search.
        title = min(longest_title(base, edition, lang, size, summary, seed, high) for seed in seeds)
        points.append((summary, round(weight * title)))
        high = title + 7
    return points


def main() -> None:
    """`cover_room.py [SEEDS] [EDITION:LANG ...]`: every edition and language unless some are named
    (two processes, one for each half, use both cores)."""
    seeds = range(1, 1 + (int(sys.argv[1]) if len(sys.argv) > 1 else 2))
    wanted = set(sys.argv[2:])
    # What is measured is the table the builder decides with: here every cover takes the summary.
    builder.cover_size = lambda *args, **kwargs: "display"  # type: ignore[assignment]
    base = load_sample()
    base["programme"] = base["programme"][:1]
    for part in ("qa", "appendix", "closing", "related", "concept_note"):
        base.pop(part, None)
    for edition, lang in (("en", "en"), ("my", "my"), ("bilingual", "en"), ("bilingual", "my")):
        if wanted and f"{edition}:{lang}" not in wanted:
            continue
        print(f'    "{edition}": {{"{lang}": {{')
        for size in COVER_SIZES:
            print(f'        "{size}": {tuple(capacities(base, edition, lang, size, seeds))},', flush=True)
        print("    }},")


if __name__ == "__main__":
    main()
