"""A data card image without alternative text is a positioned error for every edition that is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isp_recap.build import BuildOptions, build_event
from isp_recap.diagnostics import IspRecapError

RENDER = Path(__file__).resolve().parent / "fixtures" / "render"


def _without_alt(tmp_path: Path) -> Path:
    shutil.copy(RENDER / "exports.png", tmp_path / "exports.png")
    text = (RENDER / "event.yaml").read_text(encoding="utf-8")
    start = text.index("    image_alt:\n")
    end = text.index("- data_card:", start)
    (tmp_path / "event.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    return tmp_path / "event.yaml"


@pytest.mark.parametrize(("languages", "bilingual", "named"), [
    (("en",), False, "in en"), (("en", "my"), True, "in en, my"), (("my",), False, "in my")])
def test_image_without_alt_is_an_error(tmp_path: Path, languages: tuple[str, ...], bilingual: bool,
                                       named: str) -> None:
    event = _without_alt(tmp_path)
    line = next(i for i, row in enumerate(event.read_text(encoding="utf-8").splitlines(), 1)
                if row.strip() == "image: exports.png")
    with pytest.raises(IspRecapError) as info:
        build_event(event, tmp_path / "out", BuildOptions(languages=languages, bilingual=bilingual,
                                                           formats=("html",)))
    alt = [d for d in info.value.diagnostics if d.code == "missing-image-alt"]
    assert len(alt) == 1 and named in alt[0].message
    assert (alt[0].line, alt[0].col) == (line, 5)
    assert not (tmp_path / "out").exists()
