"""Fuzzing: mutated versions of the sample and of the minimal event (lines deleted, duplicated, swapped,
characters flipped, hostile snippets inserted) through `validate` and `build`, asserting the contract.

Each hypothesis example is a batch of mutated files run by one process (`validate A B C ...`, `build
--jobs 1 ...`): a process per file would spend the time budget on interpreter start-up. Derandomized and
bounded, so the suite is repeatable and its run time fixed.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness import (
    ROOT,
    Sandbox,
    assert_confined,
    assert_no_leak,
    png_bytes,
    run_batch,
    run_cli,
    snapshot,
    temp_files,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outputs import html_problems

SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
BASES = {"minimal": MINIMAL.read_text(encoding="utf-8")}
if SAMPLE.is_file():
    BASES["sample"] = SAMPLE.read_text(encoding="utf-8")

SNIPPETS = [
    "&a [x, x]", "*a", "*undefined", "<<: *a", "!!python/object/apply:os.system ['touch /tmp/fuzz-pwned']",
    "!include /etc/passwd", "!!binary aGk=", "!!set {a}", "{", "}", "[", "]", ": :", "- ", "? ", "\t", "'",
    '"', "\\", "#", "%YAML 1.1", "---", "...", "9" * 40, "0x1F", ".inf", "~", "null", "yes", "2025-13-45",
    '<img src="file:///etc/passwd">', "[x](javascript:alert(1))", "[x](file:///etc/passwd)", "../../etc/passwd",
    "/dev/zero", "{{ 7*7 }}", "{0.__class__}", "%s", "\x1b[2J", "\u202e", "\u2066", "\x00", "\ufeff", "\ud7ff",
    "မဂၤလာပါ", "ဂဘျင်", "x" * 3000, "[" * 60, "{a: " * 30, "- " * 30, "image: ../../etc/passwd",
    "speaker: nobody", "id: Su-Lin-Han", "role: hostess", "date: 2025-04-31", "episode: '8'",
]


#: A line holding an English text value: `en: ...` or `- en: ...` (block or flow mapping start).
TEXT_LINE = re.compile(r"^(\s*(?:- )?en: ).*$")
#: Text that stays valid YAML once quoted but is hostile to the renderers.
TEXT_SNIPPETS = [
    "**USD <b>3.6</b> billion**", "*unclosed emphasis", "**", "[link](https://example.com/\"><script>x</script>)",
    "[](mailto:a@b.c)", "` ` `", "\\", "</p></div></main>", "<link rel=attachment href=file:///etc/passwd>",
    "}</style><style>@import url(file:///etc/passwd)</style>", "&#0; &amp; &lt;", "\u200b" * 5,
    "ဂဘျင်" * 400, "W" * 5000, "a\u00adb\u00adc", "\U0001F600 emoji 🙂", "RTL مرحبا עברית",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """A base event with one to four mutations: (description, text)."""
    name = draw(st.sampled_from(sorted(BASES)))
    lines = BASES[name].split("\n")
    done = []
    for _ in range(draw(st.integers(1, 4))):
        # "text" replaces a text value with a quoted hostile snippet: the file stays valid YAML, so those
        # reach the document builder and the renderers; the others mostly break the YAML somewhere.
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "flip", "insert", "indent", "join",
                                     "text", "text", "text"]))
        if kind == "text":
            texts = [n for n, line in enumerate(lines) if TEXT_LINE.match(line)]
            i = draw(st.sampled_from(texts))
            snippet = draw(st.sampled_from(SNIPPETS + TEXT_SNIPPETS))
            quoted = "'" + snippet.replace("'", "''") + "'"
            lines[i] = TEXT_LINE.sub(lambda m: m.group(1) + quoted, lines[i])  # noqa: B023 (used at once)
            done.append(f"text@{i + 1}")
            continue
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "flip" and lines[i]:
            col = draw(st.integers(0, len(lines[i]) - 1))
            char = draw(st.sampled_from([*":-[]{}#&*!|>'\"%@`,? \t\\\u200b\u1039", chr(0x85), "\x7f"]))
            lines[i] = lines[i][:col] + char + lines[i][col + 1:]
        elif kind == "insert":
            snippet = draw(st.sampled_from(SNIPPETS))
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + snippet + lines[i][col:]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif kind == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1].lstrip()]
        done.append(f"{kind}@{i + 1}")
    text = "\n".join(lines)
    return f"{name}: {', '.join(done)}", text


def _write(folder: Path, text: str) -> None:
    # surrogates (from "\ud7ff"-like snippets) cannot be UTF-8: write what an editor would, replacing them
    (folder / "event.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))


def _per_file_contract(result_text: str, path: str, text: str) -> list[str]:
    """The diagnostics printed for `path`: each positioned inside the file, none a crash."""
    rows = [line for line in result_text.splitlines()
            if line.startswith(path + ":") and re.search(r": (error|warning)\[", line)]
    lines = text.count("\n") + 1
    for row in rows:
        m = re.match(re.escape(path) + r":(\d+):(\d+): (error|warning)\[([a-z0-9-]+)\]: (.+)$", row)
        assert m, f"unpositioned or malformed diagnostic: {row!r}"
        assert 1 <= int(m[1]) <= lines + 1, f"line outside the file: {row!r}"
        assert m[4] != "internal", row
    return rows


@settings(max_examples=5, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(mutated(), min_size=10, max_size=10))
def test_validate_mutated_events(batch: list[tuple[str, str]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        box = Sandbox(Path(tmp))
        for i, (_label, text) in enumerate(batch):
            folder = box.event_dir / f"m{i}"
            folder.mkdir()
            _write(folder, text)
        before = box.snapshot()
        result = run_cli(["validate", "-q", *[f"m{i}/event.yaml" for i in range(len(batch))]],
                         event_dir=box.event_dir, cwd=box.event_dir)
        assert_confined(result)
        assert result.returncode in (0, 2), result.describe()
        assert "Traceback" not in result.stderr, result.describe()
        for i, (label, text) in enumerate(batch):
            rows = _per_file_contract(result.stderr, f"m{i}/event.yaml", text)
            if result.returncode == 0:
                assert not rows, label
        box.assert_unchanged(before)


@settings(max_examples=3, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(mutated(), min_size=4, max_size=4))
def test_build_mutated_events(batch: list[tuple[str, str]]) -> None:
    """`build --format html` of mutated events: each fails with positioned errors and touches nothing,
    or builds complete outputs."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)

        def setup(text: str):  # type: ignore[no-untyped-def]
            def write(folder: Path) -> None:
                _write(folder, text)
                (folder / "images").mkdir()
                (folder / "images" / "dm-153.png").write_bytes(png_bytes())

            return write

        cases = {f"m{i}": setup(text) for i, (_label, text) in enumerate(batch)}
        run = run_batch(root, cases, "--format", "html", "--lang", "en", "--edition", "separate")
        result = run.result
        assert_confined(result)
        assert result.returncode in (0, 2), result.describe()
        assert "Traceback" not in result.stderr, result.describe()
        for i, (label, text) in enumerate(batch):
            name = f"m{i}"
            rows = [r for r in _per_file_contract(result.stderr, run.path(name), text) if "error[" in r]
            if rows:
                run.assert_untouched(name)
            else:
                html = (run.out(name) / "memo.en.html").read_bytes()
                assert html.rstrip().endswith(b"</html>"), label
                assert html_problems(html) == [], label
                assert_no_leak(html, label)
                assert not temp_files(run.out(name))
        assert snapshot(run.root / "canary.txt") == snapshot(root / "canary.txt")
