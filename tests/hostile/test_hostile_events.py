"""Hostile event files: every one is refused with positioned diagnostics and no side effects.

Each fixture under `fixtures/events/` names on its first line what must be reported:
`# expect: CODE LINE COL ; CODE LINE COL ...`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness import (
    FIXTURES,
    ROOT,
    BatchRun,
    Result,
    Sandbox,
    assert_clean_failure,
    assert_reported,
    expectations,
    run_batch,
    run_cases,
    run_cli,
    snapshot,
)

EVENTS = sorted((FIXTURES / "events").glob("*.yaml"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> BatchRun:
    """One `build` of every fixture, each in its own folder (see `harness.BatchRun`)."""
    cases = {f.stem: (lambda folder, f=f: shutil.copyfile(f, folder / "event.yaml")) for f in EVENTS}
    return run_batch(tmp_path_factory.mktemp("batch"), cases)


def test_there_are_many_hostile_events() -> None:
    assert len(EVENTS) >= 90


@pytest.mark.parametrize("fixture", EVENTS, ids=[p.stem for p in EVENTS])
def test_build_refuses_hostile_event(batch: BatchRun, fixture: Path) -> None:
    """`build` of the fixture: the expected positioned errors; its outputs and sources untouched."""
    assert_clean_failure(batch.result, expectations(fixture), path=batch.path(fixture.stem))
    batch.assert_untouched(fixture.stem)


def test_batch_failed_as_a_whole_and_read_no_canary(batch: BatchRun) -> None:
    assert_clean_failure(batch.result)
    assert snapshot(batch.root) == batch.before
    assert "CANARY" not in batch.result.stdout + batch.result.stderr


SINGLE = ["many-errors", "python-object-apply", "control-escape-sequence", "image-traversal", "utf8-latin1-byte",
          "deep-nesting-flow"]


@pytest.mark.parametrize("name", SINGLE)
def test_single_build_with_output_folder(sandbox: Sandbox, name: str) -> None:
    """`build EVENT -o OUT` (the everyday command) on a few fixtures: same contract."""
    fixture = FIXTURES / "events" / f"{name}.yaml"
    shutil.copyfile(fixture, sandbox.event_dir / "event.yaml")
    sandbox.seed_outputs()
    before = sandbox.snapshot()
    result = sandbox.build("event.yaml", "--format", "pdf,docx,html")
    assert_clean_failure(result, expectations(fixture), path="event.yaml")
    sandbox.assert_unchanged(before)


def test_validate_reports_every_file_and_every_error(sandbox: Sandbox) -> None:
    """One `validate` of all fixtures at once: each file's errors, each at its own path and position."""
    for fixture in EVENTS:
        shutil.copyfile(fixture, sandbox.event_dir / fixture.name)
    before = sandbox.snapshot()
    result = sandbox.run("validate", "-q", *[p.name for p in EVENTS])
    assert_clean_failure(result)
    for fixture in EVENTS:
        for code, line, col in expectations(fixture):
            assert_reported(result, code, line, col, path=fixture.name)
    sandbox.assert_unchanged(before)


def test_earlier_malformed_fixtures_also_hold_in_the_sandbox(sandbox: Sandbox) -> None:
    """The malformed fixtures of the loader tests, run confined: same diagnostics, nothing read outside."""
    invalid = sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.yaml"))
    for path in invalid:
        shutil.copyfile(path, sandbox.event_dir / path.name)
    result = sandbox.run("validate", "-q", *[p.name for p in invalid])
    assert_clean_failure(result)
    for path in invalid:
        code, line, col = path.read_text(encoding="utf-8", errors="replace").split()[2:5]
        assert_reported(result, code, int(line), int(col), path=path.name)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le", "utf-32", "cp1252"])
