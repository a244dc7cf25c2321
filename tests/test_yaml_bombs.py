"""Bombs refused before the slow work: the early checks give exactly the diagnostic the slow path gave.

`yaml_tree.too_many_events` counts values and text on libyaml's event stream before anything is
composed; `yaml_tree.check_expansion` sizes the composed graph (aliases included) before it is walked.
Both exist only to be fast (bench/yaml_bombs.py measures them; no test here times anything): with
them switched off, the composer's count and the walk's budget reach the same refusal, at the same
place, slowly. The bounds are made small here so the slow path stays quick enough to compare.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isp_recap.source import yaml_tree
from isp_recap.source.yaml_tree import load_tree

SMALL = {"MAX_COMPOSED": 300, "MAX_NODES": 400, "MAX_TEXT_CHARS": 2_000}


COUNT = yaml_tree.too_many_events  # cached: its results under the small bounds must not outlive them


def _load(text: str, early: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str]]:
    COUNT.cache_clear()
    with monkeypatch.context() as m:
        for name, value in SMALL.items():
            m.setattr(yaml_tree, name, value)
        if not early:
            m.setattr(yaml_tree, "too_many_events", lambda _text: None)
            m.setattr(yaml_tree, "check_expansion", lambda _root, _path: None)
        data, _positions, diags = load_tree("e.yaml", text)
    COUNT.cache_clear()
    return data, [d.format() for d in diags]


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Documents with anchors and aliases, long and short texts, lists and mappings, around the bounds."""
    lines = ["format: 1"]
    anchors: list[str] = []
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["list", "flow", "map", "text", "alias-list"]))
        width = draw(st.integers(1, 60))
        if kind == "list":
            lines.append(f"k{i}: &a{i}")
            lines += [f"  - {draw(st.sampled_from(['x', '1', 'long text ' * 8, '[a, b]']))}" for _ in range(width)]
        elif kind == "flow":
            lines.append(f"k{i}: &a{i} [" + ", ".join(["y"] * width) + "]")
        elif kind == "map":
            lines.append(f"k{i}: &a{i}")
            lines += [f"  m{j}: 'value {j} " + "w" * draw(st.integers(0, 90)) + "'" for j in range(width)]
        elif kind == "text":
            lines.append(f"k{i}: &a{i} '" + "Rare earths. " * width + "'")
        elif anchors:
            refs = [f"*{draw(st.sampled_from(anchors))}" for _ in range(width)]
            lines.append(f"k{i}: &a{i} [" + ", ".join(refs) + "]")
            anchors.append(f"a{i}")
            continue
        else:
            lines.append(f"k{i}: &a{i} z")
        anchors.append(f"a{i}")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(documents())
def test_early_refusal_is_the_slow_paths_refusal(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    early = _load(text, True, monkeypatch)
    slow = _load(text, False, monkeypatch)
    assert early == slow


def test_the_generator_reaches_every_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above means something only if its documents hit each bound (checked on fixed ones)."""
    many = "format: 1\nextra:\n" + "  - 1\n" * 400
    laughs = "format: 1\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n" \
             "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n"
    text = "format: 1\na: &t '" + "Rare earths. " * 60 + "'\nb: [*t, *t, *t]\n"
    for doc, code in ((many, "too-many-nodes"), (laughs, "too-many-nodes"), (text, "too-much-text")):
        early = _load(doc, True, monkeypatch)
        assert early == _load(doc, False, monkeypatch)
        assert early[0] is None and len(early[1]) == 1 and f"error[{code}]" in early[1][0], early


def test_recursive_alias_and_alias_depth_are_refused_not_a_recursion_error() -> None:
    # Before: `_walk` recursed through the alias until Python's RecursionError (an internal error).
    data, _pos, diags = load_tree("e.yaml", "format: 1\nextra: &a\n  - *a\n")
    assert data is None and [(d.code, d.line, d.col) for d in diags] == [("recursive-alias", 2, 8)]
    chain = "format: 1\nl0: &l0 [x]\n" + "".join(f"l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, 3000))
    data, _pos, diags = load_tree("e.yaml", chain)
    assert data is None and [d.code for d in diags] == ["too-deep"]


def test_an_event_within_the_bounds_is_not_refused() -> None:
    """The early checks refuse only what the bounds refuse: a file just under them loads."""
    text = "format: 1\nextra:\n" + "  - 1\n" * (yaml_tree.MAX_COMPOSED - 10)
    data, _pos, diags = load_tree("e.yaml", text)
    assert not diags and len(data["extra"]) == yaml_tree.MAX_COMPOSED - 10


@pytest.mark.parametrize("text, code, where", [
    ("format: 1\nl0: &l0 [x]\n" + "".join(f"l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, 3000)), "too-deep", (2, 10)),
    ("format: 1\nx: &a [1]\ny: *a\nconcept_note:\n" + ("  - {en: '" + "Rare earths. " * 400 + "'}\n") * 440,
     "too-much-text", None),
])
def test_alias_bombs_with_plain_anchor_names_are_refused_before_the_pure_parser(
        monkeypatch: pytest.MonkeyPatch, text: str, code: str, where: tuple[int, int] | None) -> None:
    # Files with anchors skip the fast path; their expansion is sized on libyaml's graph instead
    # (fastyaml.compose_for_refusal), so the slow parser never reads a bomb made of many lines.
    slow = load_tree("e.yaml", text)[2]

    def no_pure_parser(_text: str) -> None:
        raise AssertionError("the pure parser read the bomb")

    monkeypatch.setattr(yaml_tree, "_compose", no_pure_parser)
    _data, _pos, diags = load_tree("e.yaml", text)
    assert [d.format() for d in diags] == [d.format() for d in slow]  # the same words, at the same place
    assert [d.code for d in diags] == [code]
    if where:
        assert (diags[0].line, diags[0].col) == where


@pytest.mark.parametrize("text, simple", [
    ("a: &x1 [1]\nb: *x1\n", True), ("a: [*b, *c-2]\n", True), ('a: "*b"\n', True),
    ("a: &x:y 1\n", False), ("a: ? b\n", False), ("a: |\n  x\n", False), ("a: **b**\n", False),
    ("a: \tb\n", False), ("...\n", False), ("a: b\n...\n", False), ("a: &é 1\n", False),
])
def test_only_plain_anchor_names_let_libyaml_size_the_graph(text: str, simple: bool) -> None:
    from isp_recap.source.fastyaml import only_simple_anchors

    assert only_simple_anchors(text) is simple
