"""The schema in the validators editors use (issue 11): check-jsonschema and Ajv 8 compile it.

yaml-language-server validates with Ajv 8 (draft 2020-12 class, unicodeRegExp on: every `pattern`
is an ECMAScript regex with the `u` flag); check-jsonschema's default regex mode is as strict. Both
must accept the sample and point at a misspelt key. Node 20 is on every machine of this kind;
`make test` installs Ajv into tools/node/ from the committed lock file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "event.schema.json"
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
NODE_TOOLS = ROOT / "tools" / "node"
AJV_READY = (NODE_TOOLS / "node_modules" / "ajv").is_dir() and shutil.which("node") is not None

if not AJV_READY and os.environ.get("CI"):
    pytest.fail("Ajv is missing: `make test` runs `npm ci` in tools/node", pytrace=False)


def _as_json(yaml_path: Path, out: Path) -> Path:
    """The YAML document as an editor's language server sees it (dates stay text) written as JSON."""
    data = YAML(typ="safe").load(yaml_path.read_text(encoding="utf-8"))
    out.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    return out


def _misspelt(tmp_path: Path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8").replace("\nevent:\n", "\nevnet:\n", 1)
    assert "evnet:" in text
    path = tmp_path / "event.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _ajv(schema: Path, *docs: Path) -> list[dict[str, object]]:
    done = subprocess.run(["node", str(NODE_TOOLS / "validate.mjs"), str(schema), *map(str, docs)],
                          capture_output=True, text=True, timeout=120, check=False)
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.skipif(not AJV_READY, reason="Ajv not installed (make test installs it)")
def test_ajv_compiles_the_schema_and_accepts_the_sample(tmp_path: Path) -> None:
    (result,) = _ajv(SCHEMA, _as_json(SAMPLE, tmp_path / "sample.json"))
    assert result["compiled"] and result["valid"], result


@pytest.mark.skipif(not AJV_READY, reason="Ajv not installed (make test installs it)")
def test_ajv_reports_a_misspelt_key(tmp_path: Path) -> None:
    (result,) = _ajv(SCHEMA, _as_json(_misspelt(tmp_path), tmp_path / "bad.json"))
    assert result["compiled"] and not result["valid"]
    assert any(e["params"].get("additionalProperty") == "evnet" for e in result["errors"])  # type: ignore[union-attr]


@pytest.mark.skipif(not AJV_READY, reason="Ajv not installed (make test installs it)")
def test_ajv_refuses_the_pattern_the_schema_used_to_have(tmp_path: Path) -> None:
    # The check can fail: a backslash-quote inside a character class does not compile under the u flag.
    bad = tmp_path / "bad.schema.json"
    bad.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                               "type": "string", "pattern": "^[^\\s<>\\\"']+$"}), encoding="utf-8")
    (result,) = _ajv(bad, _as_json(SAMPLE, tmp_path / "sample.json"))
    assert result["compiled"] is False


def _check_jsonschema(*docs: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(exe), "--schemafile", str(SCHEMA), *map(str, docs)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_check_jsonschema_default_mode_accepts_the_sample() -> None:
    done = _check_jsonschema(SAMPLE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_jsonschema_reports_a_misspelt_key(tmp_path: Path) -> None:
    done = _check_jsonschema(_misspelt(tmp_path))
    assert done.returncode == 1 and "evnet" in done.stdout + done.stderr
