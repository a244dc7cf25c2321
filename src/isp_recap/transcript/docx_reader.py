"""Word (.docx) transcripts, read with python-docx: speaker names in bold or in a speaker style.

A paragraph that starts with bold text (`**Nan Lwin:** Greetings ...`) names its speaker; a short
paragraph that is all bold, in a heading style or in a style whose name contains "Speaker" is a
speaker heading for the paragraphs that follow; `Name: text` in plain runs works as in plain text.
Positions are paragraph numbers (the `line` of a diagnostic is the paragraph's number).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from .cues import MAX_FILE_BYTES, Cue, Transcript, clean, is_filler
from .labels import NameTest, find_heading, find_label, leading_time

#: Most bytes the parts of a .docx may expand to (a zip bomb is refused before python-docx reads it).
MAX_UNPACKED = 10 * MAX_FILE_BYTES
_MAX_NAME = 60


def _check_zip(raw: bytes, t: Transcript) -> bytes | None:
    """The document re-packed from its parts, each read no further than its declared size; None if unusable.

    python-docx reads a part with `ZipFile.read`, which inflates the whole stream whatever size the zip
    declares: a zip whose sizes lie would fill memory. It is therefore given this bounded copy.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED or len(infos) > 10_000:
                t.error(0, 0, "docx-too-large", f"the document unpacks to {total:,} bytes in {len(infos):,} parts; "
                        f"the limit is {MAX_UNPACKED:,} bytes")
                return None
            if not any(i.filename == "word/document.xml" for i in infos):
                t.error(0, 0, "docx-invalid", "the zip archive has no word/document.xml: it is not a Word document")
                return None
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in infos:
                    try:
                        with z.open(info) as handle:
                            data = handle.read(info.file_size)
                    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                            zlib.error):
                        t.error(0, 0, "docx-invalid", f"part {info.filename} of the document is damaged or "
                                "truncated")
                        return None
                    if b"<!DOCTYPE" in data and info.filename.endswith((".xml", ".rels")):
                        # Word never writes one; a DTD is how external entities would get in.
                        t.error(0, 0, "docx-invalid", f"part {info.filename} declares a DTD, which Word "
                                "documents do not have")
                        return None
                    copy.writestr(info.filename, data)
            return out.getvalue()
    except (zipfile.BadZipFile, ValueError, OSError):
        t.error(0, 0, "docx-invalid", "the file is not a valid .docx (Word) document: it is not a zip archive "
                "or it is truncated")
        return None


def _bold(run: Any, paragraph: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    pstyle = paragraph.style
    while pstyle is not None:
        if pstyle.font.bold is not None:
            return bool(pstyle.font.bold)
        pstyle = pstyle.base_style
    return False


def _style_names(run_or_par: Any) -> str:
    style = run_or_par.style
    return (style.name or "").lower() if style is not None else ""


def read_docx(raw: bytes, path: str, is_name: NameTest | None = None) -> Transcript:
    """Cues (one per paragraph) of a Word transcript."""
    t = Transcript(path=path, format="docx", unit="paragraph")
    package = _check_zip(raw, t)
    if package is None:
        return t
    import docx

    try:
        document = docx.Document(io.BytesIO(package))
        paragraphs = list(document.paragraphs)
        tables = len(document.tables)
    except Exception as exc:  # PackageNotFoundError, KeyError, lxml's XMLSyntaxError, ...: a damaged file
        t.error(0, 0, "docx-invalid", f"python-docx cannot read the document ({type(exc).__name__}: {exc})")
        return t
    if tables:
        t.warning(0, 0, "docx-tables", f"{tables} table(s) in the document were not read; "
                  "put the transcript in ordinary paragraphs")
    for number, paragraph in enumerate(paragraphs, start=1):
        if not _paragraph(paragraph, number, t, is_name):
            break
    return t


def _paragraph(paragraph: Any, number: int, t: Transcript, is_name: NameTest | None) -> bool:
    text = paragraph.text
    if not text.strip():
        return True
    runs = [r for r in paragraph.runs if r.text]
    bold_prefix = ""
    for run in runs:
        if not (_bold(run, paragraph) or "speaker" in _style_names(run) or "strong" in _style_names(run)):
            break
        bold_prefix += run.text
    style = _style_names(paragraph)
    found = find_heading(text)
    named = found is not None and (is_name is None or is_name(found[0]))
    # With declared people, a heading that names no one is more likely a section title: text.
    whole_styled = "speaker" in style or (style.startswith("heading") and named)
    start, _ = leading_time(text)
    name = ""
    rest = text
    if whole_styled or (bold_prefix and bold_prefix.strip() == text.strip()):
        heading = find_heading(text)
        if heading is not None:
            name, start = heading[0], heading[1] if heading[1] is not None else start
            rest = ""
    elif bold_prefix.strip():
        candidate = clean(bold_prefix).strip(" :*").strip()
        if 0 < len(candidate) <= _MAX_NAME and len(candidate.split()) <= 6:
            stamp, candidate = leading_time(candidate)
            name, start = candidate.strip(), stamp if stamp is not None else start
            rest = text[len(bold_prefix):].lstrip().removeprefix(":")
    if not name:
        label = find_label(text)
        heading = find_heading(text) if label is None else None
        if label is not None:
            name, rest, start = label.name, label.rest, label.time if label.time is not None else start
        elif heading is not None and is_name is not None and is_name(heading[0]):
            name, rest = heading[0], ""
        else:
            start, rest = leading_time(text)
    rest = clean(rest)
    label_raw = text[: len(text) - len(rest)] if rest and text.endswith(rest) else (name + ": " if name else "")
    cue = Cue(text=rest, line=number, col=1, start=start, speaker=name or None,
              speaker_line=number if name else 0, speaker_col=1 if name else 0,
              label=label_raw.strip() + " " if name else "", filler=is_filler(rest), paragraph=True)
    return t.add(cue)
