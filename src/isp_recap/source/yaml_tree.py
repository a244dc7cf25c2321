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


#: The node events of the YAML event stream (each becomes one composed node; keys included).
_NODE_EVENTS = ("ScalarEvent", "AliasEvent", "SequenceStartEvent", "MappingStartEvent")
#: Characters libyaml reads differently from ruamel (see fastyaml); blanked for counting only.
_COUNT_BLANKS = re.compile(r"[\t\u2028\u2029\x85\ufeff]")


@lru_cache(maxsize=4)
def too_many_events(text: str) -> Diagnostic | None:
    """The refusal of a file with more than `MAX_COMPOSED` values or `MAX_TEXT_CHARS` characters of text in
    its values, found before anything is composed (None if neither; the diagnostic's path is filled in by
    `too_many_events_diagnostic`).

    Counted on libyaml's C event stream: the pure-Python scanner costs ~55 us a value and reads long
    texts a character at a time, so a file of 100,000 values cost 5-7 s of CPU before `too-many-nodes`,
    2.3 MB of paragraphs 1.7 s before `too-much-text`; the C parser counts them in a tenth of that
    (bench/yaml_bombs.py). Best effort: None without the C extension, for texts too short to exceed
    either bound, and when libyaml stops at a syntax error first; the composer's count
    (`_counting_composer`) and the walk's budget (`_walk`) are the bounds that hold.
    """
    if len(text) <= min(MAX_COMPOSED, MAX_TEXT_CHARS):  # no value takes less than one character
        return None
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        return None
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    resolver = VersionedResolver()
    maybe_not_text = set(resolver.versioned_resolver)  # first characters of plain numbers, dates, booleans...
    parser = CParser(_COUNT_BLANKS.sub(" ", text))  # same length: positions hold
    count = chars = 0
    # Values' characters since the last exact count: (position, length, the plain text if it may not be a
    # string). Resolving each plain scalar would cost more than counting; only when the optimistic sum
    # crosses the bound are the doubtful ones resolved, each once, in order (the walk counts only strings).
    pending: list[tuple[tuple[int, int], int, str | None]] = []
    optimistic = 0
    aliased = False
    # Too much text refuses only if the rest of the file composes (the composer's refusals come first):
    # the search goes on to the end, or to the value over `MAX_COMPOSED`.
    text_refusal: Diagnostic | None = None
    # For each open collection: is it a mapping, and how many nodes it holds so far (keys are even).
    stack: list[list[Any]] = []
    try:
        while True:
            event = parser.get_event()
            kind = type(event).__name__ if event is not None else "StreamEndEvent"
            if kind == "StreamEndEvent":
                return text_refusal
            if kind in ("SequenceEndEvent", "MappingEndEvent"):
                stack.pop()
                continue
            if kind not in _NODE_EVENTS:
                continue
            count += 1
            where = (event.start_mark.line + 1, event.start_mark.column + 1)
            if count > MAX_COMPOSED:
                return Diagnostic("", *where, "too-many-nodes", f"the file has more than {MAX_COMPOSED:,} values; "
                                                                "an event has far fewer")
            is_key = bool(stack) and stack[-1][0] and stack[-1][1] % 2 == 0
            if stack:
                stack[-1][1] += 1
            if kind in ("SequenceStartEvent", "MappingStartEvent"):
                stack.append([kind == "MappingStartEvent", 0])
                if len(stack) >= MAX_DEPTH:  # the composer refuses the nesting: its words, its place
                    return None
            aliased = aliased or kind == "AliasEvent"
            if kind != "ScalarEvent" or is_key or text_refusal is not None:
                continue
            value: str = event.value
            if event.tag is not None and event.tag not in (_TAG + "str", "!!str"):
                continue  # an explicit tag other than !!str: not text
            doubtful = event.tag is None and event.implicit[0] and (value[:1] in maybe_not_text or not value)
            pending.append((where, len(value), value if doubtful else None))
            optimistic += len(value)
            if chars + optimistic <= MAX_TEXT_CHARS:
                continue
            if aliased:  # the walk counts an alias's text each time: where it stops is check_expansion's to say
                return None
            for at, length, plain in pending:
                if plain is not None and resolver.resolve(ScalarNode, plain, (True, False)) != _TAG + "str":
                    continue
                chars += length
                if chars > MAX_TEXT_CHARS:
                    text_refusal = Diagnostic("", *at, "too-much-text", TOO_MUCH_TEXT)
                    break
            pending.clear()
            optimistic = 0
    except (YAMLError, ValueError, TypeError, IndexError):
        return None
    finally:
        parser.dispose()


TOO_MUCH_TEXT = (f"the document has more than {MAX_TEXT_CHARS:,} characters of text (a memo has far fewer; an "
                 "alias counts its text each time it is used)")


