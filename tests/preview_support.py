"""Helpers shared by the preview tests: a server in a thread, raw HTTP requests, the CLI in a process."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from isp_recap.preview.server import PreviewServer
from isp_recap.preview.session import PreviewSession

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@contextmanager
def serving(event: Path, edition: str = "en") -> Iterator[PreviewServer]:
    """A preview of `event` on a free port, served from a thread (no watcher: tests call refresh)."""
    session = PreviewSession(event)
    session.refresh()
    server = PreviewServer(session, 0, edition)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        session.stop()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def get(server: PreviewServer, target: str, headers: dict[str, str] | None = None,
        method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request with `target` sent exactly as given (no normalisation of `..` or `%2f`)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        all_headers = {"Host": f"127.0.0.1:{server.port}", **(headers or {})}
        for name, value in all_headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll `condition` until it holds; fail after `seconds` (a functional deadline, not a speed goal)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s: {what}")


def save_like_an_editor(path: Path, text: str) -> None:
    """Write a new file beside `path` and rename it over `path`, as most editors save."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _ctrl_c_as_in_a_terminal() -> None:
    """In the child before it runs: SIGINT at its default, as for a command in a terminal. A suite
    started in the background by a shell without job control (`make test &` in a script) has
    SIGINT ignored, every child inherits that, and Python then leaves Ctrl-C ignored: the Ctrl-C
    test would wait for a preview that never hears it (seen in a fresh-clone run; faulthandler
    showed the main thread still in its select)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def preview_process(event: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`isp-recap preview EVENT --no-browser` in a child process; yields it and the printed URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "isp_recap.cli", "preview", str(event), "--no-browser", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=event.parent.parent,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, (line, proc.stderr.read() if proc.stderr else "")
        url = line.split(" at ", 1)[1].split()[0]
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
