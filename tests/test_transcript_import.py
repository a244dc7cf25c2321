"""`isp-recap import` end to end: fixtures import, validate, and importing again changes nothing."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.markup import unescape_markup
from isp_recap.source.loader import load_event

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"
PEOPLE = FIXTURES / "people.yaml"
IDS = {"Su Lin Han": "su-lin-han", "Nan Lwin": "nan-lwin", "Kaung San": "kaung-san"}
FILLER = re.compile(r"^\[[a-z ]+\]$")


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def event(tmp_path: Path) -> Path:
    target = tmp_path / "event.yaml"
    shutil.copy(PEOPLE, target)
    return target


def turns_of(path: Path) -> list[tuple[str, str | None, list[str], list[str | None]]]:
    memo = load_event(path)
    return [(i.turn.speaker, i.turn.at, [p.en for p in i.turn.paragraphs], [p.my for p in i.turn.paragraphs])
            for i in memo.programme if i.turn]


def test_must_show_voice_tagged_panel(event: Path) -> None:
    """The panel's WebVTT: turns joined equal the cue text in order, by the right declared speakers."""
    import webvtt

    code, out, err = run("import", FIXTURES / "panel.vtt", "--event", event)
    assert code == 0, err
    assert "4 turns added" in out
    captions = [c for c in webvtt.read(str(FIXTURES / "panel.vtt")).captions if not FILLER.match(c.text)]
    texts = [" ".join(html.unescape(c.text).split()) for c in captions]
    runs: list[tuple[str, list[str]]] = []  # consecutive cues of one voice
    for caption, text in zip(captions, texts, strict=True):
        if runs and runs[-1][0] == IDS[str(caption.voice)]:
            runs[-1][1].append(text)
        else:
            runs.append((IDS[str(caption.voice)], [text]))
    turns = turns_of(event)
    assert [speaker for speaker, *_ in turns] == [speaker for speaker, _ in runs] == \
        ["su-lin-han", "nan-lwin", "kaung-san", "su-lin-han"]
    for (_, _, paragraphs, mys), (_, cue_texts) in zip(turns, runs, strict=True):
        assert unescape_markup(" ".join(paragraphs)) == " ".join(cue_texts)
        assert mys == [None] * len(paragraphs)  # no Burmese is invented
    assert " ".join(unescape_markup(p) for t in turns for p in t[2]) == " ".join(texts)
    assert [at for _, at, _, _ in turns] == ["00:00:02.000", "00:00:33.965", "00:01:29.195", "00:02:14.975"]
    assert sum(len(t[2]) for t in turns) > len(turns)  # grouped into paragraphs, not one blob per turn
    code, out, _ = run("validate", event)
    assert code == 0 and "turns        4" in out


def test_merge_keeps_comments_and_order_and_reimport_changes_nothing(event: Path) -> None:
    before = event.read_text(encoding="utf-8")
    assert run("import", FIXTURES / "panel.vtt", "--event", event)[0] == 0
    after = event.read_text(encoding="utf-8")
    assert after.startswith(before)  # everything there before, byte for byte, comments included
    assert "# co-panelist" in after and after.index("people:") < after.index("programme:")
    code, out, _ = run("import", FIXTURES / "panel.vtt", "--event", event)
    assert code == 0 and "nothing to add (4 turns already present)" in out
    assert event.read_text(encoding="utf-8") == after


FILES = [
    (["panel.vtt"], 4),
    (["panel.srt"], 4),
    (["panel.txt"], 4),
    (["qa.en.srt", "qa.my.srt"], 3),
]


@pytest.mark.parametrize(("names", "turns"), FILES)
def test_each_fixture_imports_validates_and_is_idempotent(event: Path, names: list[str], turns: int) -> None:
    files = [FIXTURES / n for n in names]
    code, _, err = run("import", *files, "--event", event)
    assert code == 0, err
    assert len(turns_of(event)) == turns
    assert run("validate", "-q", event)[0] == 0
    first = event.read_text(encoding="utf-8")
    assert run("import", *files, "--event", event)[0] == 0
    assert event.read_text(encoding="utf-8") == first


def test_docx_transcript(event: Path, tmp_path: Path) -> None:
    from test_transcript_readers import make_docx

    path = tmp_path / "transcript.docx"
    path.write_bytes(make_docx())
    code, _out, err = run("import", path, "--event", event)
    assert code == 0, err
    turns = turns_of(event)
    assert [(s, at) for s, at, *_ in turns] == [("su-lin-han", None), ("nan-lwin", None), ("kaung-san", "00:01:29.000"),
                                                ("su-lin-han", None)]
    assert turns[0][2] == ["Greetings to all Gabyin members joining today's 30 Minutes with the ISP program.",
                           "Alright, let's begin."]
    first = event.read_text(encoding="utf-8")
    assert run("import", path, "--event", event)[0] == 0 and event.read_text(encoding="utf-8") == first


