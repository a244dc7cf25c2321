"""The JSON Schema is generated from the models and must be up to date."""

from __future__ import annotations

import json
from pathlib import Path

from isp_recap.schema import event_schema_text

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "event.schema.json"


def test_schema_file_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == event_schema_text(), (
        "schemas/event.schema.json is stale: run `isp-recap schema`"
    )


def test_schema_forbids_unknown_keys_and_lists_roles() -> None:
    schema = json.loads(event_schema_text())
    defs = schema["$defs"]
    assert defs["Person"]["additionalProperties"] is False
    assert set(defs["Person"]["properties"]["role"]["enum"]) == {"host", "lead_panelist", "co_panelist", "speaker"}
    assert "people" in schema["required"]


def test_schema_takes_a_burmese_only_text_and_refuses_an_empty_one() -> None:
    # jsonschema comes with check-jsonschema (a dev dependency); the editors' Ajv reads the same keywords.
    from jsonschema import Draft202012Validator

    schema = json.loads(event_schema_text())
    text = Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/Text"})
    assert text.is_valid({"my": "မေးခွန်း", "status": "draft"})
    assert text.is_valid({"en": "A question"})
    assert not text.is_valid({"status": "draft"})
    assert not text.is_valid({})
