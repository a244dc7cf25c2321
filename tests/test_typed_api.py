"""The public API is typed for its users: mypy --strict on code that uses it as a user would.

tests/typed_usage/public_api.py calls every export and states with `assert_type` what mypy must
infer (`render_pdf` gives bytes, `build_document` a Document, ...). An export mypy cannot see (a
name served by the lazy `__getattr__` without its import under `TYPE_CHECKING`) is `Any` there, and
`assert_type` fails on it. The package ships `py.typed` (tests/test_wheel.py checks the wheel holds
it), so an installed package gives users the same types.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import isp_recap

ROOT = Path(__file__).resolve().parents[1]
USAGE = ROOT / "tests" / "typed_usage" / "public_api.py"


def mypy(*files: Path) -> subprocess.CompletedProcess[str]:
    """mypy --strict with the project's configuration (pyproject.toml: pydantic plugin, src path)."""
    env = {**os.environ, "MYPY_FORCE_COLOR": "0"}
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-color-output", "--show-error-codes",
                           *map(str, files)], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=600)  # a hang guard, not a timing check


def test_public_api_used_as_a_user_would_passes_mypy_strict() -> None:
    proc = mypy(USAGE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found in 1 source file" in proc.stdout


def test_mypy_sees_the_real_types_so_a_user_s_typing_mistake_fails(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong_usage.py"
    wrong.write_text(
        "from pathlib import Path\n"
        "from typing import assert_type\n"
        "import isp_recap\n"
        "memo = isp_recap.load_event(Path('event.yaml'))\n"
        "doc = isp_recap.build_document(memo, 'fr')\n"  # line 5: not an edition
        "assert_type(isp_recap.render_pdf(doc), str)\n"  # line 6: it is bytes
        "isp_recap.render_html(doc).decode()\n"  # line 7: str has no decode
        "isp_recap.render_docx(doc, reference='styles.docx')\n",  # line 8: a Path, not a str
        encoding="utf-8")
    proc = mypy(wrong)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    errors = {int(line.split(":")[1]) for line in proc.stdout.splitlines() if ": error:" in line}
    assert errors == {5, 6, 7, 8}, proc.stdout
    assert 'Expression is of type "bytes", not "str"' in proc.stdout


def test_every_export_is_imported_for_type_checkers() -> None:
    tree = ast.parse((ROOT / "src" / "isp_recap" / "__init__.py").read_text(encoding="utf-8"))
    seen: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                seen |= {alias.asname or alias.name for alias in stmt.names}
    assert seen == set(isp_recap._EXPORTS), "each lazy export needs its import under TYPE_CHECKING"
    assert set(isp_recap._EXPORTS) | {"__version__"} == set(isp_recap.__all__)
    for name, module in isp_recap._EXPORTS.items():  # and the import names the module it is served from
        imported = next(stmt for node in tree.body if isinstance(node, ast.If) for stmt in node.body
                        if isinstance(stmt, ast.ImportFrom) and name in {a.name for a in stmt.names})
        assert isinstance(imported, ast.ImportFrom)
        assert module.startswith(f"isp_recap.{imported.module}"), (name, module, imported.module)

