"""The Zawgyi converter (paraencoder, through myanmar/icu_backend.py) gives ICU's `Zawgyi-my` text, and
the line breaker (icu4py) reports code-point offsets and survives text ICU cannot take."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from isp_recap.myanmar import icu_backend
from isp_recap.myanmar.zawgyi import zawgyi_to_unicode

FIXTURES = Path(__file__).parent / "fixtures" / "zawgyi"
PAIRS = json.loads((FIXTURES / "icu-pairs.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["made_by_icu", "typed"])
def test_conversion_equals_icus_transliterator(kind: str) -> None:
    pairs = PAIRS[kind]
    assert len(pairs) == {"made_by_icu": 529, "typed": 17}[kind]
    differ = [(z, icu) for z, icu in pairs if zawgyi_to_unicode(z) != icu]
    assert differ == []


def test_fixture_is_icus_current_output() -> None:
    # Where ICU's transliterators install (icukit-pyicu: Linux x86_64 wheels, a dev dependency), the
    # pairs are made again and must be unchanged: the comparison above is with ICU itself.
    icu = pytest.importorskip("icu", reason="icukit-pyicu has wheels for Linux x86_64 and macOS arm64 only")
    spec = importlib.util.spec_from_file_location("make_pairs", FIXTURES / "make_pairs.py")
    assert spec is not None and spec.loader is not None
    make_pairs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_pairs)
    assert PAIRS["icu_version"] == icu.ICU_VERSION
    assert make_pairs.pairs() == PAIRS


def test_conversion_is_unconditional_and_leaves_latin_alone() -> None:
    # The detector decides what is Zawgyi; the converter always converts (ICU's transliterator did too).
    assert zawgyi_to_unicode("ISP-Myanmar 2025, ၂၀၂၅") == "ISP-Myanmar 2025, ၂၀၂၅"
    assert zawgyi_to_unicode("ေျမ") == "မြေ"
    assert zawgyi_to_unicode("မြေ") != "မြေ"  # Unicode read as Zawgyi is reordered, as by ICU


def test_line_boundaries_count_code_points() -> None:
    text = "😀 ရှားပါးမြေ တူးဖော်ရေး"  # the emoji is two UTF-16 units, one code point
    bounds = list(icu_backend.line_boundaries(text))
    assert bounds == [2, 9, 13, 16, 20, 23] and bounds[-1] == len(text)


def test_line_boundaries_survive_a_lone_surrogate() -> None:
    text = "ရှားပါးမြေ\ud800တူးဖော်ရေး"
    bounds = list(icu_backend.line_boundaries(text))
    assert bounds[-1] == len(text) and 7 in bounds

