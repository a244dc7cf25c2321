"""Every subcommand, every path it takes, given a hostile path: a FIFO, a link to /dev/zero, the wrong kind
(a folder for a file, a file for a folder), a link out of the event folder, a missing path, a path through
a file (ENOTDIR), an unreadable path (chmod 000: a file or folder to read, a folder to write into). The CLI
runs without root's right to read past permissions (`run_cli(as_a_user=True)`), so chmod 000 means for
the tests what it means for a user, also in a CI container that runs them as root.

The (command, parameter) pairs come from the Typer app itself, so a new command or a new path option
cannot be forgotten: `test_every_path_parameter_has_a_role` fails until it is listed in `ROLES` with
the command line that reaches it. Each run is confined and bounded by the harness (1 GiB, 30 s of CPU,
a wall-clock hang guard, no read outside the allowed folders, no socket): no traceback, no hang, the
documented exit code (README, "Exit codes") and, for a refusal, exactly one error, naming the path.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
import typer
from harness import ROOT, Result, assert_confined, run_cli, run_parallel

from isp_recap.cli import app

MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
TALK = "1\n00:00:01,000 --> 00:00:03,000\nHello and welcome.\n"  # one cue, spoken by --speaker
SECRET = "outside-secret-7d1e"

#: What a path parameter is for: a file read, a folder read, a file written, a folder written (or made).
Role = Literal["input", "input-folder", "output-file", "output-folder"]
CASES = ("fifo", "dev-zero", "wrong-kind", "link-out", "missing", "through-a-file", "unreadable")

# The command line that reaches each path parameter, with `{H}` where the hostile path goes; the other
# placeholders are valid inputs the sandbox provides.
HTML = ("--format", "html", "--lang", "en", "--edition", "separate")
SPEAKER = ("--speaker", "su-lin-han", "--dry-run")
ROLES: dict[tuple[str, str], tuple[Role, tuple[str, ...]]] = {
    ("new", "folder"): ("output-folder", ("new", "{H}")),
    ("validate", "files"): ("input", ("validate", "{H}")),
    ("build", "files"): ("input", ("build", "{H}", "-o", "{out}", *HTML)),
    ("build", "output"): ("output-folder", ("build", "{event}", "-o", "{H}", *HTML)),
    ("build", "reference_docx"): ("input", ("build", "{event}", "-o", "{out}", "--format", "docx", "--lang", "en",
                                            "--edition", "separate", "--reference-docx", "{H}")),
    ("build", "locales"): ("input-folder", ("build", "{event}", "-o", "{out}", *HTML, "--locales", "{H}")),
    ("build", "theme"): ("input-folder", ("build", "{event}", "-o", "{out}", *HTML, "--theme", "{H}")),
    ("cards", "event"): ("input", ("cards", "{H}", "-o", "{out}")),
    ("cards", "output"): ("output-folder", ("cards", "{event}", "-o", "{H}")),
    ("cards", "locales"): ("input-folder", ("cards", "{event}", "-o", "{out}", "--locales", "{H}")),
    ("cards", "theme"): ("input-folder", ("cards", "{event}", "-o", "{out}", "--theme", "{H}")),
    ("preview", "event"): ("input", ("preview", "{H}", "--no-browser")),
    ("preview", "locales"): ("input-folder", ("preview", "{event}", "--no-browser", "--locales", "{H}")),
    ("check", "events"): ("input", ("check", "{H}")),
    ("check", "glossary"): ("input", ("check", "{event}", "--glossary", "{H}")),
    ("import", "files"): ("input", ("import", "{H}", "--event", "{event}", *SPEAKER)),
    ("import", "event"): ("input", ("import", "{srt}", "--event", "{H}", *SPEAKER)),
    ("import", "output"): ("output-file", ("import", "{srt}", "-o", "{H}", "--title", "A talk",
                                           "--date", "2025-04-26", "--speaker", "su-lin")),
    ("import", "aliases"): ("input", ("import", "{srt}", "--event", "{event}", "--aliases", "{H}", *SPEAKER)),
    ("schema", "output"): ("output-file", ("schema", "-o", "{H}")),
    **{("locales " + sub, "locales"): ("input-folder", ("locales", sub, "--locales", "{H}"))
       for sub in ("extract", "update", "compile", "stats", "check")},
    ("locales init", "locales"): ("input-folder", ("locales", "init", "fr", "--locales", "{H}")),
    ("translate export", "event"): ("input", ("translate", "export", "{H}", "-o", "{out}/x.po")),
    ("translate export", "output"): ("output-file", ("translate", "export", "{event}", "-o", "{H}")),
    ("translate import", "file"): ("input", ("translate", "import", "{H}", "--into", "{event}")),
    ("translate import", "into"): ("input", ("translate", "import", "{po}", "--into", "{H}")),
    ("theme init", "folder"): ("output-folder", ("theme", "init", "{H}")),
    ("theme check", "folder"): ("input-folder", ("theme", "check", "{H}")),
}

#: Exit codes each (role, case) may end with. A refusal (2) must be one error naming the path.
EXPECTED: dict[tuple[Role, str], set[int]] = {
    **{("input", case): {2} for case in CASES},
    **{(role, "through-a-file"): {2} for role in ("input-folder", "output-file", "output-folder")},
    # chmod 000: the input itself, or the folder an output goes into; refused, naming the path.
    **{(role, "unreadable"): {2} for role in ("input-folder", "output-file", "output-folder")},
    ("input-folder", "fifo"): {2}, ("input-folder", "dev-zero"): {2}, ("input-folder", "wrong-kind"): {2},
    ("input-folder", "missing"): {2},
    # A folder of the user's choosing, wherever it is (it holds nothing of the event): used or refused.
    ("input-folder", "link-out"): {0, 1, 2},
    ("output-file", "fifo"): {2}, ("output-file", "dev-zero"): {2}, ("output-file", "wrong-kind"): {2},
    ("output-file", "missing"): {2},  # its folder does not exist
    # The link is replaced by the file (its target is not touched), or the existing file is refused
    # (`import -o` replaces nothing without --force).
    ("output-file", "link-out"): {0, 2},
    ("output-folder", "fifo"): {2}, ("output-folder", "dev-zero"): {2}, ("output-folder", "wrong-kind"): {2},
    ("output-folder", "link-out"): {0, 1}, ("output-folder", "missing"): {0, 1},  # made, then written
}

#: Where a command does more than its role says. `schema -o` makes its folder (schemas/ in a new project).
OVERRIDES: dict[tuple[tuple[str, str], str], set[int]] = {(("schema", "output"), "missing"): {0}}

#: Runs that would succeed and then serve forever (a preview of a usable folder): not run.
SERVES = {(("preview", "locales"), "link-out")}


def path_parameters() -> Iterator[tuple[str, str]]:
    """(command, parameter) for every parameter of every subcommand whose type involves a path."""
    def walk(command: object, prefix: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        subcommands = getattr(command, "commands", None)
        if subcommands is not None:
            for name, sub in subcommands.items():
                yield from walk(sub, (*prefix, name))
            return
        for param in getattr(command, "params", []):
            if "Path" in repr(param.type_descriptor.annotation):
                yield " ".join(prefix), param.name

    yield from walk(typer.main.get_command(app), ())


def test_every_path_parameter_has_a_role() -> None:
    found = set(path_parameters())
    assert len(found) > 20  # the walk sees the app
    assert found - ROLES.keys() == set(), "give each new path parameter a role and a command line in ROLES"
    assert ROLES.keys() - found == set(), "ROLES names a parameter the CLI no longer has"
    # every command of the app has at least one path parameter here (all of them take one today)
    from isp_recap.cli import COMMANDS

    assert len({c.split()[0] for c, _ in found}) == len(COMMANDS)


@dataclass
class Run:
    key: tuple[str, str]
    case: str
    role: Role
    hostile: Path
    outside: Path
    result: Result


def _setup(root: Path, key: tuple[str, str], case: str) -> Run | None:
    role, template = ROLES[key]
    if (key, case) in SERVES:
        return None
    event_dir, out = root / "event", root / "out"
    event_dir.mkdir(parents=True)
    out.mkdir()
    shutil.copy(MINIMAL, event_dir / "event.yaml")
    (event_dir / "talk.srt").write_text(TALK, encoding="utf-8")
    from isp_recap.translate.export import export_event

    (event_dir / "in.po").write_bytes(export_event(event_dir / "event.yaml", "po", out_path=event_dir / "in.po").data)
    folder_role = role in ("input-folder", "output-folder")
    # Inputs sit in the event folder; outputs in the output folder (the only place a run may write).
    hostile = (event_dir if role.startswith("input") else out) / "hostile"
    outside = root / "outside.txt" if role == "input" else out / "elsewhere"
    if case == "fifo":
        os.mkfifo(hostile)
    elif case == "dev-zero":
        hostile.symlink_to("/dev/zero")  # a link, never the device itself: the tests may run as root
    elif case == "wrong-kind":
        if folder_role:
            hostile.write_text("not a folder\n", encoding="utf-8")
        else:
            hostile.mkdir()
    elif case == "link-out":
        if role == "input":
            outside.write_text(f"{SECRET}: 1\n", encoding="utf-8")
        elif role == "output-file":
            outside.write_text(f"{SECRET}\n", encoding="utf-8")
        else:
            outside.mkdir()
        hostile.symlink_to(outside)
    elif case == "missing" and role == "output-file":
        hostile = out / "no-such-folder" / "file"  # (otherwise `hostile` itself is not there)
    elif case == "through-a-file":  # a path whose folder is a file (ENOTDIR)
        (hostile.parent / "a-file").write_text("a file, not a folder\n", encoding="utf-8")
        hostile = hostile.parent / "a-file" / "hostile"
    elif case == "unreadable":
        if role == "input":
            hostile.write_text("title: unreadable\n", encoding="utf-8")
        elif role == "input-folder":
            hostile.mkdir()
        else:  # an output into a folder nobody may list or write
            hostile = out / "locked" / "hostile"
            hostile.parent.mkdir()
        (hostile if role.startswith("input") else hostile.parent).chmod(0)
    values = {"H": str(hostile), "out": str(out), "event": str(event_dir / "event.yaml"),
              "srt": str(event_dir / "talk.srt"), "po": str(event_dir / "in.po")}
    args = [part.format(**values) for part in template]
    result = run_cli(args, event_dir=event_dir, out_dir=out, cwd=event_dir, as_a_user=True)
    return Run(key, case, role, hostile, outside, result)


def _pairs() -> list[tuple[tuple[str, str], str]]:
    return [(key, case) for key in sorted(ROLES) for case in CASES]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[tuple[str, str], str], Run | None]:
    pairs = _pairs()
    roots = [tmp_path_factory.mktemp("paths") for _ in pairs]
    done = run_parallel([lambda root=root, pair=pair: _setup(root, *pair) for root, pair in zip(roots, pairs,
                                                                                              strict=True)])
    return dict(zip(pairs, done, strict=True))


@pytest.mark.parametrize(("key", "case"), _pairs(), ids=[f"{k[0]}:{k[1]}:{c}" for k, c in _pairs()])
def test_hostile_path(runs: dict[tuple[tuple[str, str], str], Run | None], key: tuple[str, str], case: str) -> None:
    run = runs[(key, case)]
    if run is None:
        assert (key, case) in SERVES
        return
    result = run.result
    assert_confined(result)
    assert "Traceback" not in result.stderr + result.stdout, result.describe()
    assert result.returncode in OVERRIDES.get((key, case), EXPECTED[(run.role, case)]), result.describe()
    assert SECRET not in result.stderr + result.stdout, result.describe()
    assert not any(m["code"] == "internal" for m in result.diagnostics), result.describe()
    if result.returncode == 2:
        errors = result.errors
        plain = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) + len(plain) == 1, "one error, positioned or plain\n" + result.describe()
        if errors:
            assert str(run.hostile) in errors[0]["path"] or errors[0]["path"] in str(run.hostile), result.describe()
        else:
            assert str(run.hostile) in plain[0] or "hostile" in plain[0], result.describe()
    if run.role == "output-file" and case == "link-out":
        assert run.outside.read_text(encoding="utf-8") == f"{SECRET}\n"  # the link's target is untouched