def test_bilingual_pair_aligns_each_paragraph(event: Path) -> None:
    code, out, err = run("import", FIXTURES / "qa.en.srt", FIXTURES / "qa.my.srt", "--event", event)
    assert code == 0, err
    assert "warning" not in err  # every cue of the pair aligns
    assert "12 Burmese cues aligned" in out
    turns = turns_of(event)
    assert [s for s, *_ in turns] == ["su-lin-han", "kaung-san", "su-lin-han"]
    for _, _, ens, mys in turns:
        for en, my in zip(ens, mys, strict=True):
            assert my is not None
            # one Burmese sentence (ending ။) for each English sentence of the paragraph
            assert my.count("။") == len(re.findall(r"[.?!](?=\s|$)", en)), (en, my)
    assert turns[2][3] == ["ဖြေကြားပေးတဲ့အတွက် ကောင်းဆန်းကို ကျေးဇူးတင်ပါတယ်။"]
    assert "ဆုလင်းဟန်:" not in str(turns[0][3][0])  # the Burmese speaker label is not text


def test_unaligned_cues_are_warnings(event: Path, tmp_path: Path) -> None:
    en = tmp_path / "v.en.srt"
    my = tmp_path / "v.my.srt"
    en.write_text("1\n00:00:01,000 --> 00:00:02,000\nNAN LWIN: Hello.\n\n2\n00:00:05,000 --> 00:00:06,000\nBye.\n",
                  encoding="utf-8")
    my.write_text("1\n00:00:01,100 --> 00:00:01,900\nမင်္ဂလာပါ။\n\n2\n00:00:03,000 --> 00:00:04,000\nအပို။\n",
                  encoding="utf-8")
    code, _, err = run("import", en, my, "--event", event)
    assert code == 0
    assert f"{my}:6:1: warning[unaligned-cue]" in err and f"{en}:6:1: warning[unaligned-cue]" in err
    assert turns_of(event)[0][2:] == (["Hello.", "Bye."], ["မင်္ဂလာပါ။", None])


def test_zawgyi_subtitles_are_an_error_unless_converted(event: Path, tmp_path: Path) -> None:
    unicode_text = "ဖြေကြားပေးတဲ့အတွက် ကောင်းဆန်းကို ကျေးဇူးတင်ပါတယ်။"
    zawgyi = "ေျဖၾကားေပးတဲ့အတြက္ ေကာင္းဆန္းကို ေက်းဇူးတင္ပါတယ္။"  # unicode_text by ICU's my-Zawgyi
    en = tmp_path / "z.en.vtt"
    my = tmp_path / "z.my.vtt"
    en.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Su Lin Han>Thank you, Kaung San.\n", encoding="utf-8")
    my.write_text(f"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n{zawgyi}\n", encoding="utf-8")
    before = event.read_text(encoding="utf-8")
    code, _, err = run("import", en, my, "--event", event)
    assert code == 2 and f"{my}:3:1: error[zawgyi]" in err and "--convert-zawgyi" in err
    assert event.read_text(encoding="utf-8") == before  # nothing written on failure
    code, _, err = run("import", en, my, "--event", event, "--convert-zawgyi")
    assert code == 0 and "warning[zawgyi-converted]" in err
    assert turns_of(event)[0][3] == [unicode_text]


def test_errors_exit_2_print_positions_and_write_nothing(event: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nNAN LWIM: Hello.\n\n"
                   "2\n00:00:0x,000 --> 00:00:03,000\nBroken.\n\n3\n00:00:04,000 --> 00:00:05,000\nZAW MIN: Hi.\n",
                   encoding="utf-8")
    before = event.read_text(encoding="utf-8")
    code, out, err = run("import", bad, "--event", event)
    assert code == 2 and "Traceback" not in err + out
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"{bad}:3:1: error[unknown-speaker]: speaker 'NAN LWIM'")
    assert "did you mean 'nan-lwin'" in lines[0]
    assert lines[1].startswith(f"{bad}:6:1: error[srt-timing]")
    assert lines[2].startswith(f"{bad}:11:1: error[unknown-speaker]: speaker 'ZAW MIN'")
    assert event.read_text(encoding="utf-8") == before
    code, _, err = run("import", bad, "--event", event, "--alias", "NAN LWIM=nan-lwin", "--alias", "ZAW MIN=-")
    assert code == 2 and "unknown-speaker" not in err and "srt-timing" in err


