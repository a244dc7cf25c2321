"""Translators' exchange files (`translate import`, PO and XLIFF 2.0): XML entities, truncation, control
characters, unsafe links, and files that try to choose which event they rewrite. Nothing is written
unless every unit is acceptable; the event stays byte for byte as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import (
    ROOT,
    Result,
    Sandbox,
    assert_clean_failure,
    assert_confined,
    assert_reported,
    run_cases,
    run_cli,
)

MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
TARGET = '<target xml:space="preserve">'
LOL = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))


def _export(box: Sandbox, name: str, fmt: str) -> Result:
    """The staff's side (not hostile): export the event's text, allowed to write into its folder."""
    return run_cli(["translate", "export", "event.yaml", "-o", name, "-f", fmt], event_dir=box.event_dir,
                   out_dir=box.event_dir)


def _xliff(change: Callable[[str], str]) -> Callable[[Sandbox], str]:
    def make(box: Sandbox) -> str:
        export = _export(box, "in.xlf", "xliff")
        assert export.returncode == 0, export.describe()
        path = box.event_dir / "in.xlf"
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return "in.xlf"

    return make


def _po(change: Callable[[str], str]) -> Callable[[Sandbox], str]:
    def make(box: Sandbox) -> str:
        export = _export(box, "in.po", "po")
        assert export.returncode == 0, export.describe()
        path = box.event_dir / "in.po"
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return "in.po"

    return make


def _doctype(entities: str, use: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        text = text.replace('<?xml version="1.0" encoding="UTF-8"?>',
                            f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xliff [{entities}]>', 1)
        i = text.index(TARGET) + len(TARGET)
        return text[:i] + use + text[i:]

    return change


def _first_target(prefix: str) -> Callable[[str], str]:
    return lambda text: text.replace(TARGET, TARGET + prefix, 1)


def _event_edited_after_export(box: Sandbox) -> str:
    """Issue 13's must-show: export to XLIFF, then edit a Burmese value in the YAML; the old XLIFF comes back."""
    export = _export(box, "in.xlf", "xliff")
    assert export.returncode == 0, export.describe()
    event = box.event_dir / "event.yaml"
    text = event.read_text(encoding="utf-8")
    assert "my: မြန်မာ့ ရှားပါးမြေများ}" in text
    event.write_text(text.replace("my: မြန်မာ့ ရှားပါးမြေများ}", "my: မြန်မာ့ ရှားပါးမြေ သတ္တုများ}", 1), encoding="utf-8")
    return "in.xlf"


CASES: dict[str, tuple[Callable[[Sandbox], str], str, int, tuple[str, ...]]] = {
    # Newer work in the event: a conflict (a finding, exit 1), the event byte for byte as it was.
    "xliff-after-event-edit": (_event_edited_after_export, "conflict", 1, ()),
    # name: (make the file, expected code, exit code, extra import options)
    "xliff-xxe": (_xliff(_doctype('<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;")), "unsafe-xml", 2, ()),
    "xliff-billion-laughs": (_xliff(_doctype('<!ENTITY l0 "lol">' + LOL, "&l9;")), "unsafe-xml", 2, ()),
    "xliff-truncated": (_xliff(lambda t: t[: len(t) // 2]), "invalid-xml", 2, ()),
    "xliff-control-character": (_xliff(_first_target("\x1b[2J")), "invalid-xml", 2, ()),
    # A refused unit is a finding (exit 1, as `check`): nothing is written without --partial.
    "xliff-javascript-link": (_xliff(_first_target("[x](javascript:alert(1)) ")), "invalid-markup", 1, ()),
    "po-absolute-event": (_po(lambda t: t.replace("X-Isp-Recap-Event: event.yaml",
                                                  "X-Isp-Recap-Event: /etc/passwd")), "no-event", 2, ()),
    "po-unclosed-string": (_po(lambda t: t.replace('msgstr "ISP နှင့် မိနစ် ၃၀"', 'msgstr "ISP နှင့်')),
                           "invalid-po", 2, ()),
    "po-file-link": (_po(lambda t: t.replace('msgstr "ISP နှင့် မိနစ် ၃၀"', 'msgstr "[x](file:///etc/passwd)"')),
                     "invalid-markup", 1, ()),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Sandbox, dict[str, str], Result]]:
    def one(name: str, root: Path) -> tuple[Sandbox, dict[str, str], Result]:
        make, _code, _exit, options = CASES[name]
        box = Sandbox(root)
        shutil.copyfile(MINIMAL, box.event_dir / "event.yaml")
        file = make(box)
        before = box.snapshot()
        return box, before, box.run("translate", "import", file, *options)

    return run_cases(tmp_path_factory, sorted(CASES), one)


@pytest.mark.parametrize("name", sorted(CASES))
def test_translate_import(runs: dict[str, tuple[Sandbox, dict[str, str], Result]], name: str) -> None:
    box, before, result = runs[name]
    _make, code, exit_code, _options = CASES[name]
    if exit_code == 2:
        assert_clean_failure(result, [(code, None, None)])
    else:
        assert_confined(result)
        assert result.returncode == exit_code, result.describe()
        assert_reported(result, code)
    box.assert_unchanged(before)
    assert "root:x:0:0" not in result.stdout + result.stderr
    if code == "conflict":  # at the unit in the imported file, naming the event's field and position
        (m,) = [m for m in result.errors if m["code"] == "conflict"]
        assert m["path"] == "in.xlf" and int(m["line"]) > 0 and int(m["col"]) > 0, result.describe()
        assert m["message"].startswith("event.title.my changed in the event since the export (event.yaml:11:"), \
            result.describe()
