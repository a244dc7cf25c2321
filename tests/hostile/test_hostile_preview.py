"""The preview server under hostile requests: it serves its own pages and the images the event names,
and nothing else — no `..`, absolute paths, encoded slashes or backslashes, NULs, symlinks out of the
folder, files of the folder the event does not name, other Host headers or other methods.

The server is the real one (`PreviewServer`) on 127.0.0.1; requests are sent byte for byte as written
here (http.client does not normalise `..` or `%2f`). The canary beside the event folder must never
appear in a response.
"""

from __future__ import annotations

import os

import pytest
from harness import CANARY_TOKEN, FIXTURES, Sandbox, png_bytes

from isp_recap.preview.server import PreviewServer
from preview_support import get, serving

TINY = FIXTURES / "accepted" / "tiny.yaml"  # names images/chart.png

HOSTILE_TARGETS = [
    "/../canary.txt",
    "/%2e%2e/canary.txt",
    "/images/../../canary.txt",
    "/images/..%2f..%2fcanary.txt",
    "/images/..%2F..%2Fcanary.txt",
    "/images/%2e%2e/%2e%2e/canary.txt",
    "/images/images%2fchart.png",  # the named image, but through an encoded slash
    "/images/images%5cchart.png",
    "/images/images\\chart.png",
    "/images/..\\..\\canary.txt",
    "/images/images/chart.png%00.txt",
    "/images//etc/passwd",
    "/images/%2fetc%2fpasswd",
    "/images/%2Fetc/passwd",
    "//etc/passwd",
    "/etc/passwd",
    "/event.yaml",
    "/images/event.yaml",
    "/images/./images/chart.png",
    "/images/images/../images/chart.png",
    "/images/images/link.png",  # a symlink in the folder to the canary (not named by the event)
    "/images/images/other.png",  # an image in the folder the event does not name
    "/images/%ff%fe",
    "/memo.en.html/../../canary.txt",
    "/memo.en.yaml",
    "/memo.fr.html",
    "/_preview/../canary.txt",
    "/_preview/events/../../canary.txt",
    "http://127.0.0.1/memo.en.html",  # absolute-form target
    "*",
]


@pytest.fixture
def served(sandbox: Sandbox) -> Sandbox:
    sandbox.write("event.yaml", TINY.read_text(encoding="utf-8"))
    sandbox.write("images/other.png", png_bytes())
    os.symlink(sandbox.canary, sandbox.event_dir / "images" / "link.png")
    return sandbox


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_a_hostile_path_reaches_no_file(served: Sandbox, target: str) -> None:
    with serving(served.event_dir / "event.yaml") as server:
        status, _, body = get(server, target)
    assert status == 404, (target, status)
    assert CANARY_TOKEN.encode() not in body and b"root:" not in body


def test_the_image_the_event_names_is_served_and_only_as_named(served: Sandbox) -> None:
    with serving(served.event_dir / "event.yaml") as server:
        status, headers, body = get(server, "/images/images/chart.png")
        assert status == 200 and headers["content-type"] == "image/png"
        assert body == (served.event_dir / "images" / "chart.png").read_bytes()
        assert get(server, "/images/images/chart.png", method="HEAD")[:2][0] == 200


def test_an_image_named_by_the_event_that_is_a_symlink_out_is_refused(served: Sandbox) -> None:
    (served.event_dir / "images" / "chart.png").unlink()
    os.symlink(served.root / "outside.png", served.event_dir / "images" / "chart.png")
    (served.root / "outside.png").write_bytes(png_bytes())
    with serving(served.event_dir / "event.yaml") as server:
        status, _, body = get(server, "/images/images/chart.png")
        page = get(server, "/memo.en.html")[2].decode("utf-8")
    assert status == 404 and body == b"not found"
    assert 'id="isp-preview-overlay"' in page and "error[bad-image]" in page  # and the page says why


def test_an_image_swapped_for_a_symlink_after_loading_is_refused(served: Sandbox) -> None:
    with serving(served.event_dir / "event.yaml") as server:
        chart = served.event_dir / "images" / "chart.png"
        chart.unlink()
        os.symlink(served.canary, chart)  # no refresh: the event still names it
        status, _, body = get(server, "/images/images/chart.png")
    assert status == 404 and CANARY_TOKEN.encode() not in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1", "localhost.evil.example", ""])
def test_another_host_header_is_refused(served: Sandbox, host: str) -> None:
    """A page elsewhere that rebinds its name to 127.0.0.1 still sends its own Host: refused."""
    with serving(served.event_dir / "event.yaml") as server:
        status, _, body = get(server, "/memo.en.html", headers={"Host": host})
    assert status == 421 and b"isp-preview" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "TRACE"])
def test_only_get_and_head(served: Sandbox, method: str) -> None:
    with serving(served.event_dir / "event.yaml") as server:
        status, _, _ = get(server, "/memo.en.html", method=method)
    assert status == 501


def test_it_listens_on_loopback_only(served: Sandbox) -> None:
    with serving(served.event_dir / "event.yaml") as server:
        assert isinstance(server, PreviewServer) and server.server_address[0] == "127.0.0.1"


def test_a_page_cannot_load_anything_from_elsewhere(served: Sandbox) -> None:
    """Defence in depth: the page's Content-Security-Policy allows only itself and data: URIs."""
    with serving(served.event_dir / "event.yaml") as server:
        _, headers, _ = get(server, "/memo.en.html")
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "http" not in policy


def test_nothing_is_written_into_the_event_folder(served: Sandbox) -> None:
    before = sorted((p.name, p.is_symlink() or p.stat().st_mtime_ns) for p in served.event_dir.rglob("*"))
    with serving(served.event_dir / "event.yaml") as server:
        for target in ("/memo.en.html", "/memo.my.html", "/memo.bilingual.html", "/memo.en.pdf"):
            get(server, target)
    after = sorted((p.name, p.is_symlink() or p.stat().st_mtime_ns) for p in served.event_dir.rglob("*"))
    assert after == before
