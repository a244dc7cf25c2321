"""Editing values in YAML text in place: only the changed values change, in the file's own style."""

from __future__ import annotations

import pytest

from isp_recap.source.roundtrip import EditError, ValueEdit, edit_values

DOC = """\
# top comment
a:
  - en: "x y"  # trailing comment
    my: plain text
  - {en: a, my: 'b'}   # flow
  - en: |
      literal
      two

    my: >-
      folded
      text
  - en: only english # note
    status: draft
z: 1
"""


def test_no_edits_is_identity() -> None:
    assert edit_values(DOC, []) == DOC


def test_replacements_keep_styles_and_comments() -> None:
    out = edit_values(DOC, [
        ValueEdit(("a", 0, "my"), "new: text"),  # plain is impossible: double-quoted
        ValueEdit(("a", 1, "my"), "it's"),  # single-quoted stays single-quoted
        ValueEdit(("a", 2, "en"), "one\nthree\n"),  # literal stays literal
        ValueEdit(("a", 2, "my"), "single line"),  # folded stays folded
    ])
    assert out == DOC.replace("my: plain text", 'my: "new: text"').replace("my: 'b'", "my: 'it''s'") \
        .replace("literal\n      two", "one\n      three").replace("folded\n      text", "single line")


def test_new_keys_go_after_their_neighbour() -> None:
    out = edit_values(DOC, [
        ValueEdit(("a", 3, "my"), "ပါ", after=("en",)),
        ValueEdit(("a", 1, "status"), "reviewed", after=("my",), plain=True),
        ValueEdit(("a", 0, "status"), "approved", after=("my", "en"), plain=True),
    ])
    assert "  - en: only english # note\n    my: ပါ\n    status: draft\n" in out
    assert "  - {en: a, my: 'b', status: reviewed}   # flow\n" in out
    assert "    my: plain text\n    status: approved\n  - {en" in out


def test_new_key_at_end_of_file_without_newline() -> None:
    out = edit_values("en: x", [ValueEdit(("my",), "y", after=("en",))])
    assert out == "en: x\nmy: y"


def test_crlf_files_keep_crlf() -> None:
    doc = "a:\r\n  en: x\r\n  my: y\r\n"
    out = edit_values(doc, [ValueEdit(("a", "status"), "reviewed", after=("my",), plain=True)])
    assert out == "a:\r\n  en: x\r\n  my: y\r\n  status: reviewed\r\n"


@pytest.mark.parametrize("value", ["yes", "123", "null", "- item", "a # b", "key: value", "  lead", "trail ",
                                   "", "'quoted'", '"dq"', "tab\there", "line\nbreak", "{x}", "[x]", "*star",
                                   "ျမန္မာ", "\u2028sep", "#hash"])
def test_any_string_reads_back(value: str) -> None:
    doc = "a:\n  en: x\n  my: plain\nb: {en: x, my: plain}\n"
    out = edit_values(doc, [ValueEdit(("a", "my"), value), ValueEdit(("b", "my"), value)])
    from isp_recap.source.yaml_tree import load_tree

    data, _pos, diags = load_tree("t", out)
    assert not diags and data == {"a": {"en": "x", "my": value}, "b": {"en": "x", "my": value}}


def test_refuses_aliases_and_non_scalars() -> None:
    doc = "a: &t {en: x, my: y}\nb: *t\nc: [1]\n"
    with pytest.raises(EditError, match="alias"):
        edit_values(doc, [ValueEdit(("a", "my"), "z")])
    with pytest.raises(EditError, match="single value"):
        edit_values(doc, [ValueEdit(("c",), "z")])
    with pytest.raises(EditError, match="not a mapping"):
        edit_values(doc, [ValueEdit(("nope", "my"), "z")])


@pytest.mark.parametrize(("doc", "expected"), [
    ("a:\n  en: x\n  my:\n  status: draft\n", "a:\n  en: x\n  my: ပါ\n  status: draft\n"),
    ("a:\n  en: x\n  my:   # later\n", "a:\n  en: x\n  my: ပါ   # later\n"),
    ("a: {en: x, my: , status: draft}\n", "a: {en: x, my: ပါ , status: draft}\n"),
    ("a:\n  en: x\n  my: ~\n", "a:\n  en: x\n  my: ပါ\n"),
])
def test_empty_values_are_filled_after_their_colon(doc: str, expected: str) -> None:
    assert edit_values(doc, [ValueEdit(("a", "my"), "ပါ")]) == expected
