"""The preview's HTTP server: standard library, 127.0.0.1 only, five kinds of URL and nothing else.

    /                        -> the default edition's page
    /memo.<edition>.html     the HTML edition (en, my, bilingual) with the toolbar, or the error overlay
    /memo.<edition>.pdf      the PDF edition, rendered on demand
    /images/<path>           a data-card image, only if the event names exactly that path
    /_preview/events         server-sent events: `reload` whenever an input of the page changed

No URL maps onto the file system: an image is looked up in the event's own list of images and then
read through the renderers' confined reader (inside the event folder, symlinks resolved, regular
PNG/JPEG only). Percent-encoded slashes, backslashes and NULs are refused before anything else, and
so is a Host header that is not this server (a web page elsewhere cannot reach it by DNS rebinding).
"""

from __future__ import annotations

import contextlib
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast
from urllib.parse import parse_qs, unquote

from ..document.nodes import Edition
from .page import error_page, inject, page_url
from .session import EDITIONS, PreviewSession

_MEMO = re.compile(r"^/memo\.(en|my|bilingual)\.(html|pdf)$")
#: Sequences refused anywhere in a request target (in any case): encoded separators and NULs.
_FORBIDDEN = ("%2f", "%5c", "%00", "\\", "\x00")
#: What the preview page may load: only itself (inline styles and script, data: fonts and figures) and
#: its own event stream. Links in the memo still open when followed.
_CSP = ("default-src 'none'; img-src 'self' data:; font-src data:; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'")
#: Seconds between keep-alive comments on an idle event stream (a closed browser is noticed then).
KEEPALIVE_SECONDS = 10.0


class PreviewServer(ThreadingHTTPServer):
    """One preview on 127.0.0.1; `port` 0 asks the system for a free one (see `server_address`)."""

    daemon_threads = True  # open event streams must not keep the process alive after Ctrl-C

    def __init__(self, session: PreviewSession, port: int = 0, edition: Edition = "en") -> None:
        self.session = session
        self.edition = edition
        super().__init__(("127.0.0.1", port), PreviewHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """One line on stderr instead of a traceback; the preview goes on serving."""
        import sys

        exc = sys.exc_info()[1]
        print(f"preview: error[internal]: {type(exc).__name__}: {exc}", file=sys.stderr)

    @property
    def port(self) -> int:
        """The port actually listened on."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://127.0.0.1:{self.port}/"


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for the routes in the module docstring; 404 for every other path."""

    server: PreviewServer
    server_version = "isp-recap-preview"
    sys_version = ""
    timeout = 30  # a client that sends half a request does not hold a thread forever

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds, not every request."""

    def do_HEAD(self) -> None:
        """Like GET, without the body."""
        self._dispatch(head=True)

    def do_GET(self) -> None:
        """Serve one of the preview's URLs."""
        self._dispatch(head=False)

    # -- routing ----------------------------------------------------------------------------------

    def _dispatch(self, head: bool) -> None:
        target = self.path
        if not self._host_ok():
            self._plain(HTTPStatus.MISDIRECTED_REQUEST, "not this server", head)
            return
        path, _, query = target.partition("?")
        lowered = path.lower()
        if not path.startswith("/") or any(bad in lowered for bad in _FORBIDDEN):
            self._plain(HTTPStatus.NOT_FOUND, "not found", head)
            return
        if path == "/":
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", page_url(self.server.edition))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        match = _MEMO.match(path)
        if match:
            edition = cast(Edition, match.group(1))
            (self._page if match.group(2) == "html" else self._pdf)(edition, head)
            return
        if path == "/_preview/events":
            self._events(parse_qs(query), head)
            return
        if path.startswith("/images/"):
            try:
                relative = unquote(path[len("/images/"):], errors="strict")
            except UnicodeDecodeError:
                relative = ""
            self._image(relative, head)
            return
        self._plain(HTTPStatus.NOT_FOUND, "not found", head)

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.port
        return host in {f"127.0.0.1:{port}", f"localhost:{port}"}

    # -- routes -----------------------------------------------------------------------------------

    def _page(self, edition: Edition, head: bool) -> None:
        session = self.server.session
        html, problems, last_good, version = session.page(edition)
        if html is not None:
            body = inject(html, edition, version)
        else:
            quotes = {i: session.source_line(d.path, d.line) for i, d in enumerate(problems)}
            body = error_page(problems, quotes, edition, version, last_good)
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", body.encode("utf-8"), head, csp=True)

    def _pdf(self, edition: Edition, head: bool) -> None:
        data, problems = self.server.session.pdf(edition)
        if data is None:
            text = "\n".join(d.format() for d in problems) + "\n"
            self._plain(HTTPStatus.UNPROCESSABLE_ENTITY, text, head)
            return
        self._send(HTTPStatus.OK, "application/pdf", data, head,
                   extra={"Content-Disposition": f'inline; filename="memo.{edition}.pdf"'})

    def _image(self, relative: str, head: bool) -> None:
        found = self.server.session.image(relative)
        if found is None:
            self._plain(HTTPStatus.NOT_FOUND, "not found", head)
            return
        data, mime = found
        self._send(HTTPStatus.OK, mime, data, head)

    def _events(self, query: dict[str, list[str]], head: bool) -> None:
        session = self.server.session
        edition = (query.get("edition") or ["en"])[0]
        if edition in EDITIONS:
            session.active.add(edition)
        try:
            seen = int((query.get("version") or ["-1"])[0])
        except ValueError:
            seen = -1
        self._stream(seen, head)

    def _stream(self, seen: int, head: bool) -> None:
        session = self.server.session
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        try:
            self.wfile.write(b"retry: 300\n\n")
            self.wfile.flush()
            while True:
                version = session.wait(seen, KEEPALIVE_SECONDS)
                if version is None:  # the server is stopping
                    return
                if version != seen:
                    self.wfile.write(f"event: reload\ndata: {version}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except OSError:  # the page went away (reload, tab closed)
            return

    # -- responses --------------------------------------------------------------------------------

    def _plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode("utf-8"), head)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, head: bool, csp: bool = False,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if csp:
            self.send_header("Content-Security-Policy", _CSP)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            with contextlib.suppress(OSError):  # the client went away
                self.wfile.write(body)
