"""Q&A from a transcript (issue 18 item 4): `isp-recap import --qa-from TIME|WORDS` writes `qa:` items.

`qa-part.vtt` is the sample event's Q&A as a Zoom-style transcript (`Name: text` cues, one sentence a
cue, a pause between paragraphs; the host reads the pre-submitted and chat questions, Zung Ting asks
hers in her own words). Imported, it must give the questions, sources, asker and answers the sample
holds, typed by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.markup import unescape_markup
from isp_recap.model import Memo
from isp_recap.source.loader import load_event

ROOT = Path(__file__).resolve().parent.parent
TRANSCRIPTS = ROOT / "tests" / "fixtures" / "transcripts"
QA = TRANSCRIPTS / "qa-part.vtt"
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def event(tmp_path: Path) -> Path:
    target = tmp_path / "event.yaml"
    shutil.copy(TRANSCRIPTS / "people.yaml", target)
    return target


def _questions(memo: Memo) -> list[tuple[str, str | None, str, list[tuple[str | None, list[str]]]]]:
    out = []
    for item in memo.qa:
        q = item.question
        if q is None:
            continue
        answers = [(a.speaker, [unescape_markup(p.en or "") for p in a.paragraphs]) for a in q.answers]
        out.append((q.source, q.asker.en if q.asker else None, unescape_markup(q.text.en or ""), answers))
    return out


def test_must_show_the_sample_q_and_a_from_its_transcript(event: Path) -> None:
    code, out, err = run("import", QA, "--event", event, "--qa-from", "Q&A session", "--asker", "Zung Ting")
    assert code == 0, err
    assert "4 questions, 7 turns" in out and "11 Q&A items added" in out
    assert run("validate", "-q", event)[0] == 0
    found = _questions(load_event(event))
    typed = _questions(load_event(SAMPLE))
    assert [(s, a) for s, a, _, _ in found] == [("pre_submitted", None), ("chat", None), ("chat", None),
                                                ("raised_hand", "Zung Ting")]
    assert found == typed  # texts, sources, asker, answers by speaker and paragraph: as typed by hand
    memo = load_event(event)
    assert [i.question.at for i in memo.qa if i.question] == ["00:41:12.235", "00:42:05.535", "00:43:39.075",
                                                              "00:45:28.365"]
    # nothing said is lost: every cue's words are in the event once, in order
    spoken = " ".join(line.split(": ", 1)[1] for line in QA.read_text(encoding="utf-8").splitlines()
                      if ": " in line and "-->" not in line)
    written = []
    for item in memo.programme:
        if item.turn:
            written += [p.en or "" for p in item.turn.paragraphs]
    for qa in memo.qa:
        if qa.turn:
            written += [p.en or "" for p in qa.turn.paragraphs]
        elif qa.question:
            written.append(qa.question.text.en or "")
            written += [p.en or "" for a in qa.question.answers for p in a.paragraphs]
    assert unescape_markup(" ".join(written)) == spoken
    code, out, _ = run("import", QA, "--event", event, "--qa-from", "Q&A session", "--asker", "Zung Ting")
    assert code == 0 and "nothing to add" in out  # importing again changes nothing


def test_dry_run_shows_the_structure_and_writes_nothing(event: Path) -> None:
    before = event.read_bytes()
    code, out, err = run("import", QA, "--event", event, "--qa-from", "00:41:01.910", "--asker", "Zung Ting",
                         "--dry-run")
    assert code == 0, err
    assert event.read_bytes() == before
    lines = out.splitlines()
    assert "Q&A from line 24 at 00:41:01.910; host su-lin-han: 4 questions, 7 turns" in lines
    questions = [line.split()[:4] for line in lines if line.startswith("  question")]
    assert questions == [["question", "q1", "00:41:12.235", "pre_submitted"],
                         ["question", "q2", "00:42:05.535", "chat"],
                         ["question", "q3", "00:43:39.075", "chat"],
                         ["question", "q4", "00:45:28.365", "raised_hand"]]
    assert sum(line.startswith("    answer ") for line in lines) == 4
    assert any("asker 'Zung Ting'" in line for line in lines)
    assert "would write" in out


def test_a_time_and_a_marker_find_the_same_start(event: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    shutil.copy(event, other)
    assert run("import", QA, "--event", event, "--qa-from", "41:01.910", "--asker", "Zung Ting")[0] == 0
    assert run("import", QA, "--event", other, "--qa-from", "move on to the q&a", "--asker", "Zung Ting")[0] == 0
    assert event.read_text(encoding="utf-8") == other.read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "where", "code"), [
    ("41:75", "--qa-from", "invalid-time"),
    ("02:00:00", f"{QA}:234:1", "qa-not-found"),
    ("the closing bell", f"{QA}", "qa-not-found"),
])
def test_bad_starts_are_positioned_errors_and_nothing_is_written(event: Path, value: str, where: str,
                                                                 code: str) -> None:
    before = event.read_bytes()
    status, out, err = run("import", QA, "--event", event, "--qa-from", value, "--asker", "Zung Ting")
    assert status == 2 and out == ""
    assert f"{where}:" in err and f"error[{code}]" in err, err
    assert "Traceback" not in err and event.read_bytes() == before


def test_an_unknown_speaker_in_the_q_and_a_is_an_error_that_names_asker(event: Path) -> None:
    before = event.read_bytes()
    status, _, err = run("import", QA, "--event", event, "--qa-from", "Q&A session")
    assert status == 2
    assert f"{QA}:169:1: error[unknown-speaker]: speaker 'Zung Ting'" in err
    assert "--asker 'Zung Ting'" in err and event.read_bytes() == before


def test_question_source_overrides_every_question_or_one(event: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    shutil.copy(event, other)
    assert run("import", QA, "--event", event, "--qa-from", "Q&A session", "--asker", "Zung Ting",
               "--question-source", "chat")[0] == 0
    assert [s for s, *_ in _questions(load_event(event))] == ["chat"] * 4
    assert run("import", QA, "--event", other, "--qa-from", "Q&A session", "--asker", "Zung Ting",
               "--question-source", "q2=raised_hand")[0] == 0
    assert [s for s, *_ in _questions(load_event(other))] == ["pre_submitted", "raised_hand", "chat", "raised_hand"]
    status, _, err = run("import", QA, "--event", other, "--qa-from", "Q&A session", "--asker", "Zung Ting",
                         "--question-source", "q9=chat", "--dry-run")
    assert status == 2 and "error[unknown-question]" in err
    status, _, err = run("import", QA, "--event", other, "--qa-from", "Q&A session", "--question-source", "fax")
    assert status == 2 and "--question-source: error[usage]: 'fax' is not pre_submitted" in err


def _vtt(tmp_path: Path, *cues: str) -> Path:
    lines = ["WEBVTT", ""]
    for n, text in enumerate(cues):
        lines += [f"00:00:{2 * n:02d}.000 --> 00:00:{2 * n + 1:02d}.500", text, ""]
    path = tmp_path / "talk.vtt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_question_without_a_source_is_an_error_at_its_line(event: Path, tmp_path: Path) -> None:
    path = _vtt(tmp_path, "Su Lin Han: Let us open the floor.", "Su Lin Han: Here is the next question:",
                "Su Lin Han: What about the border trade?", "Kaung San: It has slowed down.")
    before = event.read_bytes()
    status, _, err = run("import", path, "--event", event, "--qa-from", "00:00:02")
    assert status == 2 and event.read_bytes() == before
    assert f"{path}:9:1: error[question-source]: question q1 ('What about the border trade?')" in err
    assert "--question-source q1=chat" in err
    status, _, err = run("import", path, "--event", event, "--qa-from", "00:00:02", "--question-source", "q1=chat")
    assert status == 0, err
    memo = load_event(event)
    assert [(i.turn is not None, i.question.source if i.question else None) for i in memo.qa] == \
        [(True, None), (False, "chat")]
    assert memo.programme[0].turn is not None and memo.programme[0].turn.paragraphs[0].en == "Let us open the floor."


def test_an_unanswered_question_stays_the_hosts_turn(event: Path, tmp_path: Path) -> None:
    path = _vtt(tmp_path, "Su Lin Han: One question from the chat: what comes next?",
                "Su Lin Han: We are out of time, thank you all.")
    status, _, err = run("import", path, "--event", event, "--qa-from", "0:00")
    assert status == 0, err
    assert "warning[unanswered-question]" in err and "warning[no-questions]" in err
    memo = load_event(event)
    assert [i.turn.speaker for i in memo.qa if i.turn] == ["su-lin-han", "su-lin-han"]


def test_an_asker_before_the_q_and_a_is_an_error(event: Path, tmp_path: Path) -> None:
    path = _vtt(tmp_path, "Zung Ting: Hello everyone.", "Su Lin Han: Now the Q&A.",
                "Su Lin Han: A question from the chat: why?", "Nan Lwin: Because.")
    status, _, err = run("import", path, "--event", event, "--qa-from", "Now the Q&A", "--asker", "Zung Ting")
    assert status == 2 and f"{path}:3:1: error[asker-outside-qa]" in err


def test_a_new_skeleton_with_a_q_and_a_validates(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    code, _, err = run("import", QA, "-o", out, "--qa-from", "Q&A session", "--asker", "Zung Ting",
                       "--title", "Rare Earths", "--date", "2025-04-26")
    assert code == 0, err
    memo = load_event(out)
    assert [s for s, *_ in _questions(memo)] == ["pre_submitted", "chat", "chat", "raised_hand"]
    assert {p.id for p in memo.people} == {"nan-lwin", "su-lin-han", "kaung-san"}  # Zung Ting is no speaker


def test_a_burmese_transcript_gives_burmese_questions(event: Path) -> None:
    code, out, err = run("import", TRANSCRIPTS / "qa.my.srt", "--event", event, "--qa-from", "00:12:40")
    assert code == 0, err
    assert "pre_submitted (from 'ကြိုတင်')" in out
    memo = load_event(event)
    [question] = [i.question for i in memo.qa if i.question]
    assert question.text.en is None and question.text.status == "draft"
    assert question.text.my is not None and question.text.my.startswith("KIA က ကချင်ပြည်နယ်ထဲက")
    assert [a.speaker for a in question.answers] == ["kaung-san"]


def test_a_bilingual_pair_keeps_the_burmese_with_each_part(event: Path) -> None:
    code, _, err = run("import", TRANSCRIPTS / "qa.en.srt", TRANSCRIPTS / "qa.my.srt", "--event", event,
                       "--qa-from", "move on to the Q&A")
    assert code == 0, err
    data = YAML(typ="safe").load(event.read_text(encoding="utf-8"))
    [first] = data["programme"]
    assert first["turn"]["paragraphs"][0]["my"].endswith("အဆုံးသတ်ပါမယ်။")  # the cut follows the cues
    moderation, question = data["qa"][0]["turn"], data["qa"][1]["question"]
    assert moderation["paragraphs"][0]["my"].startswith("အခု မေးခွန်းနဲ့အဖြေ")
    assert question["text"]["en"].startswith("Has the KIA") and question["text"]["my"].startswith("KIA က")


def test_newer_work_saved_during_the_import_is_not_overwritten(event: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import isp_recap.transcript.importer as importer

    real = importer.run_import

    def run_then_edit(*args: object, **kwargs: object) -> importer.ImportResult:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        event.write_text(event.read_text(encoding="utf-8") + "# saved by an editor meanwhile\n", encoding="utf-8")
        return result

    monkeypatch.setattr(importer, "run_import", run_then_edit)
    status, _, err = run("import", QA, "--event", event, "--qa-from", "Q&A session", "--asker", "Zung Ting")
    assert status == 2 and "error[changed-on-disk]" in err
    assert event.read_text(encoding="utf-8").endswith("# saved by an editor meanwhile\n")
    assert "qa:" not in event.read_text(encoding="utf-8")
