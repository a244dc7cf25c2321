"""The JSON Schema of event files, generated from the models (never written by hand)."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://github.com/isp-myanmar/isp-recap/schemas/event.schema.json"


def event_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for `event.yaml`, for editors' completion and validation."""
    from .model import Memo

    schema = Memo.model_json_schema(mode="validation")
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "isp-recap event", **schema}


def event_schema_text() -> str:
    """The schema as the exact text stored in `schemas/event.schema.json`."""
    return json.dumps(event_schema(), indent=2, ensure_ascii=False) + "\n"
