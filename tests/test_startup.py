"""Quick commands never import the heavy engines (WeasyPrint, python-docx, ICU)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("weasyprint", "docx", "icu4py", "para", "uharfbuzz", "PIL", "babel")


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    return set(out.stdout.split())


def test_cli_import_is_light() -> None:
    loaded = _modules_after("import isp_recap.cli")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_validate_does_not_load_engines(minimal_path: object) -> None:
    code = (
        "import sys\nfrom isp_recap.cli import app\n"
        f"sys.argv = ['isp-recap', 'validate', '-q', {str(minimal_path)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
    )
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def _modules_after_command(args: list[str]) -> set[str]:
    code = (
        "import sys\nfrom isp_recap.cli import app\n"
        f"sys.argv = ['isp-recap', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
    )
    return _modules_after(code)


def test_help_does_not_load_engines() -> None:
    loaded = _modules_after_command(["--help"])
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_check_loads_only_what_it_needs() -> None:
    # The shaping lint needs HarfBuzz (uharfbuzz); nothing of the renderers or ICU's segmentation.
    sample = Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml"
    loaded = _modules_after_command(["check", str(sample)])
    assert not {m for m in loaded if m.split(".")[0] in ("weasyprint", "docx", "icu4py", "PIL", "fontTools", "pydyf")}


# -- the console script's fast path (entry.py): --help and validate without Typer or Rich -------------


def _entry(args: list[str], probe: bool = False,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The console script's `main` on `args` in a child; `env` replaces the environment."""
    code = f"import sys\nsys.argv = ['isp-recap', *{args!r}]\nfrom isp_recap.entry import main\n"
    code += "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
    if probe:
        code += "print('MODULES', ' '.join(sys.modules))\n"
    code += "sys.exit(code)\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)


def test_entry_help_and_validate_import_neither_typer_nor_rich(minimal_path: Path) -> None:
    for args in (["--help"], ["validate", str(minimal_path)], ["validate", "-q", str(minimal_path)]):
        done = _entry(args, probe=True)
        assert done.returncode == 0, done.stderr
        loaded = set(done.stdout.split("MODULES", 1)[1].split())
        assert not {m for m in loaded if m.split(".")[0] in ("typer", "click", "rich", *HEAVY)}, args


def test_entry_help_lists_every_command_of_the_typer_app() -> None:
    import typer.main

    from isp_recap.cli import app
    from isp_recap.entry import COMMANDS, SUMMARY, help_text

    group = typer.main.get_command(app)
    assert group.help == SUMMARY
    assert list(COMMANDS) == [(name, cmd.get_short_help_str(limit=1000)) for name, cmd in group.commands.items()]
    text = _entry(["--help"]).stdout
    assert text == help_text() + "\n" and all(f"  {name} " in text for name, _ in COMMANDS)


def test_entry_validate_answers_exactly_as_the_typer_command(minimal_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(minimal_path.read_text(encoding="utf-8").replace("episode: 8", "episode: eight"), encoding="utf-8")
    cases = [[str(minimal_path)], ["-q", str(minimal_path)], [str(bad), str(minimal_path)],
             [str(tmp_path / "missing.yaml")], [str(minimal_path), "--quiet"]]
    for args in cases:
        fast = _entry(["validate", *args])
        typer_run = subprocess.run([sys.executable, "-m", "isp_recap.cli", "validate", *args], capture_output=True,
                                   text=True, timeout=60)
        assert (fast.returncode, fast.stdout, fast.stderr) == (typer_run.returncode, typer_run.stdout,
                                                               typer_run.stderr), args
    assert _entry(["validate", str(bad)]).returncode == 2


def test_entry_hands_everything_else_to_typer(minimal_path: Path) -> None:
    for args, expected in ((["validate", "--help"], "--quiet"), (["build", "--help"], "--jobs"), ([], "Usage")):
        done = _entry(args)
        assert expected in done.stdout + done.stderr, args


def test_validate_of_the_sample_needs_no_markdown_parser() -> None:
    # Its links all start with an allowed scheme as written (model.text._targets_all_safe).
    sample = Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml"
    done = _entry(["validate", "-q", str(sample)], probe=True)
    assert done.returncode == 0, done.stderr
    assert "markdown_it" not in done.stdout.split("MODULES", 1)[1].split()


# -- pydantic's plugins (entry.quiet_pydantic_plugins) --------------------------------------------------


def _modules_of_validate(path: Path, env: dict[str, str]) -> set[str]:
    done = _entry(["validate", "-q", str(path)], probe=True,
                  env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | env)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split("MODULES", 1)[1].split())


def test_validate_does_not_look_for_pydantic_plugins(minimal_path: Path) -> None:
    assert "importlib.metadata" not in _modules_of_validate(minimal_path, {})


def test_a_user_who_wants_pydantic_plugins_gets_pydantic_s_own_loader(minimal_path: Path) -> None:
    # An empty value disables no plugin (pydantic's meaning), so pydantic's loader runs and scans.
    assert "importlib.metadata" in _modules_of_validate(minimal_path, {"PYDANTIC_DISABLE_PLUGINS": ""})


def test_the_stand_in_does_what_pydantic_s_loader_does_with_every_plugin_off(monkeypatch: pytest.MonkeyPatch) -> None:
    # pydantic calls one function of that module, with no argument (pydantic/plugin/_schema_validator.py);
    # under the same switch its own answer is no plugin, which is all the stand-in answers.
    import importlib
    import inspect

    from isp_recap.entry import ALL_PLUGINS_OFF, PLUGIN_LOADER

    real = importlib.import_module(PLUGIN_LOADER)
    assert inspect.signature(real.get_plugins).parameters == {}
    source = inspect.getsource(importlib.import_module("pydantic.plugin._schema_validator"))
    assert "from ._loader import get_plugins" in source and "get_plugins()" in source
    for value in ALL_PLUGINS_OFF:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", value)
        assert list(real.get_plugins()) == []