def test_other_encodings_are_positioned(sandbox: Sandbox, encoding: str) -> None:
    text = (FIXTURES / "accepted" / "alias-bomb-in-text.yaml").read_text(encoding="utf-8")
    if encoding == "cp1252":  # cannot encode Burmese: an English-only file with one é
        text = "format: 1\norganisation:\n  name: {en: Café Institute}\n"
    sandbox.write("event.yaml", text.encode(encoding))
    before = sandbox.snapshot()
    result = sandbox.run("validate", "event.yaml")
    assert_clean_failure(result, [("invalid-utf8", None, None)], path="event.yaml")
    sandbox.assert_unchanged(before)


# -- huge files, made at run time -------------------------------------------------------------------

LIMIT = 8 * 1024 * 1024


def _fill(head: str, unit: str, limit: int = LIMIT - 64) -> bytes:
    data = head.encode()
    count = (limit - len(data)) // len(unit.encode())
    return data + unit.encode() * count


HUGE: dict[str, tuple[bytes | None, str, int | None]] = {
    # name: (content (None: a sparse 9 MiB file), code, line)
    "over-the-limit": (None, "file-too-large", None),
    # The limits on values and on text bite long before the file limit; these files stop at a few MiB
    # so the suite stays fast, 8 MiB of either is refused at the same point (measured: 5-8 s).
    "a-million-values": (_fill("format: 1\nextra:\n", "  - 1\n", 1_200_000), "too-many-nodes", 99_998),
    "too-much-text": (_fill("format: 1\nconcept_note:\n", "  - {en: '" + "Rare earths. " * 400 + "'}\n",
                            2_300_000), "too-much-text", None),
    "one-long-line": (_fill("format: 1\nextra: [", "1,", 600_000), "too-many-nodes", 2),
}


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Sandbox, Result]]:
    """`validate` of each huge file, one process each, on every core (each takes seconds)."""
    import os

    def one(name: str, root: Path) -> tuple[Sandbox, Result]:
        box = Sandbox(root)
        content = HUGE[name][0]
        if content is None:
            with (box.event_dir / "event.yaml").open("wb") as handle:
                handle.write(b"format: 1\n")
            os.truncate(box.event_dir / "event.yaml", LIMIT + (1 << 20))
        else:
            box.write("event.yaml", content)
        return box, box.run("validate", "event.yaml")

    return run_cases(tmp_path_factory, sorted(HUGE), one)


@pytest.mark.parametrize("name", sorted(HUGE))
def test_huge_file_is_refused_within_bounds(huge: dict[str, tuple[Sandbox, Result]], name: str) -> None:
    _box, result = huge[name]
    _content, code, line = HUGE[name]
    assert_clean_failure(result, [(code, line, None)], path="event.yaml")


@pytest.mark.parametrize("output", ["event.yaml", "event.yaml/sub", "images/chart.png"])
def test_output_folder_that_is_a_file(sandbox: Sandbox, output: str) -> None:
    """`-o` naming a source file (or a path through one): refused before rendering; the file untouched."""
    shutil.copyfile(FIXTURES / "accepted" / "tiny.yaml", sandbox.event_dir / "event.yaml")
    before = sandbox.snapshot()
    result = run_cli(["build", "event.yaml", "-o", output, "--format", "html", "--lang", "en"],
                     event_dir=sandbox.event_dir, out_dir=sandbox.event_dir / output)
    assert_clean_failure(result, [("cannot-write", None, None)])
    sandbox.assert_unchanged(before)


@pytest.mark.parametrize("name", ["image-per-language-traversal", "chart-infinity", "many-errors"])
def test_share_cards_refuse_hostile_event(sandbox: Sandbox, name: str) -> None:
    """`cards EVENT -o OUT` reads the same inputs as `build`: same contract, nothing written."""
    fixture = FIXTURES / "events" / f"{name}.yaml"
    shutil.copyfile(fixture, sandbox.event_dir / "event.yaml")
    before = sandbox.snapshot()
    result = sandbox.run("cards", "event.yaml", "-o", str(sandbox.out_dir / "cards"))
    assert_clean_failure(result, expectations(fixture), path="event.yaml")
    sandbox.assert_unchanged(before)
    assert not (sandbox.out_dir / "cards").exists()