def test_aliases_file_and_bad_alias_targets(event: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Moderator: Welcome.\n\nDr. Nan: Thank you.\n", encoding="utf-8")
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("Moderator: su-lin-han\nDr. Nan: nan-lwin\n", encoding="utf-8")
    assert run("import", src, "--event", event, "--aliases", aliases)[0] == 0
    assert [s for s, *_ in turns_of(event)] == ["su-lin-han", "nan-lwin"]
    aliases.write_text("Moderator: somebody\n", encoding="utf-8")
    code, _, err = run("import", src, "--event", event, "--aliases", aliases)
    assert code == 2 and f"{aliases}:1:12: error[unknown-alias-target]" in err


def test_new_skeleton_validates(tmp_path: Path) -> None:
    out_path = tmp_path / "new.yaml"
    code, out, err = run("import", FIXTURES / "panel.srt", "-o", out_path, "--title", "Rare earths",
                         "--date", "2025-04-26")
    assert code == 0, err
    assert "declared new person 'su-lin-han' for 'Su Lin Han'" in out
    memo = load_event(out_path)
    assert [p.id for p in memo.people] == ["su-lin-han", "nan-lwin", "kaung-san"]
    assert memo.event.title.en == "Rare earths" and str(memo.event.date) == "2025-04-26"
    assert "TODO" in out_path.read_text(encoding="utf-8")
    code, _, err = run("import", FIXTURES / "panel.srt", "-o", out_path)
    assert code == 2 and "exists" in err


def test_markup_in_subtitles_stays_text(event: Path, tmp_path: Path) -> None:
    src = tmp_path / "m.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Nan Lwin>Read [this](javascript:alert(1)) "
                   "*now* &lt;b&gt;</v>\n", encoding="utf-8")
    assert run("import", src, "--event", event)[0] == 0
    (turn,) = turns_of(event)
    assert unescape_markup(turn[2][0]) == "Read [this](javascript:alert(1)) *now* <b>"


def test_import_command_is_registered_lazily() -> None:
    probe = "import isp_recap.cli, sys; print('\\n'.join(sys.modules))"
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                                timeout=60).stdout.split())
    assert "isp_recap.cli.transcript_import" in loaded
    engines = ("docx", "icu4py", "para", "myanmartools", "ruamel", "webvtt", "pydantic")
    heavy = {m for m in loaded if m.split(".")[0] in engines}
    assert not heavy and not {m for m in loaded if m.startswith("isp_recap.transcript.")}


def test_large_file_imports_quickly(event: Path, tmp_path: Path) -> None:
    """2,000 cues (a two-hour video) import in well under the time an editor would wait."""
    import time

    buf = io.StringIO()
    buf.write("WEBVTT\n\n")
    names = list(IDS)
    for i in range(2000):
        start = i * 3000
        who = names[(i // 25) % 3]
        buf.write(f"{start // 3600000:02d}:{start // 60000 % 60:02d}:{start // 1000 % 60:02d}.000 --> "
                  f"{(start + 2500) // 3600000:02d}:{(start + 2500) // 60000 % 60:02d}:"
                  f"{(start + 2500) // 1000 % 60:02d}.500\n<v {who}>Sentence number {i} is here.</v>\n\n")
    src = tmp_path / "long.vtt"
    src.write_text(buf.getvalue(), encoding="utf-8")
    began = time.perf_counter()
    code, out, err = run("import", src, "--event", event)
    elapsed = time.perf_counter() - began
    assert code == 0 and "warning" not in err, err
    assert "2000 cues -> 80 turns" in out
    assert elapsed < 10


def test_import_into_the_bundled_sample_only_appends(tmp_path: Path) -> None:
    """Every byte of the sample event (comments, quoting, order) survives; the new turns follow."""
    sample = FIXTURES.parent.parent.parent / "samples" / "rare-earths-2025"
    if not (sample / "event.yaml").is_file():
        pytest.skip("the bundled sample is not there yet")
    copy = tmp_path / "sample"
    shutil.copytree(sample, copy)
    target = copy / "event.yaml"
    before = target.read_text(encoding="utf-8")
    code, _, err = run("import", FIXTURES / "panel.vtt", "--event", target)
    assert code == 0, err
    after = target.read_text(encoding="utf-8")
    import difflib

    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes()
    inserted = [(i1, j1, j2) for tag, i1, _, j1, j2 in ops if tag != "equal"]
    assert all(tag in ("equal", "insert") for tag, *_ in ops)  # nothing changed or removed
    assert len(inserted) == 1  # one block: the new turns, at the end of the programme
    new_lines = after.splitlines()[inserted[0][1]:inserted[0][2]]
    assert sum(line.strip().startswith("at: ") for line in new_lines) == 4
    assert run("validate", "-q", target)[0] == 0
