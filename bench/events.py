"""Benchmark inputs: the sample, and events of a given length generated from the sample's turns.

Nothing big is committed: an event of 600 pages is written into a temporary folder at run time from
the sample's paragraphs. Each repeated paragraph gets a number of its own, so no two paragraphs of a
generated event are equal and no cache (ICU segmentation, WeasyPrint's or Pango's) profits from the
repetition more than it would from a real memo.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"

#: Paragraphs of the sample's turns per printed A4 page, measured on the generated events with the
#: shipped stylesheet (English 12 -> 12 pages, 120 -> 120, 600 -> 600 within a page or two). Only
#: used to size the events; the benchmark reports the page counts it actually got.
PARAGRAPHS_PER_PAGE = {"en": 6.2, "my": 3.95}

_MY_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


def load_sample() -> dict[str, Any]:
    """The sample event as plain data (no positions needed here)."""
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe", pure=True).load(SAMPLE.read_text(encoding="utf-8"))
    return data


def turn_pool(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every spoken turn of the sample (programme, Q&A moderation and answers, closing), in order."""
    turns = [item["turn"] for item in data.get("programme", []) if "turn" in item]
    for item in data.get("qa", []):
        if "turn" in item:
            turns.append(item["turn"])
        for answer in item.get("question", {}).get("answers", []):
            if answer.get("speaker"):
                turns.append({"speaker": answer["speaker"], "paragraphs": answer["paragraphs"]})
    turns += data.get("closing", [])
    return turns


def generated_event(data: dict[str, Any], pages: int, lang: str) -> dict[str, Any]:
    """An event of about `pages` printed pages in `lang`: the sample's header, then its turns repeated.

    An English event has no Burmese, and in a Burmese event each paragraph's English is a short
    stand-in: a build in one language reads only that language, and the loader refuses an event of
    more than 2,000,000 characters of text (`yaml_tree.MAX_TEXT_CHARS`), which a 600-page event in
    both languages would be. The header (organisation, event, people) keeps both languages.
    """
    wanted = max(1, round(pages * PARAGRAPHS_PER_PAGE[lang]))
    pool = turn_pool(data)
    out = {k: copy.deepcopy(data[k]) for k in ("format", "translation_status", "organisation", "event",
                                                "publication", "people")}
    programme: list[dict[str, Any]] = []
    made = 0
    copy_no = 0
    while made < wanted:
        copy_no += 1
        for turn in pool:
            if made >= wanted:
                break
            paragraphs = []
            for p in turn["paragraphs"][: wanted - made]:
                paragraphs.append(_numbered(p, copy_no, made + len(paragraphs) + 1, lang))
            made += len(paragraphs)
            programme.append({"turn": {"speaker": turn["speaker"], "paragraphs": paragraphs}})
    out["programme"] = programme
    if lang == "en":
        _drop_burmese(out)
    return out


def _numbered(text: dict[str, Any], copy_no: int, number: int, lang: str) -> dict[str, Any]:
    if lang == "en":
        return {"en": f"{text['en']} ({copy_no}.{number})"}
    return {"en": f"Paragraph {copy_no}.{number}.",
            "my": f"{text['my']} ({copy_no}.{number})".translate(_MY_DIGITS)}


def _drop_burmese(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("my", None)
        for value in node.values():
            _drop_burmese(value)
    elif isinstance(node, list):
        for value in node:
            _drop_burmese(value)


def write_event(data: dict[str, Any], folder: Path) -> Path:
    """Write `data` as `folder/event.yaml` and return its path."""
    from ruamel.yaml import YAML

    folder.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.default_flow_style = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path = folder / "event.yaml"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
