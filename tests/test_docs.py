"""The public API is documented: every name `isp_recap` exports has a docstring of its own, and the
documentation (`make docs`: Sphinx, warnings as errors) builds and lists every one of them."""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import shutil
import subprocess
import sys
import typing
import zlib
from pathlib import Path

from sphinx.pycode import ModuleAnalyzer

import isp_recap

ROOT = Path(__file__).resolve().parents[1]
#: Exported constants: they cannot carry a docstring, so docs/api.rst documents them by hand.
CONSTANTS = {"__version__"}


def public_members(cls: type) -> list[str]:
    """The public methods and properties `cls` defines itself, and its dataclass fields."""
    names = [name for name, value in vars(cls).items() if not name.startswith("_")
             and (inspect.isfunction(value) or isinstance(value, property | classmethod | staticmethod))]
    if dataclasses.is_dataclass(cls):
        names += [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]
    return names


def own_docstring(obj: object) -> str:
    """The docstring written for `obj`, not one it inherits or one dataclasses made up."""
    if isinstance(obj, property):
        obj = obj.fget
    elif isinstance(obj, classmethod | staticmethod):
        obj = obj.__func__
    doc = vars(obj).get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    if isinstance(obj, type) and dataclasses.is_dataclass(obj) and doc and doc.startswith(f"{obj.__name__}("):
        return ""  # dataclasses write "Name(field: type, ...)" when the class has no docstring
    return inspect.cleandoc(doc or "")


def attribute_docs(obj: object) -> dict[tuple[str, str], list[str]]:
    """The `#:` comments of the module that defines `obj`."""
    module = obj.__module__ if isinstance(obj, type) else str(obj)
    return ModuleAnalyzer.for_module(module).find_attr_docs()


def test_every_exported_name_has_a_docstring_of_its_own() -> None:
    missing = []
    for name in isp_recap.__all__:
        if name in CONSTANTS:
            continue
        obj = getattr(isp_recap, name)
        if typing.get_origin(obj) is typing.Literal:  # a type alias: documented by a `#:` comment
            module = isp_recap._EXPORTS[name]
            docs = ModuleAnalyzer.for_module(module).find_attr_docs()
            if not "".join(docs.get(("", name), [])).strip():
                missing.append(name)
            continue
        if not own_docstring(obj):
            missing.append(name)
        if isinstance(obj, type):
            fields = {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
            comments = attribute_docs(obj)
            for member in public_members(obj):
                if member in fields:
                    if not "".join(comments.get((obj.__qualname__, member), [])).strip():
                        missing.append(f"{name}.{member} (a field: document it with a #: comment)")
                elif not own_docstring(vars(obj)[member]):
                    missing.append(f"{name}.{member}")
    assert not missing, f"public names without a docstring: {missing}"
    assert own_docstring(isp_recap)


def test_the_checks_see_a_missing_docstring() -> None:
    @dataclasses.dataclass
    class Undocumented:
        field: int = 0

        def method(self) -> None:
            pass

    assert own_docstring(Undocumented) == ""
    assert own_docstring(vars(Undocumented)["method"]) == ""
    assert own_docstring(isp_recap.Document)
    assert public_members(Undocumented) == ["method", "field"]


def sphinx_options() -> list[str]:
    """The options `make docs` builds with (one definition, in the Makefile)."""
    match = re.search(r"^SPHINXOPTS := (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert match, "the Makefile defines SPHINXOPTS for `make docs`"
    options = match.group(1).split()
    assert {"-W", "--keep-going", "-n", "-E"} <= set(options)
    return options


def sphinx(source: Path, out: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "sphinx", *sphinx_options(), "-q", "-b", "html", str(source),
                           str(out)], capture_output=True, text=True, env=env, timeout=600)  # a hang guard


def inventory(out: Path) -> set[str]:
    """The names of the objects documented in a built `objects.inv`."""
    data = (out / "objects.inv").read_bytes()
    header, _, body = data.partition(b"zlib.\n")
    assert header.startswith(b"# Sphinx inventory version 2")
    return {line.split(" ", 1)[0] for line in zlib.decompress(body).decode().splitlines()}


def test_docs_build_with_warnings_as_errors_and_list_every_public_name(tmp_path: Path) -> None:
    proc = sphinx(ROOT / "docs", tmp_path / "html")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stderr
    built = tmp_path / "html"
    for page in ("index", "tutorial", "api", "nodes", "models", "architecture"):
        assert (built / f"{page}.html").is_file(), page
    # Burmese in the pages is drawn with the shipped face, not whatever the reader has installed.
    assert (built / "_static" / "NotoSansMyanmar-Regular.ttf").read_bytes() == (
        ROOT / "src" / "isp_recap" / "render" / "fonts" / "NotoSansMyanmar-Regular.ttf").read_bytes()
    assert "burmese.css" in (built / "tutorial.html").read_text(encoding="utf-8")
    names = inventory(built)
    expected = {f"isp_recap.{name}" for name in isp_recap.__all__}
    for name in isp_recap.__all__:
        obj = getattr(isp_recap, name)
        if isinstance(obj, type):
            expected |= {f"isp_recap.{name}.{member}" for member in public_members(obj)}
    assert not expected - names, f"public names missing from docs/api.rst: {sorted(expected - names)}"
    api = (built / "api.html").read_text(encoding="utf-8")
    assert "Read and validate an event file." in api  # the docstrings themselves, not only the names


def test_a_docstring_warning_fails_the_docs_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "conf.py", docs)  # the project's configuration, one page of its own
    shutil.copytree(ROOT / "docs" / "_static", docs / "_static")
    (tmp_path / "badly_documented.py").write_text(
        'def f() -> None:\n    """A docstring with *unclosed emphasis."""\n', encoding="utf-8")
    (docs / "index.rst").write_text("Broken\n======\n\n.. autofunction:: badly_documented.f\n", encoding="utf-8")
    proc = sphinx(docs, tmp_path / "html", extra_path=tmp_path)
    assert proc.returncode != 0
    assert "Inline emphasis start-string without end-string" in proc.stderr
    (tmp_path / "badly_documented.py").write_text('def f() -> None:\n    """A docstring."""\n', encoding="utf-8")
    assert sphinx(docs, tmp_path / "html2", extra_path=tmp_path).returncode == 0  # that warning was the cause
