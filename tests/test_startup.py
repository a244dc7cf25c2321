"""Quick commands never import the heavy engines (WeasyPrint, python-docx, ICU)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("weasyprint", "docx", "icu", "uharfbuzz", "PIL", "babel")


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
    assert not {m for m in loaded if m.split(".")[0] in ("weasyprint", "docx", "icu", "PIL", "fontTools", "pydyf")}
