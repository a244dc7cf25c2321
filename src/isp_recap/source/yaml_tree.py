"""Safe YAML reading with positions.

The YAML is composed to nodes (never constructed by ruamel, so no tag can run code) and turned into
plain Python values by this module, which records the 1-based position of every key and value,
rejects duplicate keys and unknown tags, and bounds alias expansion, nesting and size.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from ruamel.yaml.composer import Composer

Loc = tuple[str | int, ...]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 500_000  # after alias expansion; the sample has ~1,500
#: Nodes in the file itself (before aliases are expanded); a generated 600-page event has ~20,000.
MAX_COMPOSED = 100_000
#: Characters of text after alias expansion. Aliases repeat a text without repeating its bytes, so the
#: file-size bound alone lets a small file describe gigabytes for the renderers; the sample has ~60,000.
MAX_TEXT_CHARS = 2_000_000
MAX_INT_DIGITS = 30

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?[0-9_]+$")


@dataclass
class Positions:
    """Where each value (and each mapping key) of a loaded YAML document is, 1-based."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    #: The style of each string scalar (`"`, `'`, `|`, `>` or "" for plain), to locate offsets in it.
    styles: dict[Loc, str] = field(default_factory=dict)

    def of_value(self, loc: Loc) -> tuple[int, int]:
        """Position of the value at `loc`, or of its nearest located ancestor."""
        while loc and loc not in self.values:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def of_offset(self, loc: Loc, value: str, offset: int) -> tuple[int, int]:
        """Position of character `offset` of the string `value` at `loc`.

        Exact for plain and quoted scalars on one line without escapes before the offset; anything
        else (block scalars, folded lines, escapes) gives the value's own position.
        """
        line, col = self.of_value(loc)
        style = self.styles.get(loc)
        before = value[:offset]
        if style is None or style in ("|", ">") or "\n" in before or (style == '"' and "\\" in before):
            return line, col
        return line, col + offset + (1 if style in ('"', "'") else 0)

    def of_key(self, loc: Loc) -> tuple[int, int]:
        """Position of the key that introduces `loc` (falls back to the value)."""
        return self.keys[loc] if loc in self.keys else self.of_value(loc)


class _TooBig(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"),
         (b"\xfe\xff", "UTF-16"))


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' if `raw` looks like text in one of them (a BOM, or NULs between ASCII)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:4096]
    if len(head) >= 8 and head.count(0) * 3 >= len(head):
        return "UTF-32" if head.count(0) * 3 >= len(head) * 2 else "UTF-16"
    return None


