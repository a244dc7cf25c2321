"""A minimal Language Server Protocol client over stdio, as an editor talks to a language server.

JSON-RPC 2.0 messages framed by `Content-Length` headers (LSP 3.17, "Base Protocol"). A reader thread
collects what the server sends; requests from the server to the client (configuration, capability
registration, progress) get the answers an editor without those features gives. Every wait has a
deadline that only guards against a hang (the test fails, it does not measure time).
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, cast

#: How long any single exchange may take before the client gives up (a hang guard, not a measurement).
HANG_GUARD_S = 120.0


class LanguageServerError(AssertionError):
    """The server failed, hung or answered with an error; carries the server's stderr."""


class LanguageServer:
    """A language server process spoken to over its stdin/stdout."""

    def __init__(self, argv: Sequence[str], cwd: Path, settings: dict[str, Any] | None = None) -> None:
        self.settings = settings or {}
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._proc = subprocess.Popen(list(argv), cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._stderr)
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self._lock = threading.Lock()
        self.notifications: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- framing -----------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        stdin = self._proc.stdin
        assert stdin is not None
        with self._lock:
            stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            stdin.flush()

    def _read(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        try:
            while True:
                length = None
                while True:
                    line = stdout.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length is None:
                    continue
                self._inbox.put(json.loads(stdout.read(length).decode("utf-8")))
        finally:
            self._inbox.put(None)  # the server's output ended

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-4000:]

    # -- messages ----------------------------------------------------------------------------------

    def _answer(self, request: dict[str, Any]) -> None:
        """Answer a request the server sent, as an editor without the feature would."""
        method = request["method"]
        if method == "workspace/configuration":
            result: Any = [self._section(item.get("section")) for item in request["params"]["items"]]
        elif method in ("client/registerCapability", "client/unregisterCapability", "window/workDoneProgress/create"):
            result = None
        else:
            self._send({"id": request["id"], "error": {"code": -32601, "message": f"unsupported: {method}"}})
            return
        self._send({"id": request["id"], "result": result})

    def _section(self, section: str | None) -> Any:
        if not section:
            return self.settings
        node: Any = self.settings
        for part in section.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node

    def _next(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        try:
            message = self._inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise LanguageServerError(f"no {waiting_for} within {HANG_GUARD_S:.0f} s; "
                                      f"stderr:\n{self.stderr()}") from None
        if message is None:
            raise LanguageServerError(f"the server stopped (exit {self._proc.poll()}) before {waiting_for}; "
                                      f"stderr:\n{self.stderr()}")
        return message

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:
            self._answer(message)
        elif "method" in message:
            self.notifications.append(message)

    def request(self, method: str, params: Any) -> Any:
        """Send a request and return its result (server requests and notifications met meanwhile are handled)."""
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            message = self._next(deadline, f"answer to {method}")
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise LanguageServerError(f"{method}: {message['error']}")
                return message.get("result")
            self._dispatch(message)

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def wait_for(self, method: str, accept: Callable[[Any], bool]) -> Any:
        """The params of the first notification `method` (already received or to come) that `accept` takes."""
        for seen in self.notifications:
            if seen["method"] == method and accept(seen["params"]):
                self.notifications.remove(seen)
                return seen["params"]
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            message = self._next(deadline, method)
            if message.get("method") == method and "id" not in message and accept(message["params"]):
                return message["params"]
            self._dispatch(message)

    # -- life cycle --------------------------------------------------------------------------------

    def initialize(self, root: Path, capabilities: dict[str, Any]) -> Any:
        result = self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                             "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                                             "capabilities": capabilities})
        self.notify("initialized", {})
        return result

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self._proc.poll() is None:
                self.request("shutdown", None)
                self.notify("exit", None)
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for stream in (self._proc.stdin, self._proc.stdout):
            with contextlib.suppress(Exception):
                cast(IO[bytes], stream).close()
        self._stderr.close()

    def __enter__(self) -> LanguageServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
