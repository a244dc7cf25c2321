"""The import rules of docs/architecture.md, checked on the source (no module is imported here).

Every `import` and `from ... import` of every module under src/isp_recap is read with `ast`, function-
level imports included, so a rule cannot be dodged by importing late.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "isp_recap"

#: What the writers may import from the package: the Document, the shared writer modules, and
#: helpers that know nothing of events (link schemes, package data, diagnostics, the theme sandbox).
RENDER_MAY_IMPORT = ("isp_recap.render", "isp_recap.document.nodes", "isp_recap.document.theme",
                     "isp_recap.links", "isp_recap.resources", "isp_recap.diagnostics", "isp_recap.theme.sandbox")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The isp_recap modules `path` imports (absolute names; `from x import y` counts x and x.y)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return {m for m in found if m == "isp_recap" or m.startswith("isp_recap.")}


def _modules(under: str) -> list[Path]:
    return sorted((SRC / under).rglob("*.py"))


def _inside(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _is_module(name: str) -> bool:
    """Whether `name` is a module or package of isp_recap (not an attribute imported from one)."""
    rel = Path(*name.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file() or name == "isp_recap"


@pytest.mark.parametrize("path", _modules("render"), ids=lambda p: str(p.relative_to(SRC)))
def test_writers_import_only_the_document_and_shared_helpers(path: Path) -> None:
    # No source/ (loading, limits, assets), no model/ (pydantic, loading), no myanmar/ (writers never
    # test a character range), no locale/ (they pick no word), no build, cli, fsio.
    bad = sorted(m for m in _imports(path) if _is_module(m) and not _inside(m, RENDER_MAY_IMPORT))
    assert bad == [], f"{path.relative_to(SRC)} imports {bad}"


#: Calls that read a file. The writers read only the package's own data (`render_data`, importlib.resources).
_FILE_READS = re.compile(r"\b(open|read_bytes|read_text|read_limited|read_input\w*)\(")


@pytest.mark.parametrize("path", _modules("render"), ids=lambda p: str(p.relative_to(SRC)))
def test_writers_read_no_file_of_the_event(path: Path) -> None:
    # A read must name its file through render_data(...) (fonts, templates) or importlib.resources'
    # files(__package__) (the reference parts),
    # or be a member of an in-memory zip; figures arrive as bytes in the Document, a user's reference
    # .docx as cleaned parts in WriterOptions (read on the input side, source/reference_docx.py).
    # No exception: a writer that opens a file of its own fails here.
    where = str(path.relative_to(SRC))
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0].strip()
        package_data = "render_data(" in code or "files(__package__)" in code  # importlib.resources
        if not _FILE_READS.search(code) or package_data or "zf.open(" in code or "os.fdopen" in code:
            continue
        pytest.fail(f"{where}:{number} reads a file: {code}")


@pytest.mark.parametrize("path", _modules("document"), ids=lambda p: str(p.relative_to(SRC)))
def test_the_document_does_not_know_its_writers(path: Path) -> None:
    bad = sorted(m for m in _imports(path) if _inside(m, ("isp_recap.render", "isp_recap.cli", "isp_recap.build",
                                                           "isp_recap.batch", "isp_recap.preview")))
    assert bad == [], f"{path.relative_to(SRC)} imports {bad}"


@pytest.mark.parametrize("path", _modules("model"), ids=lambda p: str(p.relative_to(SRC)))
def test_the_model_is_data(path: Path) -> None:
    bad = sorted(m for m in _imports(path) if _inside(m, ("isp_recap.source", "isp_recap.document", "isp_recap.render",
                                                           "isp_recap.cli", "isp_recap.build")))
    assert bad == [], f"{path.relative_to(SRC)} imports {bad}"


@pytest.mark.parametrize("path", _modules("myanmar"), ids=lambda p: str(p.relative_to(SRC)))
def test_myanmar_knows_only_the_script(path: Path) -> None:
    bad = sorted(m for m in _imports(path) if _is_module(m)
                 and not _inside(m, ("isp_recap.myanmar", "isp_recap.resources")))
    assert bad == [], f"{path.relative_to(SRC)} imports {bad}"


def test_only_myanmar_knows_the_myanmar_code_points() -> None:
    # The Myanmar blocks (U+1000-109F, AA60-AA7F, A9E0-A9FF) written anywhere but myanmar/: a copy.
    pattern = re.compile(r"\\u10[0-9a-fA-F]{2}|\b0x(?:10[0-9a-fA-F]{2}|AA[67][0-9a-fA-F]|A9[EF][0-9a-fA-F])\b"
                         r"|\\uaa[67]|\\ua9[e-f]",
                         re.IGNORECASE)
    copies = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py") if "myanmar" not in p.parts
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert copies == []


def _third_party_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_icu_binding_and_zawgyi_converter_live_in_one_module() -> None:
    # myanmar/icu_backend.py alone imports them (docs/platforms.md), so changing binding is one file.
    users = {str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
             if _third_party_imports(p) & {"icu", "icu4py", "para"}}
    assert users == {"myanmar/icu_backend.py"}
