"""The C-parser fast path for loading (source/fastyaml.py) gives exactly what the positioned pure path gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isp_recap.source.fastyaml import LazyPositions, c_parser_available, dialect_risk, load_tree_fast
from isp_recap.source.loader import load_event_with_positions
from isp_recap.source.yaml_tree import decode, load_tree

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"

needs_c = pytest.mark.skipif(not c_parser_available(), reason="ruamel.yaml.clib is not installed")

# Pieces of YAML, including every construct on which libyaml (YAML 1.1) and ruamel.yaml (1.2)
# were seen to disagree while the fast path was written.
ATOMS = [
    "a", "b c", "x:y", "x: y", "?", "? a", "-", "- a", "#c", " #c", "'q'", '"d"', '"\\u2028"', '"\\x85"',
    "\u2028", "\u2029", "\x85", "\t", "&a", "*a", "!!str", "!t", "{", "}", "[", "]", ",", ":", "  ", "\n",
    "\n  ", "\n- ", "|", ">", "|-", "|+", "%", "@", "`", "\\", "1", "0o7", "0x1F", "1_000", "1:20", "yes",
    "on", "~", "null", ".inf", "2025-01-01", "2025-01-01 10:00", "မြန်မာ", "e\u0301", "\ufeff", "...",
    "--- \n", "---", "'it''s'", '"a\\"b"', "key: [a, b]", "k: {x: 1}", "k: |\n  t\n", ": ", "a :b",
    "http://x.y/z?a=b#f", "\n  - en: x\n    my: y", "\n    ", "'", '"', '"\\n"', '"\\e"', " # c",
    "a: 'b'\n", "a:\n  b: c\n", "\n  - ", "en: ", "my: ", '"x\\\n  y"', "'x\n  y'", "!", "&", "*",
    "\r\n", "\r", "\u00a0", "{a: b, c: d}", "[]", "{}", ": x", "-x", "**b**", " **b**", '"**b** &x"',
    "'?' ", '"&a?b"', "key \"x: &a?b y\"",
]


def _same_as_pure(text: str) -> None:
    fast = load_tree_fast("<t>", text)
    if fast is None:
        return
    value, positions, diags = load_tree("<t>", text)
    assert diags == [], f"fast path accepted what the pure path reports: {text!r}: {diags}"
    # (repr too: `.nan` is a value of both, and NaN is unequal to itself)
    assert fast[0] == value or repr(fast[0]) == repr(value), f"fast and pure values differ for {text!r}"
    assert isinstance(fast[1], LazyPositions)
    assert fast[1].values == positions.values and fast[1].keys == positions.keys


@needs_c
@settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=14).map("".join))
def test_fast_path_agrees_with_pure_path(text: str) -> None:
    _same_as_pure(text)


@needs_c
@pytest.mark.parametrize("path", sorted(p for p in ROOT.glob("**/*.yaml") if ".venv" not in p.parts
                                        and "out" not in p.parts), ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_path_agrees_on_every_yaml_file_of_the_project(path: Path) -> None:
    text, diags = decode(str(path), path.read_bytes())
    if text is not None and not diags:
        _same_as_pure(text)


@needs_c
def test_the_sample_loads_on_the_fast_path_with_positions_on_demand() -> None:
    assert not dialect_risk(SAMPLE.read_text(encoding="utf-8"))
    memo, positions = load_event_with_positions(SAMPLE)
    assert isinstance(positions, LazyPositions)
    _, pure, _ = load_tree(str(SAMPLE), SAMPLE.read_text(encoding="utf-8"))
    assert positions.of_key(("event", "title")) == pure.of_key(("event", "title"))
    assert positions.values == pure.values
    assert memo.event.title.en


def test_deep_nesting_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    # libyaml's own composer recurses without limit and crashed the process at this depth.
    event = tmp_path / "event.yaml"
    event.write_text("format: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    code = ("import sys\nfrom isp_recap.source.loader import load_event\nfrom isp_recap.diagnostics import "
            f"IspRecapError\ntry:\n    load_event({str(event)!r})\nexcept IspRecapError as e:\n"
            "    print(e.diagnostics[0].code)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "too-deep"
