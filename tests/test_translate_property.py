"""Property tests: export then import is the identity (PO and XLIFF), and edits change only what they edit.

Event files are generated in many YAML styles (plain, single- and double-quoted, literal blocks,
flow mappings, comments everywhere) so the round trip is tested on files as people write them.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po, write_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isp_recap.model.text import check_markup
from isp_recap.source.loader import load_event_with_positions
from isp_recap.source.yaml_tree import load_tree
from isp_recap.translate.exchange_po import export_po
from isp_recap.translate.exchange_xliff import export_xliff
from isp_recap.translate.importer import import_file
from isp_recap.translate.units import units_of

ALPHABET = list("abcXYZ 019'\":#-*_,.?!&|>%@`{}[]\\/") + list("ကခဂငစမြန်ာ့း၀၉။၊ေ") + ["\u200b", "\n"]


def _valid(text: str) -> bool:
    try:
        check_markup(text)
    except ValueError:
        return False
    return bool(text.strip())


texts = st.text(st.sampled_from(ALPHABET), min_size=1, max_size=30).filter(_valid)
words = st.text(st.sampled_from(list("abcXYZ") + list("ကခဂငစမြန်ာ")), min_size=1, max_size=12)
styles = st.sampled_from(["plain", "single", "double", "literal"])
comments = st.one_of(st.none(), st.text(st.sampled_from(list("abc XYZ#-ကခ")), max_size=15))


def _scalar(value: str, style: str, indent: str) -> str:
    if style == "literal" and value == value.strip() and "\n" in value.rstrip("\n") \
            and not value.endswith("\n") and all(line.strip() == line and line for line in value.split("\n")):
        return "|-\n" + "\n".join(indent + "  " + line for line in value.split("\n"))
    if style == "single" and "\n" not in value and value.strip() == value:
        return "'" + value.replace("'", "''") + "'"
    if style == "plain" and all(c.isalnum() or c in " ်ာ့း" for c in value) and value.strip() == value \
            and not value[0].isdigit():
        return value
    return json.dumps(value, ensure_ascii=False)


@st.composite
def text_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {"en": draw(texts), "my": draw(st.one_of(st.none(), texts)),
            "status": draw(st.sampled_from([None, "draft", "reviewed", "approved"])),
            "style": draw(styles), "flow": draw(st.booleans()), "comment": draw(comments)}


def _text_yaml(field: dict[str, Any], key: str, indent: str, item: bool = False) -> str:
    lead = f"{indent}- " if item else f"{indent}{key}: "
    # "~" is not in the text alphabet, so "# ~" finds exactly the comments, wherever they are.
    comment = f"  # ~{field['comment']}" if field["comment"] is not None else ""
    keys = [("en", field["en"])] + ([("my", field["my"])] if field["my"] is not None else [])
    if field["flow"]:
        parts = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in keys]
        if field["status"]:
            parts.append(f"status: {field['status']}")
        return f"{lead}{{{', '.join(parts)}}}{comment}\n"
    inner = indent + "  "
    lines = []
    for i, (k, v) in enumerate(keys):
        prefix = lead if i == 0 and item else inner
        if i == 0 and not item:
            lines.append(f"{lead.rstrip()}{comment}\n")
            prefix = inner
        lines.append(f"{prefix}{k}: {_scalar(v, field['style'], inner)}" + (comment if i == 0 and item else "")
                     + "\n")
    if field["status"]:
        lines.append(f"{inner}status: {field['status']}\n")
    return "".join(lines)


@st.composite
def events(draw: st.DrawFn) -> str:
    out = ["# ~generated event\n", "format: 1\n",
           f"translation_status: {draw(st.sampled_from(['draft', 'reviewed', 'approved']))}\n",
           "organisation:\n", _text_yaml(draw(text_fields()), "name", "  "),
           "event:\n", _text_yaml(draw(text_fields()), "series", "  "), _text_yaml(draw(text_fields()), "title", "  "),
           "  date: 2025-04-26\n", "people:\n", "  - id: p1\n", _text_yaml(draw(text_fields()), "name", "    "),
           "    role: host\n", "programme:\n"]
    for _ in range(draw(st.integers(1, 3))):
        out.append("  # ~a turn\n  - turn:\n      speaker: p1\n      paragraphs:\n")
        for field in draw(st.lists(text_fields(), min_size=1, max_size=3)):
            out.append(_text_yaml(field, "", "        ", item=True))
    return "".join(out)


def _comment_lines(text: str) -> list[str]:
    return [line[line.index("# ~"):] for line in text.splitlines() if "# ~" in line]


def _write(text: str, folder: Path) -> Path:
    path = folder / "event.yaml"
    path.write_text(text, encoding="utf-8")
    load_event_with_positions(path)  # the generator only writes valid events
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.sampled_from(["po", "xliff"]))
def test_export_then_import_is_identity(text: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        event = _write(text, Path(tmp))
        before = event.read_bytes()
        memo, positions = load_event_with_positions(event)
        out = Path(tmp) / ("x.po" if fmt == "po" else "x.xlf")
        exporter = export_po if fmt == "po" else export_xliff
        out.write_bytes(exporter(memo, units_of(memo, positions), event, out))
        report = import_file(out)
        assert not report.refused and not report.changes and not report.written
        assert event.read_bytes() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.data())
def test_po_edits_change_exactly_the_edited_values(text: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        event = _write(text, Path(tmp))
        memo, positions = load_event_with_positions(event)
        units = units_of(memo, positions)
        chosen = data.draw(st.lists(st.sampled_from([u.id for u in units]), unique=True, max_size=4))
        new = {i: data.draw(texts) for i in chosen}
        po = Path(tmp) / "x.po"
        po.write_bytes(export_po(memo, units, event, po))
        catalog = read_po(po.open("rb"))
        for message in catalog:
            if message.context in new:
                message.string = new[message.context]
                message.flags.add("fuzzy")  # stays a draft: only the Burmese changes (or the status to draft)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=76)
        before_data, _pos, _d = load_tree("b", text)
        report = import_file(po)
        assert not report.refused
        after_text = event.read_text(encoding="utf-8")
        after_data, _pos, _d = load_tree("a", after_text)
        expected = before_data
        for ref_id, value in new.items():
            target = expected
            loc = next(u for u in units if u.id == ref_id)
            path = _loc_of(memo, loc.id)
            for part in path:
                target = target[part]
            target["my"] = value
            if (target.get("status") or expected["translation_status"]) != "draft":
                target["status"] = "draft"
        assert after_data == expected
        assert _comment_lines(after_text) == _comment_lines(text)


def _loc_of(memo: Any, unit_id: str) -> tuple[str | int, ...]:
    from isp_recap.model.walk import iter_texts

    return next(ref.loc for ref in iter_texts(memo) if ref.id == unit_id)


_STATE_STATUS = {"initial": "draft", "translated": "draft", "reviewed": "reviewed", "final": "approved"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.data())
def test_xliff_edits_change_exactly_the_edited_values_and_states(text: str, data: st.DataObject) -> None:
    import xml.etree.ElementTree as ET

    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    with tempfile.TemporaryDirectory() as tmp:
        event = _write(text, Path(tmp))
        memo, positions = load_event_with_positions(event)
        units = units_of(memo, positions)
        chosen = data.draw(st.lists(st.sampled_from([u.id for u in units]), unique=True, max_size=4))
        new = {i: (data.draw(texts), data.draw(st.sampled_from(list(_STATE_STATUS)))) for i in chosen}
        xlf = Path(tmp) / "x.xlf"
        xlf.write_bytes(export_xliff(memo, units, event, xlf))
        ET.register_namespace("", ns["x"])
        tree = ET.parse(xlf)
        for unit in tree.getroot().iterfind(".//x:unit", ns):
            if unit.get("id") in new:
                value, state = new[unit.get("id")]
                segment = unit.find("x:segment", ns)
                assert segment is not None
                segment.set("state", state)
                target = segment.find("x:target", ns)
                if target is None:
                    target = ET.SubElement(segment, f"{{{ns['x']}}}target")
                target.text = value
        tree.write(xlf, encoding="utf-8", xml_declaration=True)
        before_data, _pos, _d = load_tree("b", text)
        report = import_file(xlf)
        assert not report.refused
        after_text = event.read_text(encoding="utf-8")
        after_data, _pos, _d = load_tree("a", after_text)
        expected = before_data
        for ref_id, (value, state) in new.items():
            target_map = expected
            for part in _loc_of(memo, ref_id):
                target_map = target_map[part]
            target_map["my"] = value
            if (target_map.get("status") or expected["translation_status"]) != _STATE_STATUS[state]:
                target_map["status"] = _STATE_STATUS[state]
        assert after_data == expected
        assert _comment_lines(after_text) == _comment_lines(text)
