"""Speaker resolution: declared ids, names in both languages, aliases; unknown names are reported."""

from __future__ import annotations

from isp_recap.transcript.cues import Cue
from isp_recap.transcript.speakers import SpeakerTable, attribute, name_key, parse_alias, slug

PEOPLE = [
    ("su-lin-han", ("Su Lin Han", "ဆုလင်းဟန်")),
    ("nan-lwin", ("Nan Lwin", "နန်းလွင်")),
    ("kaung-san", ("Kaung San", "ကောင်းဆန်း")),
]


def table(aliases: dict[str, str] | None = None) -> SpeakerTable:
    return SpeakerTable.build(PEOPLE, aliases)


def cue(text: str, line: int, speaker: str | None = None, label: str = "") -> Cue:
    return Cue(text=text, line=line, speaker=speaker, speaker_line=line if speaker else 0,
               speaker_col=5 if speaker else 0, label=label)


def test_names_resolve_by_id_name_either_language_and_title() -> None:
    t = table()
    for name in ("nan-lwin", "Nan Lwin", "NAN LWIN", "nan  lwin", "Nan-Lwin", "နန်းလွင်", "Dr. Nan Lwin",
                 "Daw Nan Lwin"):
        assert t.resolve(name) == {"nan-lwin"}, name
    assert t.resolve("ဆုလင်းဟန်") == {"su-lin-han"}
    assert t.resolve("Nan") == set()
    assert name_key("U Kaung San") == name_key("kaung-san")


def test_aliases_and_not_a_speaker() -> None:
    t = table({"Moderator": "su-lin-han", "Note": "-"})
    assert t.resolve("MODERATOR") == {"su-lin-han"}
    cues = [cue("Welcome.", 1, "Moderator", "Moderator: "), cue("data as of 2024.", 2, "Note", "Note: "),
            cue("Thanks.", 3)]
    out, diags = attribute(cues, "x.srt", t)
    assert diags == []
    assert [(a.speaker, a.cue.text) for a in out] == [
        ("su-lin-han", "Welcome."), ("su-lin-han", "Note: data as of 2024."), ("su-lin-han", "Thanks.")]


def test_parse_alias() -> None:
    assert parse_alias("Dr Nan = nan-lwin") == ("Dr Nan", "nan-lwin")
    assert parse_alias("A=B=-") == ("A=B", "-")
    assert parse_alias("Nan Lwin") is None
    assert parse_alias("Nan=Not An Id") is None


def test_unknown_names_are_reported_with_every_position_and_a_suggestion() -> None:
    cues = [cue("Hello.", 3, "Nan Lwim"), cue("more", 4), cue("Hi.", 7, "Su Lin Han"),
            cue("Again.", 9, "Nan Lwim"), cue("Who?", 12, "Zaw Min")]
    out, diags = attribute(cues, "x.vtt", table())
    assert [a.cue.text for a in out] == ["Hi."]  # nothing of the unknown speakers is given to anyone
    first, second = diags
    assert (first.path, first.line, first.col, first.code) == ("x.vtt", 3, 5, "unknown-speaker")
    assert "'Nan Lwim'" in first.message and "also at lines 9" in first.message
    assert "did you mean 'nan-lwin' (Nan Lwin)?" in first.message
    assert first.hint is not None and "--alias 'Nan Lwim=nan-lwin'" in first.hint
    assert (second.line, second.code) == (12, "unknown-speaker")
    assert second.hint is not None and "--alias 'Zaw Min=-'" in second.hint


def test_partial_name_suggests_the_person() -> None:
    assert table().suggest("Kaung") == "kaung-san"
    assert table().suggest("Somebody Else") is None


def test_text_before_any_speaker_needs_a_default() -> None:
    cues = [cue("Welcome everyone.", 2), cue("Yes.", 4, "Nan Lwin")]
    out, diags = attribute(cues, "x.txt", table())
    assert [(d.line, d.code) for d in diags] == [(2, "no-speaker")]
    out, diags = attribute(cues, "x.txt", table(), default="su-lin-han")
    assert diags == [] and [a.speaker for a in out] == ["su-lin-han", "nan-lwin"]


def test_ambiguous_name() -> None:
    t = SpeakerTable.build([("aung-aung", ("Aung Aung",)), ("aung-aung-2", ("Aung Aung",))])
    _, diags = attribute([cue("Hi.", 1, "Aung Aung")], "x.srt", t)
    assert [d.code for d in diags] == ["ambiguous-speaker"]


def test_skeleton_creates_people_and_reports_them() -> None:
    t = SpeakerTable.build([])
    out, diags = attribute([cue("Hi.", 1, "SU LIN HAN"), cue("Hello.", 2, "Nan Lwin"),
                            cue("Again.", 3, "su lin han")], "x.srt", t, create=True)
    assert diags == []
    assert t.created == [("su-lin-han", "Su Lin Han"), ("nan-lwin", "Nan Lwin")]
    assert [a.speaker for a in out] == ["su-lin-han", "nan-lwin", "su-lin-han"]
    assert slug("ဆုလင်းဟန်") == "" and SpeakerTable.build([]).create("ဆုလင်းဟန်") == "speaker"