def decode(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 (a BOM is allowed) and find characters a memo must not contain."""
    if len(raw) > MAX_BYTES:
        return None, [Diagnostic(path, 0, 0, "file-too-large",
                                 f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")]
    wide = _wide_encoding(raw)
    if wide:
        # Decoded as UTF-8, UTF-16/32 text is valid but every other byte a NUL: one error, not thousands.
        return None, [Diagnostic(path, 1, 1, "invalid-utf8", f"the file is encoded as {wide}; save it as UTF-8")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line, col = _line_col(good, len(good))
        return None, [Diagnostic(path, line, col, "invalid-utf8",
                                 f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                                 hint="files from Windows tools are often Windows-1252")]
    diags = []
    for m in _CONTROL.finditer(text):
        line, col = _line_col(text, m.start())
        diags.append(Diagnostic(path, line, col, "control-character",
                                f"control character U+{ord(m.group()):04X} is not allowed in an event file"))
    if diags:
        # Blank them out (same length, so positions hold) to go on and report the other mistakes too.
        text = _CONTROL.sub(" ", text)
    for m in _BIDI.finditer(text):
        line, col = _line_col(text, m.start())
        diags.append(Diagnostic(path, line, col, "bidi-control",
                                f"bidirectional control U+{ord(m.group()):04X} can make text display differently "
                                "from what it says; remove it"))
    return text, diags


def _scalar(node: Any, path: str) -> Any:
    tag: str = node.tag
    value: str = node.value
    if not tag.startswith(_TAG):
        raise ValueError(f"tag {tag!r} is not allowed")
    kind = tag[len(_TAG):]
    if kind == "str":
        return value
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() == "true"
    if kind == "int":
        if len(value) > MAX_INT_DIGITS:  # int() of thousands of digits is slow, and no field needs it
            raise ValueError(f"the number has more than {MAX_INT_DIGITS} digits")
        if _INT.match(value):
            return int(value.replace("_", ""))
        return int(value, 0)
    if kind == "float":
        v = value.lower().replace("_", "")
        if v in (".inf", "+.inf"):
            return float("inf")
        if v == "-.inf":
            return float("-inf")
        if v == ".nan":
            return float("nan")
        return float(v)
    if kind == "timestamp":
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("t", "T").replace(" ", "T", 1).rstrip("Zz"))
    raise ValueError(f"tag !!{kind} is not allowed")


class _TooManyComposed(Exception):
    def __init__(self, mark: Any):
        self.mark = mark


@lru_cache(maxsize=1)
def _counting_composer() -> type[Composer]:
    from ruamel.yaml.composer import Composer

    class CountingComposer(Composer):
        """ruamel's composer, stopping after `MAX_COMPOSED` nodes.

        The alias budget (`MAX_NODES`) is spent while walking the composed tree; composing itself costs
        ~55 µs and ~0.9 kB a node (measured: 1,000,000 one-line list items, within the 8 MiB file limit,
        took 54 s and 870 MB before the walk could refuse them). Counting here stops that at a few seconds.
        """

        _composed = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self._composed += 1
            if self._composed > MAX_COMPOSED:
                raise _TooManyComposed(self.parser.peek_event().start_mark)
            return super().compose_node(parent, index)

    return CountingComposer


def _compose(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)  # a fresh instance: ruamel's depth counter does not reset
    yaml.max_depth = MAX_DEPTH
    yaml.Composer = _counting_composer()
    return yaml.compose(text)


@dataclass
class ParsedYaml:
    """YAML bytes decoded and parsed: the text, plain values, positions and any warnings."""

    text: str
    data: Any
    positions: Positions
    warnings: list[Diagnostic]


def parse_yaml(path: str, raw: bytes) -> ParsedYaml:
    """Decode and parse YAML bytes with positions; raise `IspRecapError` if anything is an error."""
    from ..diagnostics import IspRecapError

    text, diags = decode(path, raw)
    if text is None:
        raise IspRecapError(diags)
    data, positions, tree_diags = load_tree(path, text)
    diags += tree_diags
    if any(d.severity == "error" for d in diags):
        raise IspRecapError(diags)
    return ParsedYaml(text, data, positions, diags)


def load_tree(path: str, text: str) -> tuple[Any, Positions, list[Diagnostic]]:
    """Parse YAML text into plain values with positions. Syntax errors become diagnostics."""
    from ruamel.yaml.composer import MaxDepthExceededError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    positions = Positions()
    try:
        root = _compose(text)
    except _TooManyComposed as exc:
        line, col = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (0, 0)
        return None, positions, [Diagnostic(path, line, col, "too-many-nodes",
                                            f"the file has more than {MAX_COMPOSED:,} values; an event has far fewer")]
    except MaxDepthExceededError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, positions, [Diagnostic(path, line, col, "too-deep",
                                            f"nesting is deeper than {MAX_DEPTH} levels")]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, positions, [Diagnostic(path, line, col, "yaml-syntax", _syntax_message(exc))]
    except (YAMLError, RecursionError) as exc:
        return None, positions, [Diagnostic(path, 0, 0, "yaml-syntax", _plain(str(exc)) or "invalid YAML")]
    if root is None:
        return None, positions, [Diagnostic(path, 1, 1, "empty-file", "the file has no content")]
    diags: list[Diagnostic] = []
    budget = _Budget(text)
    try:
        value = _walk(root, (), path, positions, diags, budget)
    except _TooBig as exc:
        return None, positions, [exc.diagnostic]
    return value, positions, diags


def _plain(message: str) -> str:
    return " ".join(message.split())


_SYNTAX_HINTS = (
    ("'\\t' that cannot start any token", "a tab cannot indent YAML; use spaces"),
    ("found '<block mapping start>'", "this line is indented differently from the lines around it"),
    ("expected <block end>, but found", "this line is indented differently from the lines around it"),
    ("could not find expected ':'", "expected 'key: value' (is a ':' missing, or a quote not closed?)"),
    ("mapping values are not allowed here", "a ':' here starts a mapping; put the text in quotes"),
    ("found unexpected end of stream", "the file ends inside a quoted text or a bracket"),
    ("expected ',' or '}'", "a '{ ... }' mapping is not closed, or a ',' is missing"),
    ("expected ',' or ']'", "a '[ ... ]' list is not closed, or a ',' is missing"),
    ("found undefined alias", "this alias (*name) has no anchor (&name) before it"),
    ("found character '@' that cannot start", "text starting with '@' must be quoted"),
    ("found character '`' that cannot start", "text starting with '`' must be quoted"),
    ("expected '<document start>'", "an event file is one YAML document: remove the '...' or '%' line above, "
                                    "or quote text that starts with '%'"),
    ("expected a single document", "an event file is one YAML document: remove the '---' or '...' line above"),
)
#: ruamel's names for tokens, in the messages left without a hint above.
_TOKEN_WORDS = {"<block mapping start>": "a new key", "<block sequence start>": "a list item",
                "<block end>": "the end of the block", "<document start>": "'---'", "<document end>": "'...'",
                "<stream end>": "the end of the file", "<scalar>": "a value", "<flow mapping start>": "'{'",
                "<flow sequence start>": "'['", "<block entry>": "'- '", "<key>": "a key", "<value>": "':'",
                "<anchor>": "an anchor (&)", "<alias>": "an alias (*)", "<tag>": "a tag (!)"}


def _syntax_message(exc: Any) -> str:
    raw = _plain(" ".join(str(p) for p in (exc.context, exc.problem) if p))
    for needle, message in _SYNTAX_HINTS:
        if needle in raw:
            return message
    # "found ('<block mapping start>',)" is a Python tuple's repr: say what the token is instead.
    raw = re.sub(r"\('(<[a-z ]+>)',\)", r"'\1'", raw)
    for token, words in _TOKEN_WORDS.items():
        raw = raw.replace(f"'{token}'", words).replace(token, words)
    return raw or "invalid YAML"


@dataclass
class _Budget:
    """What is left of the bounds on expansion, and the source text (to tell escapes from raw text)."""

    text: str
    nodes: int = MAX_NODES
    chars: int = MAX_TEXT_CHARS


def _escaped_characters(node: Any, value: str, text: str, path: str, here: tuple[int, int]) -> list[Diagnostic]:
    """Control, bidi and surrogate characters written as escapes ("\\e", "\\u202e") in a quoted scalar.

    The same characters typed raw were already reported by `decode` with their exact position; escapes
    are only expanded by the parser, so they are found here, at the scalar.
    """
    raw = text[node.start_mark.index:node.end_mark.index]
    if node.style != '"' or "\\" not in raw:
        return []
    diags = []
    for pattern, code, what in ((_CONTROL, "control-character", "control character"),
                                (_BIDI, "bidi-control", "bidirectional control"),
                                (_SURROGATE, "control-character", "lone surrogate")):
        for char in sorted({m.group() for m in pattern.finditer(value)}):
            if char not in raw:
                diags.append(Diagnostic(path, *here, code, f"{what} U+{ord(char):04X} (written as an escape) "
                                                           "is not allowed in an event file"))
    return diags


def _walk(node: Any, loc: Loc, path: str, pos: Positions, diags: list[Diagnostic], budget: _Budget) -> Any:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    budget.nodes -= 1
    if budget.nodes < 0:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        raise _TooBig(Diagnostic(path, line, col, "too-many-nodes",
                                 f"the document expands to more than {MAX_NODES:,} values "
                                 "(aliases that repeat aliases?)"))
    here = (node.start_mark.line + 1, node.start_mark.column + 1)
    pos.values.setdefault(loc, here)
    if isinstance(node, MappingNode):
        if node.tag != _TAG + "map":
            diags.append(Diagnostic(path, *here, "unsafe-tag", f"tag {node.tag!r} is not allowed"))
            return None
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.tag == _TAG + "merge":
                diags.append(Diagnostic(path, *key_at, "unsupported-yaml", "merge keys (<<) are not supported"))
                continue
            if isinstance(key_node, (MappingNode, SequenceNode)):
                diags.append(Diagnostic(path, *key_at, "invalid-key", "a key must be a plain value"))
                continue
            try:
                key = _scalar(key_node, path)
            except ValueError as exc:
                diags.append(Diagnostic(path, *key_at, "unsafe-tag" if "tag" in str(exc) else "invalid-value",
                                        str(exc)))
                continue
            if isinstance(key, (dt.date, float)) or key is None or isinstance(key, bool):
                key = key_node.value
            if key in result:
                first = pos.keys.get((*loc, key), here)
                diags.append(Diagnostic(path, *key_at, "duplicate-key",
                                        f"key {key!r} appears twice (first at line {first[0]})"))
                continue
            pos.keys[(*loc, key)] = key_at
            result[key] = _walk(value_node, (*loc, key), path, pos, diags, budget)
        return result
    if isinstance(node, SequenceNode):
        if node.tag != _TAG + "seq":
            diags.append(Diagnostic(path, *here, "unsafe-tag", f"tag {node.tag!r} is not allowed"))
            return None
        return [_walk(item, (*loc, i), path, pos, diags, budget) for i, item in enumerate(node.value)]
    try:
        value = _scalar(node, path)
    except ValueError as exc:
        code = "unsafe-tag" if "tag" in str(exc) else "invalid-value"
        diags.append(Diagnostic(path, *here, code, str(exc)))
        return None
    if isinstance(value, str):
        pos.styles.setdefault(loc, node.style or "")
        budget.chars -= len(value)
        if budget.chars < 0:
            raise _TooBig(Diagnostic(path, *here, "too-much-text",
                                     f"the document has more than {MAX_TEXT_CHARS:,} characters of text (a memo "
                                     "has far fewer; an alias counts its text each time it is used)"))
        diags += _escaped_characters(node, value, budget.text, path, here)
    return value
