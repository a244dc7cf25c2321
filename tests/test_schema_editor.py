"""The schema in an editor (issue 11): yaml-language-server, spoken to over LSP as an editor does.

VS Code's YAML extension, Neovim, Helix, Zed and others run yaml-language-server; the sample's first
line (`# yaml-language-server: $schema=../../schemas/event.schema.json`) ties it to the schema, a local
file (no network: the schema store is switched off, as it is offline). The server runs from
tools/node (`make test` installs it from the committed lock file) over stdio (tests/lsp_client.py).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lsp_client import LanguageServer

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "event.schema.json"
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
SERVER = ROOT / "tools" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
READY = SERVER.is_file() and shutil.which("node") is not None
MODELINE = "# yaml-language-server: $schema=../../schemas/event.schema.json"
#: What an editor sends: validation, hover and completion on; the online schema store off.
SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True, "schemas": {},
                     "schemaStore": {"enable": False}}}
CAPABILITIES = {"textDocument": {"publishDiagnostics": {}, "hover": {"contentFormat": ["markdown", "plaintext"]},
                                 "completion": {"completionItem": {"snippetSupport": False}}}}

if not READY and os.environ.get("CI"):
    pytest.fail("yaml-language-server is missing: `make test` runs `npm ci` in tools/node", pytrace=False)
pytestmark = pytest.mark.skipif(not READY, reason="yaml-language-server not installed (make test installs it)")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the repository (schemas/ beside samples/), so copies keep the sample's modeline."""
    root = tmp_path_factory.mktemp("workspace")
    (root / "schemas").mkdir()
    shutil.copy(SCHEMA, root / "schemas" / SCHEMA.name)
    (root / "samples" / "copy").mkdir(parents=True)
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[LanguageServer]:
    with LanguageServer(["node", str(SERVER), "--stdio"], cwd=workspace, settings=SETTINGS) as ls:
        init = ls.initialize(workspace, CAPABILITIES)
        assert {"hoverProvider", "completionProvider"} <= set(init["capabilities"])
        ls.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
        yield ls


def _open(ls: LanguageServer, path: Path) -> str:
    uri = path.as_uri()
    ls.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                        "text": path.read_text(encoding="utf-8")}})
    return uri


def _diagnostics(ls: LanguageServer, uri: str) -> list[dict[str, Any]]:
    params = ls.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
    return list(params["diagnostics"])


def _line_of(text: str, needle: str) -> int:
    """0-based line (as LSP counts) of the one line holding `needle`."""
    (index,) = [n for n, line in enumerate(text.splitlines()) if needle in line]
    return index


def test_sample_has_no_diagnostics_and_is_bound_to_the_schema(server: LanguageServer) -> None:
    assert SAMPLE.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    uri = _open(server, SAMPLE)
    assert _diagnostics(server, uri) == []
    # Not silence for want of a schema: hovering `format` shows the schema's own description and source.
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 2, "character": 1}})
    text = hover["contents"]["value"]
    description = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]["format"]["description"]
    assert description in text and SCHEMA.as_uri() in text


def test_misspelt_key_and_wrong_type_are_reported_at_their_lines(server: LanguageServer, workspace: Path) -> None:
    original = SAMPLE.read_text(encoding="utf-8")
    assert original.count("\n  website:") == 1 and original.count("\n  episode: 8\n") == 1
    text = original.replace("\n  website:", "\n  webiste:").replace("\n  episode: 8\n", "\n  episode: eight\n")
    copy = workspace / "samples" / "copy" / "event.yaml"
    copy.write_text(text, encoding="utf-8")
    found = sorted(((d["range"]["start"]["line"], d["range"]["start"]["character"]), d["message"])
                   for d in _diagnostics(server, _open(server, copy)))
    key, value = _line_of(text, "  webiste:"), _line_of(text, "  episode: eight")
    assert [at for at, _ in found] == sorted([(key, 2), (value, len("  episode: "))]), found
    messages = dict(found)
    assert "webiste" in messages[(key, 2)] and "not allowed" in messages[(key, 2)]
    assert "integer" in messages[(value, len("  episode: "))]


def test_completion_offers_the_schemas_keys(server: LanguageServer, workspace: Path) -> None:
    new = workspace / "samples" / "copy" / "new.yaml"
    new.write_text(f"{MODELINE}\norganisation:\n  \n", encoding="utf-8")
    uri = _open(server, new)
    result = server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": 2, "character": 2}})
    labels = {item["label"] for item in (result["items"] if isinstance(result, dict) else result)}
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    ref = schema["properties"]["organisation"]["$ref"].rsplit("/", 1)[-1]
    keys = set(schema["$defs"][ref]["properties"])
    assert {"name", "email", "website"} <= keys <= labels, labels
