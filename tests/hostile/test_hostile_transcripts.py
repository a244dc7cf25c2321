"""Hostile transcripts for `isp-recap import`: broken, negative, reversed, overlapping and huge times,
unknown speakers, markup, Zawgyi and English where Burmese is expected, binary and damaged files.

Refused imports exit 2 with `PATH:LINE:COL` and write nothing; accepted ones warn at the line of each
oddity and write an event that validates, with times a person can find in the recording.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx_files import zip_bomb_lying
from harness import (
    FIXTURES,
    ROOT,
    Sandbox,
    assert_clean_failure,
    assert_confined,
    assert_reported,
    run_cases,
    run_cli,
)
from harness import SandboxRun as Run

TRANSCRIPTS = FIXTURES / "transcripts"
PEOPLE = ROOT / "tests" / "fixtures" / "transcripts" / "people.yaml"


def _docx_transcript(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        name, _, rest = text.partition(": ")
        p = document.add_paragraph()
        p.add_run(name + ":").bold = True
        p.add_run(" " + rest)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_xxe() -> bytes:
    import zipfile

    data = _docx_transcript(["Su Lin Han: Greetings."])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            part = source.read(name)
            if name == "word/document.xml":
                end = part.index(b"?>") + 2
                part = (part[:end] + b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        + part[end:].replace(b"Greetings.", b"&x;"))
            archive.writestr(name, part)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    files: tuple[str, ...]  # names in fixtures/transcripts, or keys of GENERATED
    expect: tuple[tuple[str, int | None], ...]  # (code, line) errors (exit 2) or warnings (exit 0)
    ok: bool = False  # True: the import succeeds (with the warnings in `expect`)
    options: tuple[str, ...] = ()
    check_text: tuple[str, ...] = field(default=())  # (accepted) texts the written event must contain


GENERATED: dict[str, Callable[[], bytes]] = {
    "talk.docx": lambda: _docx_transcript(["Su Lin Han: Greetings to all.", "Nan Lwin: Thank you."]),
    "truncated.docx": lambda: _docx_transcript(["Su Lin Han: Greetings."])[:900],
    "zip-bomb.docx": zip_bomb_lying,
    "xxe.docx": _docx_xxe,
    "not-a-docx.docx": lambda: b"PK\x03\x04 this is not really a zip",
    "huge.srt": lambda: b"1\n00:00:01,000 --> 00:00:02,000\nSU LIN HAN: x\n" + b"#" * (21 << 20),
    # Whisper JSON: a flat value bomb (1.1 M zeros, 2.2 MB), nesting 200,000 deep, a file over 20 MB,
    # NaN where a time belongs, and a well-formed file that imports.
    "bomb.json": lambda: b'{"segments": [' + b",".join([b"0"] * 1_100_000) + b"]}",
    "deep.json": lambda: b'{"segments": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
    "huge.json": lambda: b'{"segments": [], "pad": "' + b"x" * (21 << 20) + b'"}',
    "nan.json": lambda: b'{"segments": [{"start": NaN, "end": 1, "text": "x"}]}',
    "talk.json": lambda: (b'{"segments": [{"start": 1.5, "end": 3.0, "text": " Greetings to all.", '
                          b'"speaker": "SPEAKER_00", "avg_logprob": -1.5}]}'),
    "no-header.vtt": lambda: b"1\n00:00:01.000 --> 00:00:02.000\nSU LIN HAN: Greetings to all.\n",
}

CASES: dict[str, Case] = {
    "negative-times": Case(("negative-times.srt",), (("negative-time", 2),)),
    "negative-times-lenient": Case(("negative-times.srt",), (("negative-time", 2),), ok=True,
                                   options=("--lenient",), check_text=("at: 00:00:00.000",)),
    "reversed-times": Case(("reversed-times.srt",), (("cue-ends-before-start", 2),)),
    "reversed-times-lenient": Case(("reversed-times.srt",), (("cue-ends-before-start", 2),), ok=True,
                                   options=("--lenient",)),
    "json-bomb": Case(("bomb.json",), (("json-too-large", 1),)),
    "json-deep": Case(("deep.json",), (("json-too-deep", 1),)),
    "json-huge": Case(("huge.json",), (("file-too-large", None),)),
    "json-nan": Case(("nan.json",), (("json-syntax", 1),)),
    "json-ok": Case(("talk.json",), (("low-confidence", 1),), ok=True, options=("--alias", "SPEAKER_00=su-lin-han"),
                    check_text=("at: 00:00:01.500", "Greetings to all.")),
    "no-webvtt-line": Case(("no-header.vtt",), (("vtt-header", 1),)),
    "no-webvtt-line-lenient": Case(("no-header.vtt",), (("vtt-header", 1),), ok=True, options=("--lenient",),
                                   check_text=("Greetings to all.",)),
    "out-of-order": Case(("out-of-order.srt",), (("cue-out-of-order", 6),), ok=True,
                         check_text=("at: 00:00:01.000",)),
    "overlapping": Case(("overlapping.vtt",), (("cue-overlap", 6), ("cue-overlap", 9)), ok=True),
    "huge-hours": Case(("huge-hours.vtt",), (("time-too-large", 3),)),
    "huge-hours-lenient": Case(("huge-hours.vtt",), (("time-too-large", 3),), ok=True, options=("--lenient",),
                               check_text=("at: 99:59:59.999",)),
    "control-chars": Case(("control-chars.srt",), (("control-character", 3), ("bidi-control", 3)), ok=True),
    "windows-1252": Case(("windows-1252.srt",), (("not-utf8", 3),), ok=True, check_text=("Café",)),
    "markup-in-cues": Case(("markup-in-cues.vtt",), (), ok=True,
                           check_text=("\\\\[this link\\\\](javascript:alert(1))", "{{ 7\\\\*7 }}")),
    "garbage-timing": Case(("garbage-timing.srt",), (("no-speaker", 1),)),
    "unknown-speaker": Case(("unknown-speaker.srt",), (("unknown-speaker", 7),)),
    "no-speaker": Case(("no-speaker.txt",), (("no-speaker", 1),)),
    "binary": Case(("binary.srt",), (("binary-file", 1),)),
    "empty": Case(("empty-cues.vtt",), (("empty-transcript", None),)),
    "zawgyi": Case(("zawgyi.en.srt", "zawgyi.my.srt"), (("zawgyi", 2),)),
    "english-named-burmese": Case(("english.en.srt", "english.my.srt"), (("language-mismatch", 2),)),
    "docx-ok": Case(("talk.docx",), (), ok=True, check_text=("Greetings to all.",)),
    "docx-truncated": Case(("truncated.docx",), (("docx-invalid", None),)),
    "docx-zip-bomb": Case(("zip-bomb.docx",), (("docx-invalid", None),)),
    "docx-xxe": Case(("xxe.docx",), (("docx-invalid", None),)),
    "docx-not-a-zip": Case(("not-a-docx.docx",), (("docx-invalid", None),)),
    "too-large": Case(("huge.srt",), (("file-too-large", None),)),
    "fifo": Case(("fifo.srt",), (("not-a-file", None),)),
    # A link never leads a read out of the folder that holds it, even for a file named on the command line.
    "symlink-out": Case(("passwd.srt",), (("outside-folder", None),)),
    "alias-file-python-tag": Case(("negative-times.srt",), (("unsafe-tag", 1),),
                            options=("--aliases", "aliases.yaml")),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    def one(name: str, root: Path) -> Run:
        case = CASES[name]
        box = Sandbox(root)
        shutil.copyfile(PEOPLE, box.event_dir / "event.yaml")
        for file in case.files:
            if file in GENERATED:
                box.write(file, GENERATED[file]())
            elif file == "fifo.srt":
                os.mkfifo(box.event_dir / file)
            elif file == "passwd.srt":
                (box.event_dir / file).symlink_to("/etc/passwd")
            else:
                shutil.copyfile(TRANSCRIPTS / file, box.event_dir / file)
        box.write("aliases.yaml", "Moderator: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
        box.out_dir.mkdir()
        before = box.snapshot()
        extra = [Path("/etc/passwd")] if "passwd.srt" in case.files else []
        result = box.run("import", *case.files, "--event", "event.yaml", "-o", box.out_dir / "event.yaml",
                         *case.options, extra_read=extra)
        return Run(box, before, result)

    return run_cases(tmp_path_factory, sorted(CASES), one)


@pytest.mark.parametrize("name", sorted(CASES))
def test_import(runs: dict[str, Run], name: str) -> None:
    case, run = CASES[name], runs[name]
    result = run.result
    if not case.ok:
        assert_clean_failure(result, [(code, line, None) for code, line in case.expect])
        run.box.assert_unchanged(run.before)
        assert "root:x:0:0" not in result.stderr + result.stdout
        return
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.stderr
    for code, line in case.expect:  # warnings, positioned like errors
        assert f"warning[{code}]" in result.stderr, result.describe()
        if line is not None:
            assert any(f":{line}:" in row and f"warning[{code}]" in row for row in result.stderr.splitlines()), \
                result.describe()
    written = (run.box.out_dir / "event.yaml").read_text(encoding="utf-8")
    for text in case.check_text:
        assert text in written, (text, written[-1500:])
    # The event given with --event is not touched when -o names another file.
    assert (run.box.event_dir / "event.yaml").read_bytes() == PEOPLE.read_bytes()


def test_written_events_validate(runs: dict[str, Run]) -> None:
    """Each written event validates (times in range, escaped text): one `validate` of them all."""
    written = [runs[n].box.out_dir / "event.yaml" for n in sorted(CASES) if CASES[n].ok]
    check = run_cli(["validate", "-q", *written], event_dir=None, extra_read=[p.parent for p in written])
    assert_confined(check)
    assert check.returncode == 0, check.describe()


def test_reported_lines_are_real(runs: dict[str, Run]) -> None:
    """Every positioned diagnostic of a text transcript names a line that exists in that file."""
    for name, run in runs.items():
        for m in run.result.diagnostics:
            file = run.box.event_dir / m["path"]
            if m["line"] and file.is_file() and file.suffix in (".srt", ".vtt", ".txt"):
                lines = file.read_bytes().count(b"\n") + 1
                assert int(m["line"]) <= lines, (name, m[0])
    assert_reported(runs["unknown-speaker"].result, "unknown-speaker", 7, 1, path="unknown-speaker.srt")