def too_many_events_diagnostic(path: str, found: Diagnostic) -> Diagnostic:
    """`too_many_events`'s finding, in `path`."""
    return Diagnostic(path, found.line, found.col, found.code, found.message)


def check_expansion(root: Any, path: str) -> Diagnostic | None:
    """The refusal `_walk` would reach, found before walking: aliases expanded beyond `MAX_NODES` values or
    `MAX_TEXT_CHARS` characters, nested deeper than `MAX_DEPTH` through aliases, or an alias inside the
    value it names (it would expand without end).

    The expanded size of every composed node is computed once (an alias is the node it names, so a
    300-byte "billion laughs" costs a few hundred steps, not the 500,000 values the walk would build
    before its budget stops it); then the walk's order is followed, skipping whole subtrees that fit, to
    the node at which the walk would stop, so the diagnostic is the one the walk gives.
    """
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    sizes: dict[int, tuple[int, int, int]] = {}  # id -> (values, characters, height), once expanded
    inside: set[int] = set()

    def children(node: Any) -> list[Any]:
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, MappingNode):  # values only, as `_walk` counts them
            return [v for k, v in node.value if k.tag != _TAG + "merge"
                    and not isinstance(k, (MappingNode, SequenceNode))]
        return []

    def at(node: Any) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def size(node: Any, depth: int) -> tuple[int, int, int]:
        key = id(node)
        if key in inside:
            raise _TooBig(Diagnostic(path, *at(node), "recursive-alias",
                                     "this value (its &anchor) contains an alias to itself, which would repeat it "
                                     "without end"))
        known = sizes.get(key)
        if known is None:
            if depth > MAX_DEPTH:
                raise _TooBig(Diagnostic(path, *at(node), "too-deep",
                                         f"nesting is deeper than {MAX_DEPTH} levels (through aliases)"))
            inside.add(key)
            nodes, chars, height = 1, 0, 0
            if not isinstance(node, (MappingNode, SequenceNode)) and node.tag == _TAG + "str":
                chars = len(node.value)
            for child in children(node):
                sub = size(child, depth + 1)
                nodes, chars, height = nodes + sub[0], chars + sub[1], max(height, sub[2] + 1)
            inside.discard(key)
            known = sizes[key] = (nodes, chars, height)
        if depth + known[2] > MAX_DEPTH:  # a shallow node met again deeper down, through an alias
            deepest = node
            for _ in range(known[2]):
                deepest = max(children(deepest), key=lambda c: sizes[id(c)][2])
            raise _TooBig(Diagnostic(path, *at(deepest), "too-deep",
                                     f"nesting is deeper than {MAX_DEPTH} levels (through aliases)"))
        return known

    try:
        nodes, chars, _height = size(root, 1)
    except _TooBig as exc:
        return exc.diagnostic
    if nodes <= MAX_NODES and chars <= MAX_TEXT_CHARS:
        return None
    used_nodes, used_chars = 0, 0
    node = root
    while True:  # follow the walk's order to the node where a budget runs out
        used_nodes += 1
        if used_nodes > MAX_NODES:
            return Diagnostic(path, *at(node), "too-many-nodes", f"the document expands to more than {MAX_NODES:,} "
                                                                 "values (aliases that repeat aliases?)")
        kids = children(node)
        used_chars += sizes[id(node)][1] if not kids else 0
        if used_chars > MAX_TEXT_CHARS:
            return Diagnostic(path, *at(node), "too-much-text", TOO_MUCH_TEXT)
        for child in kids:
            sub_nodes, sub_chars, _ = sizes[id(child)]
            if used_nodes + sub_nodes <= MAX_NODES and used_chars + sub_chars <= MAX_TEXT_CHARS:
                used_nodes, used_chars = used_nodes + sub_nodes, used_chars + sub_chars
                continue
            node = child
            break
        else:  # cannot happen: the totals said a budget runs out below this node
            return None


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
    crowded = too_many_events(text)
    if crowded is not None:  # refused before the slow composer sees a node
        return None, positions, [too_many_events_diagnostic(path, crowded)]
    from .fastyaml import compose_for_refusal

    early = compose_for_refusal(text)  # an alias bomb sized on libyaml's graph, before the pure parser
    if early is not None:
        refusal = check_expansion(early, path)
        if refusal is not None:
            return None, positions, [refusal]
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
    refusal = check_expansion(root, path)
    if refusal is not None:
        return None, positions, [refusal]
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
    nodes: int = field(default_factory=lambda: MAX_NODES)  # read when a walk starts (tests lower the bounds)
    chars: int = field(default_factory=lambda: MAX_TEXT_CHARS)


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
            raise _TooBig(Diagnostic(path, *here, "too-much-text", TOO_MUCH_TEXT))
        diags += _escaped_characters(node, value, budget.text, path, here)
    return value
