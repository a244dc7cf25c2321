"""Transcript files in, event YAML out: the import pipeline behind `isp-recap import`.

    read (per file: bytes, decoding, reader by content and extension)
      -> Zawgyi check -> Burmese hesitations -> language -> pair English and Burmese files
      -> time order -> speakers -> turns and paragraphs -> Burmese aligned
      -> appended to the event (or a new skeleton) -> validated -> written atomically

Without an English file, Burmese transcripts are the text: their paragraphs go into `my:` with
`status: draft` and no `en:` (the English translation is pending; `translate export --to en`).

Every problem is a `Diagnostic`; errors stop the import before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..diagnostics import Diagnostic, IspRecapError
from ..model import Memo
from ..myanmar.script import CHAR_CLASS
from ..source.roundtrip import RoundTripDocument
from .cues import Cue, Format, Transcript, order_cues
from .labels import NameTest
from .paragraphs import ImportedTurn, Options
from .qa import QAPart
from .rolling import merge_rolling
from .speakers import ID_PATTERN, NOT_A_SPEAKER, Attributed, SpeakerTable, parse_alias

_MY_LETTER = re.compile(f"[{CHAR_CLASS}]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_LANG_SUFFIX = re.compile(r"[._-](en|eng|english|my|mya|bur|burmese|mm)$", re.IGNORECASE)
_EXTENSIONS: dict[str, Format] = {".vtt": "webvtt", ".srt": "srt", ".txt": "text", ".md": "text",
                                  ".docx": "docx", ".json": "whisper"}
_SRT_TIMING = re.compile(r"^\s*\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->", re.MULTILINE)


@dataclass(frozen=True)
class ImportOptions:
    """Everything `isp-recap import` can be told."""

    grouping: Options = field(default_factory=Options)
    aliases: tuple[str, ...] = ()  # "Name=id"
    aliases_file: Path | None = None
    default_speaker: str | None = None
    convert_zawgyi: bool = False
    format: Format | None = None
    encoding: str | None = None
    title: str | None = None
    date: dt.date | None = None
    lenient: bool = False  # timing errors and a missing WEBVTT line as warnings
    qa_from: str | None = None  # a time or words: where the Q&A part starts (see qa.py)
    question_sources: tuple[str, ...] = ()  # "chat" for every question, or "q5=chat"
    askers: tuple[str, ...] = ()  # "Zung Ting" or "SPEAKER_03=Zung Ting": audience members


@dataclass
class FileReport:
    """What was read from one file."""

    path: str
    format: str
    language: str
    cues: int = 0
    fillers_dropped: int = 0
    turns: int = 0
    paragraphs: int = 0
    aligned_to: str | None = None
    aligned: int = 0
    zawgyi_converted: int = 0
    rolling_merged: int = 0  # rolling-caption cues whose words were all repeats
    primary: bool = False  # its text makes the turns (English, or Burmese without English)


@dataclass
class ImportResult:
    """The outcome: the YAML text to write, counts, warnings."""

    text: str
    changed: bool
    added: int
    skipped: int
    files: list[FileReport]
    warnings: list[Diagnostic]
    created_people: list[tuple[str, str]]
    seconds: float
    qa: list[QAPart] = field(default_factory=list)  # the Q&A parts found (one per file with --qa-from)
    qa_added: int = 0  # Q&A items (turns and questions) added
    #: The event file's bytes as read: written over only if it still holds them (see `check_unchanged`).
    event_bytes: bytes | None = None


def check_unchanged(path: Path, expected: bytes | None) -> None:
    """Refuse to write over the event when it changed on disk since the import read it (an editor
    saved newer work meanwhile): `IspRecapError` with `changed-on-disk`."""
    from .textio import read_file

    if expected is None or not path.exists():
        return
    if read_file(path, str(path)) != expected:
        raise IspRecapError([Diagnostic(str(path), 0, 0, "changed-on-disk",
                                        "the event changed since the import read it; nothing was written",
                                        hint="run the import again on the saved file")])


def detect_format(path: Path, raw: bytes, text: str | None) -> tuple[Format, str | None]:
    """The reader for a file, by content first and extension second, and a note when they disagree."""
    by_ext = _EXTENSIONS.get(path.suffix.lower())
    if raw.startswith(b"PK\x03\x04"):
        found: Format = "docx"
    elif raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "docx", "legacy-doc"
    elif text is not None and text.lstrip("\ufeff").startswith("WEBVTT"):
        found = "webvtt"
    elif text is not None and text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        found = "whisper"
    elif text is not None and _SRT_TIMING.search(text[:200_000]):
        found = "webvtt" if by_ext == "webvtt" else "srt"
    else:
        found = "text"
    if by_ext is not None and by_ext != found:
        return found, f"the file's extension says {by_ext} but its content is {found}; read as {found}"
    return found, None


def language_of(cues: list[Cue]) -> str:
    """`my` when most letters of the cues are Burmese, else `en`."""
    sample = " ".join(c.text for c in cues[:2000])
    burmese = len(_MY_LETTER.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    return "my" if burmese > latin else "en"


def _language_mismatch(transcript: Transcript, found: str) -> list[Diagnostic]:
    """An error when the file name says one language (`talk.my.srt`) and the text is in the other.

    The language is decided by the text; without this, an English file named as the Burmese subtitles
    is imported as a second English transcript, and the Burmese the user meant to add is silently missing.
    """
    m = _LANG_SUFFIX.search(Path(transcript.path).stem)
    if not m or not transcript.cues:
        return []
    named = "en" if m.group(1).lower() in ("en", "eng", "english") else "my"
    if named == found:
        return []
    first = transcript.cues[0]
    said, is_ = ("Burmese", "English (no Myanmar script)") if named == "my" else ("English", "Burmese")
    return [Diagnostic(transcript.path, first.line, first.col, "language-mismatch",
                       f"the file name says {said} ({m.group(0)}) but its text is {is_}",
                       hint="check that this is the right file, or rename it")]


def _stem(path: str) -> str:
    stem = Path(path).stem
    return _LANG_SUFFIX.sub("", stem).lower()


def read_transcript(path: Path, options: ImportOptions, is_name: NameTest | None) -> Transcript:
    """Read one file with the reader its content calls for; `is_name` knows the declared people."""
    from .textio import decode_text, read_file

    shown = str(path)
    raw = read_file(path, shown)
    text: str | None = None
    decode_diags: list[Diagnostic] = []
    is_zip = raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0")
    if not is_zip:
        text, decode_diags = decode_text(raw, shown, options.encoding)
        if text is None:
            raise IspRecapError(decode_diags)
    fmt, note = detect_format(path, raw, text)
    if note == "legacy-doc":
        raise IspRecapError([Diagnostic(shown, 0, 0, "legacy-doc", "this is an old Word .doc file; "
                                        "save it as .docx (Word document) and import that")])
    if options.format is not None and options.format != fmt:
        fmt, note = options.format, None
        if fmt != "docx" and text is None:
            raise IspRecapError([Diagnostic(shown, 0, 0, "wrong-format",
                                            f"the file is a zip archive, not {fmt} text")])
    if fmt == "docx":
        from .docx_reader import read_docx

        transcript = read_docx(raw, shown, is_name)
    else:
        assert text is not None
        if fmt == "webvtt":
            from .vtt import read_vtt

            transcript = read_vtt(text, shown, is_name=is_name, lenient=options.lenient)
        elif fmt == "srt":
            from .srt import read_srt

            transcript = read_srt(text, shown, is_name, lenient=options.lenient)
        elif fmt == "whisper":
            from .whisper import read_whisper

            transcript = read_whisper(text, shown, lenient=options.lenient)
        else:
            from .plaintext import read_text

            transcript = read_text(text, shown, is_name)
    transcript.diagnostics[:0] = decode_diags
    if note:
        transcript.warning(0, 0, "format-detected", note)
    if not transcript.cues and not any(d.severity == "error" for d in transcript.diagnostics):
        transcript.error(0, 0, "empty-transcript", "no text found in the file")
    return transcript


def _zawgyi(transcript: Transcript, convert: bool) -> int:
    """Find (and on request convert) Zawgyi-encoded cues; the number converted."""
    from ..myanmar.zawgyi import ZAWGYI_THRESHOLD, zawgyi_probability, zawgyi_to_unicode

    found = [i for i, c in enumerate(transcript.cues)
             if _MY_LETTER.search(c.text) and zawgyi_probability(c.text) >= ZAWGYI_THRESHOLD]
    if not found:
        return 0
    first = transcript.cues[found[0]]
    if not convert:
        lines = ", ".join(str(transcript.cues[i].line) for i in found[1:6])
        transcript.error(first.line, 1, "zawgyi",
                         f"{len(found)} cue(s) hold Zawgyi-encoded Burmese, not Unicode"
                         + (f" (also at lines {lines}{', ...' if len(found) > 6 else ''})" if lines else ""),
                         hint="re-run with --convert-zawgyi to convert them to Unicode")
        return 0
    for i in found:
        cue = transcript.cues[i]
        transcript.cues[i] = replace(cue, text=zawgyi_to_unicode(cue.text))
    transcript.warning(first.line, 1, "zawgyi-converted",
                       f"{len(found)} Zawgyi-encoded cue(s) converted to Unicode; check them")
    return len(found)


def _hesitations(transcript: Transcript) -> None:
    """Burmese hesitation words dropped (အဲ, အင်း); a cue of nothing else becomes a filler cue."""
    from ..myanmar.speech import drop_hesitations, only_hesitations

    for i, cue in enumerate(transcript.cues):
        if cue.filler or not _MY_LETTER.search(cue.text):
            continue
        if only_hesitations(cue.text):
            transcript.cues[i] = replace(cue, filler=True)
        else:
            text = drop_hesitations(cue.text)
            if text != cue.text:
                transcript.cues[i] = replace(cue, text=text)


def _aliases(options: ImportOptions, declared: set[str] | None) -> tuple[dict[str, str], list[Diagnostic]]:
    """Aliases from --alias options and an --aliases file; errors for malformed or unknown targets."""
    aliases: dict[str, str] = {}
    diags: list[Diagnostic] = []
    found: list[tuple[str, str, str, int, int]] = []  # name, target, where, line, col
    for value in options.aliases:
        parsed = parse_alias(value)
        if parsed is None:
            diags.append(Diagnostic("--alias", 0, 0, "invalid-alias",
                                    f"{value!r} is not NAME=ID (an id like nan-lwin, or - for not a speaker)"))
            continue
        found.append((*parsed, "--alias", 0, 0))
    if options.aliases_file is not None:
        found += _alias_file(options.aliases_file, diags)
    for name, target, where, line, col in found:
        if declared is not None and target != NOT_A_SPEAKER and target not in declared:
            diags.append(Diagnostic(where, line, col, "unknown-alias-target",
                                    f"alias {name!r} points to {target!r}, which is not declared in people"))
            continue
        aliases[name] = target
    return aliases, diags


def _alias_file(path: Path, diags: list[Diagnostic]) -> list[tuple[str, str, str, int, int]]:
    from ..source.yaml_tree import decode, load_tree
    from .textio import read_file

    shown = str(path)
    try:
        raw = read_file(path, shown, "aliases")
    except IspRecapError as exc:
        diags += exc.diagnostics
        return []
    text, more = decode(shown, raw)
    diags += more
    if text is None:
        return []
    data, positions, more = load_tree(shown, text)
    diags += more
    if not isinstance(data, dict):
        diags.append(Diagnostic(shown, 1, 1, "invalid-aliases", "an aliases file is a mapping: Name: id"))
        return []
    out = []
    for name, target in data.items():
        line, col = positions.of_value((name,))
        if not isinstance(target, str) or not (target == NOT_A_SPEAKER or ID_PATTERN.match(target)):
            diags.append(Diagnostic(shown, line, col, "invalid-alias",
                                    f"the alias {name!r} must map to an id like nan-lwin (or - for not a speaker)"))
            continue
        out.append((str(name), target, shown, line, col))
    return out


def run_import(files: Sequence[Path], *, event: Path | None, output: Path | None,
               options: ImportOptions | None = None) -> ImportResult:
    """Import transcripts into an event (or a new skeleton). Nothing is written; see `ImportResult.text`.

    Raises `IspRecapError` carrying every error (and the warnings found on the way).
    """
    from ..source.loader import parse_event
    from ..source.roundtrip import dump_roundtrip
    from . import align as aligner
    from . import qa as qa_reader
    from .merge import append_qa, append_turns, existing_keys, existing_questions, skeleton
    from .paragraphs import group
    from .speakers import attribute

    options = options or ImportOptions()
    began = time.perf_counter()
    diags: list[Diagnostic] = []
    memo = None
    doc = None
    event_bytes: bytes | None = None
    if event is not None:
        memo, doc, event_bytes = _load_event(event)
    people = [(p.id, (p.name.en, p.name.my)) for p in memo.people] if memo else []
    aliases, alias_diags = _aliases(options, {p.id for p in memo.people} if memo else None)
    diags += alias_diags
    table = SpeakerTable.build(people, aliases)
    every_source, one_source, more = qa_reader.parse_sources(options.question_sources)
    askers, asker_diags = qa_reader.parse_askers(options.askers)
    diags += more + asker_diags
    if (options.question_sources or options.askers) and options.qa_from is None:
        diags.append(Diagnostic("--qa-from", 0, 0, "usage",
                                "--question-source and --asker need --qa-from (where the Q&A starts)"))
    for label, name in askers.items():
        if table.resolve(label):
            diags.append(Diagnostic("--asker", 0, 0, "usage",
                                    f"--asker {label!r} is a declared person ({', '.join(table.resolve(label))}), "
                                    "not an audience member"))
        else:
            table.declare(qa_reader.ASKER_PREFIX + name, [label])
    if options.default_speaker and memo and options.default_speaker not in table.names:
        diags.append(Diagnostic("--speaker", 0, 0, "unknown-speaker",
                                f"--speaker {options.default_speaker!r} is not declared in the event's people"))

    transcripts: list[Transcript] = []
    reports: dict[str, FileReport] = {}
    for path in files:
        try:
            transcript = read_transcript(path, options, table.is_name if memo else None)
        except IspRecapError as exc:
            diags += exc.diagnostics
            continue
        transcript.cues, rolled = merge_rolling(transcript.cues)
        converted = _zawgyi(transcript, options.convert_zawgyi)
        if not options.grouping.keep_fillers:
            _hesitations(transcript)
        transcript.cues = order_cues(transcript, options.lenient)
        diags += transcript.diagnostics
        transcript.diagnostics = []
        transcripts.append(transcript)
        reports[transcript.path] = FileReport(transcript.path, transcript.format, language_of(transcript.cues),
                                              cues=len(transcript.cues), zawgyi_converted=converted,
                                              rolling_merged=rolled)
        diags += _language_mismatch(transcript, reports[transcript.path].language)

    english = [t for t in transcripts if reports[t.path].language == "en"]
    burmese = [t for t in transcripts if reports[t.path].language == "my"]
    # English files are the text and Burmese ones are aligned to them; without English, the Burmese
    # files are the text (into my:, the English left to the translators).
    pairs, pair_diags = _pair(english, burmese) if english else ({}, [])
    diags += pair_diags
    primaries = english or burmese
    if options.qa_from is not None and len(primaries) > 1:
        diags.append(Diagnostic("--qa-from", 0, 0, "usage", "--qa-from needs one transcript (or the English and "
                                "the Burmese file of one video), not several"))

    if options.default_speaker and memo is None and options.default_speaker not in table.names:
        table.declare(options.default_speaker, [options.default_speaker])
        table.created.append((options.default_speaker, options.default_speaker))
    turns: list[ImportedTurn] = []
    parts: list[QAPart] = []
    taken = qa_reader.existing_question_ids(memo)
    for transcript in primaries:
        attributed, speaker_diags = attribute(transcript.cues, transcript.path, table,
                                              default=options.default_speaker, create=memo is None)
        if options.qa_from is not None:  # in a Q&A, an unknown name is often someone from the audience
            speaker_diags = [replace(d, hint=f"{d.hint}; --asker '{_quoted_name(d.message)}' if they ask a "
                                             "question from the audience") if d.code == "unknown-speaker" else d
                             for d in speaker_diags]
        diags += speaker_diags
        file_turns, _dropped = group(attributed, options.grouping)
        report = reports[transcript.path]
        report.primary = True
        for turn in file_turns:
            turn.language = "my" if report.language == "my" else "en"
        report.fillers_dropped = 0 if options.grouping.keep_fillers else sum(c.filler for c in transcript.cues)
        report.turns = len(file_turns)
        report.paragraphs = sum(len(t.paragraphs) for t in file_turns)
        part = None
        if options.qa_from is not None and len(primaries) == 1:
            file_turns, part, qa_diags = _qa_part(file_turns, attributed, transcript.path, options, memo, table,
                                                  taken, every_source, one_source)
            diags += qa_diags
        else:
            diags += _askers_outside(file_turns, transcript.path)
        every_turn = file_turns + (part.all_turns() if part else [])
        partner = pairs.get(transcript.path)
        if partner is not None:
            used = {i for t in every_turn for p in t.paragraphs for i in p.cues}
            en_cues = [a.cue if i in used else replace(a.cue, start=None, end=None)
                       for i, a in enumerate(attributed)]
            my_cues = [c for c in partner.cues
                       if c.text and (options.grouping.keep_fillers or not c.filler)]
            alignment = aligner.align(en_cues, my_cues)
            alignment.unmatched_en = [i for i in alignment.unmatched_en if i in used]
            aligner.apply(every_turn, en_cues, my_cues, alignment)
            diags += aligner.report(transcript.path, partner.path, en_cues, my_cues, alignment)
            report.aligned_to = partner.path
            report.aligned = sum(len(v) for v in alignment.pairs.values())
        turns += file_turns
        parts += [part] if part else []

    if any(d.severity == "error" for d in diags):
        raise IspRecapError(diags)

    target = output or event
    assert target is not None
    language = "my" if primaries and reports[primaries[0].path].language == "my" else "en"
    qa_added = 0
    if doc is not None and memo is not None:
        present = existing_keys(memo)
        result = append_turns(doc.data, turns, present)
        added, skipped = result.added, result.skipped
        for part in parts:
            qa_result = append_qa(doc.data, part, language, present, existing_questions(memo))
            qa_added += qa_result.added
            skipped += qa_result.skipped
        text = dump_roundtrip(doc) if added or qa_added else doc.text
    else:
        title = options.title or Path(files[0]).stem.replace("_", " ").replace("-", " ").strip() or "Untitled"
        tree = skeleton(table.created, turns, title=title, date=options.date or dt.date.today(),
                        sources=[Path(f).name for f in files], qa=parts[0] if parts else None, language=language)
        text = dump_roundtrip(tree)
        added, skipped = len(turns), 0
        qa_added = len(parts[0].items) if parts else 0
    changed = doc is None or text != doc.text
    if changed:
        try:
            parse_event(text, str(target))
        except IspRecapError as exc:
            raise IspRecapError([*diags, *exc.diagnostics]) from None
    return ImportResult(text=text, changed=changed, added=added, skipped=skipped, files=list(reports.values()),
                        warnings=[d for d in diags if d.severity == "warning"], created_people=table.created,
                        seconds=time.perf_counter() - began, qa=parts, qa_added=qa_added,
                        event_bytes=event_bytes)


def _qa_part(turns: list[ImportedTurn], attributed: list[Attributed], path: str, options: ImportOptions,
             memo: Memo | None, table: SpeakerTable, taken: set[str], every_source: str | None,
             one_source: dict[str, str]) -> tuple[list[ImportedTurn], QAPart | None, list[Diagnostic]]:
    """The programme turns before the Q&A start and the Q&A part after it."""
    from . import qa as qa_reader

    assert options.qa_from is not None
    cues = [a.cue for a in attributed]
    turn, cue, problem = qa_reader.find_start(turns, options.qa_from, lambda i: cues[i].line,
                                              lambda i: cues[i].start, lambda i: cues[i].text, path)
    if problem is not None:
        return turns, None, [problem]
    head, tail = qa_reader.split_turns(turns, turn, cue, lambda i: cues[i].start)
    diags = _askers_outside(head, path)
    hosts = [p.id for p in memo.people if p.role == "host"] if memo else []
    host = tail[0].speaker if not hosts or tail[0].speaker in hosts else hosts[0]
    panelists = {name.casefold() for pid, name in table.names.items() if pid != host}
    if memo is not None:
        panelists |= {n.casefold() for p in memo.people for n in (p.name.en, p.name.my) if n}
    part, more = qa_reader.build_qa(tail, host=host, path=path, lines=lambda i: cues[i].line,
                                    starts=lambda i: cues[i].start,
                                    first_id=len(taken) + 1, taken=taken, every_source=every_source,
                                    sources=one_source, panelists=panelists)
    return head, part, diags + more


def _quoted_name(message: str) -> str:
    m = re.match(r"speaker '([^']*)'|speaker \"([^\"]*)\"", message)
    return (m.group(1) or m.group(2)) if m else "NAME"


def _askers_outside(turns: list[ImportedTurn], path: str) -> list[Diagnostic]:
    """Errors for audience members (--asker) speaking outside the Q&A part."""
    from .qa import ASKER_PREFIX

    return [Diagnostic(path, t.line, 1, "asker-outside-qa",
                       f"{t.speaker[len(ASKER_PREFIX):]!r} (--asker) speaks before the Q&A part starts",
                       hint="check --qa-from, or map the name to a declared person with --alias")
            for t in turns if t.speaker.startswith(ASKER_PREFIX)]


def _load_event(path: Path) -> tuple[Memo, RoundTripDocument, bytes]:
    """The event validated, and the same bytes loaded for round-trip editing (comments kept)."""
    from ruamel.yaml.error import YAMLError

    from ..source.loader import parse_event
    from ..source.roundtrip import RoundTripDocument, guess_indent, roundtrip_yaml
    from .textio import read_file

    shown = str(path)
    raw = read_file(path, shown)
    memo = parse_event(raw, shown, base_dir=path.parent)  # safe loader first: bounded, no tags
    text = raw.decode("utf-8-sig")
    indent = guess_indent(text)
    try:
        data = roundtrip_yaml(indent).load(text)
    except (YAMLError, RecursionError) as exc:
        raise IspRecapError([Diagnostic(shown, 0, 0, "yaml-syntax", " ".join(str(exc).split()))]) from None
    return memo, RoundTripDocument(path=shown, data=data, text=text, indent=indent), raw


def _pair(english: list[Transcript], burmese: list[Transcript]) -> tuple[dict[str, Transcript], list[Diagnostic]]:
    """Each Burmese file matched to the English file of the same video (by name, or the only pair)."""
    diags: list[Diagnostic] = []
    pairs: dict[str, Transcript] = {}
    if not burmese:
        return pairs, diags
    if len(english) == 1 and len(burmese) == 1:
        candidates = {english[0].path: burmese[0]}
    else:
        by_stem = {_stem(t.path): t for t in english}
        candidates = {}
        for t in burmese:
            partner = by_stem.get(_stem(t.path))
            if partner is None:
                diags.append(Diagnostic(t.path, 0, 0, "unpaired-burmese",
                                        "no English transcript of the same video was given for this Burmese file",
                                        hint="name the files VIDEO.en.vtt and VIDEO.my.vtt"))
            elif partner.path in candidates:
                diags.append(Diagnostic(t.path, 0, 0, "unpaired-burmese",
                                        f"a second Burmese file for {partner.path}"))
            else:
                candidates[partner.path] = t
    for en_path, my_t in candidates.items():
        en_t = next(t for t in english if t.path == en_path)
        if not en_t.timed or not my_t.timed:
            untimed = my_t if not my_t.timed else en_t
            diags.append(Diagnostic(untimed.path, 0, 0, "untimed",
                                    "aligning English and Burmese needs subtitles with times (WebVTT or SRT)"))
            continue
        pairs[en_path] = my_t
    return pairs, diags


def describe(result: ImportResult) -> list[str]:
    """Lines summarising an import, for the command line."""
    lines = []
    for f in result.files:
        line = f"{f.path}: {f.format}, {f.language}, {f.cues} cues"
        if f.primary:
            line += f" -> {f.turns} turns, {f.paragraphs} paragraphs"
            line += " (into my:, English pending)" if f.language == "my" else ""
            if f.fillers_dropped:
                line += f" ({f.fillers_dropped} filler cues dropped)"
        if f.aligned_to:
            line += f"; {f.aligned} Burmese cues aligned from {f.aligned_to}"
        if f.rolling_merged:
            line += f"; rolling captions merged ({f.rolling_merged} repeated cues left out)"
        if f.zawgyi_converted:
            line += f"; {f.zawgyi_converted} Zawgyi cues converted"
        lines.append(line)
    for person_id, name in result.created_people:
        lines.append(f"declared new person {person_id!r} for {name!r} (role: speaker; check it)")
    return lines
