"""Looking inside built memos for anything injected: elements, links, embedded files, external parts."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

SAFE_HREF = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
#: Elements no memo needs; if one appears, text became markup.
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "input", "textarea", "marquee", "base", "svg",
                  "image", "plaintext", "xmp", "applet", "frame", "frameset", "video", "audio", "source",
                  "template", "portal", "math"}


@dataclass
class HtmlScan:
    """Every element and attribute of an HTML output, and its text."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return "".join(self.text)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = HtmlScan()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scan.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("style", "title", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.scan.text.append(data)


def scan_html(data: bytes) -> HtmlScan:
    parser = _Scanner()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser.scan


def html_problems(data: bytes) -> list[str]:
    """Injected elements, event handlers, unsafe links or resources in an HTML output."""
    problems = []
    scan = scan_html(data)
    for tag, attrs in scan.tags:
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in attrs:
            problems.append("<meta http-equiv>")
        if tag == "link" and (attrs.get("rel") != "stylesheet" or not attrs.get("href", "").startswith("assets/")):
            problems.append(f"<link {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                problems.append(f"style attribute on <{tag}>: {value[:60]}")
        if tag == "a" and "href" in attrs and not SAFE_HREF.match(attrs["href"]):
            problems.append(f"link to {attrs['href'][:80]}")
        if tag == "img" and not attrs.get("src", "").startswith(("data:image/png;", "data:image/jpeg;", "doc/")):
            problems.append(f"image from {attrs.get('src', '')[:80]}")
    return problems


def docx_problems(data: bytes) -> list[str]:
    """External templates, macros, external relationships other than web links, in a DOCX output."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        for name in names:
            lowered = name.lower()
            if "vba" in lowered or lowered.endswith((".bin", ".dotm", ".docm")) or "activex" in lowered:
                problems.append(f"part {name}")
            if name.endswith(".rels"):
                rels = archive.read(name).decode("utf-8")
                for rel in re.findall(r"<Relationship\b[^>]*>", rels):
                    if "attachedTemplate" in rel or "subDocument" in rel or "oleObject" in rel:
                        problems.append(f"{name}: {rel}")
                    if 'TargetMode="External"' in rel:
                        target = re.search(r'Target="([^"]*)"', rel)
                        kind = re.search(r'Type="([^"]*)"', rel)
                        if not (kind and kind.group(1).endswith("/hyperlink") and target
                                and SAFE_HREF.match(target.group(1))):
                            problems.append(f"{name}: external {rel}")
        content_types = archive.read("[Content_Types].xml").decode("utf-8")
        if "macroEnabled" in content_types or "vbaProject" in content_types:
            problems.append("macro content type")
        settings = archive.read("word/settings.xml").decode("utf-8") if "word/settings.xml" in names else ""
        if "attachedTemplate" in settings:
            problems.append("w:attachedTemplate in settings.xml")
    return problems


def docx_text(data: bytes) -> str:
    """The text of the document body (and headers), paragraphs joined by newlines."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)]
        out = []
        for part in parts:
            xml = archive.read(part).decode("utf-8")
            for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
                text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))
                out.append(_unescape_xml(text))
    return "\n".join(out)


def _unescape_xml(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=True)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_problems(data: bytes) -> list[str]:
    """Embedded files, scripts, launch actions and non-web links in a PDF output."""
    from pypdf import PdfReader

    problems = []
    reader = PdfReader(io.BytesIO(data), strict=True)
    if reader.attachments:
        problems.append(f"embedded files: {list(reader.attachments)}")
    root: Any = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA", "/AcroForm"):
        if key in root:
            problems.append(f"catalog has {key}")
    names = root.get("/Names")
    if names is not None:
        for key in ("/EmbeddedFiles", "/JavaScript"):
            if key in names.get_object():
                problems.append(f"names tree has {key}")
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") == "/FileAttachment":
                problems.append(f"page {number}: file attachment annotation")
            if action is None:
                continue
            action = action.get_object()
            kind = action.get("/S")
            if kind == "/URI":
                uri = str(action.get("/URI"))
                if not SAFE_HREF.match(uri):
                    problems.append(f"page {number}: link to {uri[:80]}")
            elif kind not in ("/GoTo",):
                problems.append(f"page {number}: action {kind}")
    for marker in (b"/JavaScript", b"/JS ", b"/Launch", b"/EmbeddedFile", b"/GoToR", b"/SubmitForm", b"/ImportData"):
        if marker in data:
            problems.append(f"PDF contains {marker.decode()}")
    return problems


def squash(text: str) -> str:
    """Text without whitespace and soft breaks (PDF extraction breaks lines wherever layout did)."""
    return re.sub(r"[\s\u200b\u00ad]+", "", text)
