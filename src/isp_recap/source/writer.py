"""Writing a Memo as event YAML (new files; edits to existing files use the round-trip mode)."""

from __future__ import annotations

import io
from typing import Any

from ..model import Memo

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/event.schema.json\n"


def memo_to_data(memo: Memo) -> dict[str, Any]:
    """The memo as plain YAML-ready data, leaving out empty optional fields."""
    data: dict[str, Any] = memo.model_dump(mode="python", exclude_none=True, exclude_defaults=False)
    for key in ("concept_note", "programme", "qa", "closing"):
        if not data.get(key):
            data.pop(key, None)
    for item in data.get("programme", []) + data.get("qa", []):
        for k in [k for k, v in item.items() if v is None]:
            del item[k]
    return data


def dump_event(memo: Memo, *, schema_line: bool = True) -> str:
    """Event YAML text for a memo; loading it again gives an equal memo."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = io.StringIO()
    yaml.dump(memo_to_data(memo), out)
    return (SCHEMA_LINE if schema_line else "") + out.getvalue()
