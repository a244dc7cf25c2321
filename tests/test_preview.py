"""`isp-recap preview`: pages, rebuilds of only what changed, the error overlay, live reload, the CLI.

The real-browser test is in test_preview_browser.py; hostile requests in hostile/test_hostile_preview.py.
"""

from __future__ import annotations

import http.client
import shutil
import signal
import threading
import urllib.request
from pathlib import Path

import pytest

from isp_recap.build import BuildOptions, build_event
from isp_recap.preview.page import inject
from isp_recap.preview.session import PreviewSession
from isp_recap.preview.watcher import watch
from preview_support import FIXTURES, ROOT, get, preview_process, save_like_an_editor, serving, wait_until

TITLE = "Myanmar's Rare Earths"


@pytest.fixture
def event(tmp_path: Path) -> Path:
    folder = tmp_path / "event"
    folder.mkdir()
    path = folder / "event.yaml"
    shutil.copy(FIXTURES / "minimal.yaml", path)
    return path


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return tmp_path / "locales"


def test_page_is_the_html_edition_plus_the_toolbar(event: Path, tmp_path: Path) -> None:
    build_event(event, tmp_path / "out", BuildOptions(formats=("html",), languages=("en",), bilingual=False))
    built = (tmp_path / "out" / "memo.en.html").read_text(encoding="utf-8")
    with serving(event) as server:
        status, headers, body = get(server, "/memo.en.html")
        version = server.session.version
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert body.decode("utf-8") == inject(built, "en", version)  # the HTML edition, byte for byte inside
    page = body.decode("utf-8")
    for target in ('href="/memo.en.html" aria-current="page"', 'href="/memo.my.html"',
                   'href="/memo.bilingual.html"', 'href="/memo.en.pdf"'):
        assert target in page
    assert "default-src 'none'" in headers["content-security-policy"]


def test_root_redirects_to_the_edition_asked_for(event: Path) -> None:
    with serving(event, "bilingual") as server:
        status, headers, _ = get(server, "/")
    assert status == 303 and headers["location"] == "/memo.bilingual.html"


def test_only_what_changed_is_rebuilt(event: Path, locales: Path) -> None:
    session = PreviewSession(event, locales)
    session.refresh()
    pages = {e: session.page(e)[0] for e in ("en", "my", "bilingual")}
    assert all(pages.values())
    built = dict(session._built)
    version = session.version

    event.touch()  # same bytes: nothing to do
    assert session.refresh() is False and session.version == version

    (event.parent / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    session.refresh()  # a glossary is checked, printed nowhere: no page is rebuilt
    assert all(session._build(e) is built[e] for e in built)

    po = locales / "my" / "LC_MESSAGES" / "isp_recap.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert session.refresh() is True and session.version > version
    assert session._build("en") is built["en"]  # the English catalog did not change
    assert session._build("my") is not built["my"] and session._build("bilingual") is not built["bilingual"]

    save_like_an_editor(event, event.read_text(encoding="utf-8").replace(TITLE, "Rare Earths, Revised"))
    assert session.refresh() is True
    html, problems, _, _ = session.page("en")
    assert not problems and html is not None and "Rare Earths, Revised" in html and TITLE not in html


def test_an_input_error_shows_every_diagnostic_with_its_line_and_fixing_it_brings_the_page_back(
        event: Path) -> None:
    good = event.read_text(encoding="utf-8")
    with serving(event) as server:
        assert TITLE.replace("'", "&#39;") in get(server, "/memo.en.html")[2].decode()
        event.write_text(good.replace("episode: 8", "episode: eight")
                         .replace("speaker: su-lin-han", "speaker: su-lin-hann"), encoding="utf-8")
        server.session.refresh()
        status, _, body = get(server, "/memo.en.html")
        page = body.decode("utf-8")
        assert status == 200 and 'id="isp-preview-overlay"' in page
        assert f"{event}:10:12: error[wrong-type]: event.episode must be a whole number" in page
        assert f"{event}:22:16: error[unknown-speaker]: speaker &#x27;su-lin-hann&#x27;" in page
        assert "10 |   episode: eight\n" + " " * (len("10 | ") + 11) + "^" in page  # quoted, caret at col 12
        assert "22 |       speaker: su-lin-hann" in page
        assert "2 problems in the inputs" in page
        assert page.index("isp-preview-overlay") > page.index(TITLE.replace("'", "&#39;"))  # over the last page

        status, _, body = get(server, "/memo.en.pdf")
        assert status == 422 and b"error[wrong-type]" in body  # no PDF of a broken event

        event.write_text(good, encoding="utf-8")
        server.session.refresh()
        page = get(server, "/memo.en.html")[2].decode("utf-8")
        assert "isp-preview-overlay" not in page.split("<style", 1)[0] and 'id="isp-preview-overlay"' not in page


def test_missing_burmese_is_an_error_of_the_burmese_page_only(event: Path) -> None:
    text = event.read_text(encoding="utf-8").replace(", my: မြန်မာ့ ရှားပါးမြေများ}", "}")
    event.write_text(text, encoding="utf-8")
    with serving(event) as server:
        assert 'id="isp-preview-overlay"' not in get(server, "/memo.en.html")[2].decode()
        page = get(server, "/memo.my.html")[2].decode()
    assert 'id="isp-preview-overlay"' in page and "error[missing-translation]: event.title has no Burmese" in page


def test_the_event_stream_says_reload_when_an_input_changed(event: Path) -> None:
    with serving(event) as server:
        version = server.session.version
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", f"/_preview/events?edition=en&version={version}")
        response = conn.getresponse()
        assert response.status == 200 and response.getheader("Content-Type", "").startswith("text/event-stream")
        assert response.readline() == b"retry: 300\n"
        event.write_text(event.read_text(encoding="utf-8").replace(TITLE, "Another Title"), encoding="utf-8")
        server.session.refresh()
        lines = [response.readline() for _ in range(3)]
        conn.close()
    assert lines[1:] == [b"event: reload\n", f"data: {version + 1}\n".encode()]


def test_the_watcher_sees_a_save_by_rename_and_an_image_in_a_new_folder(event: Path) -> None:
    from PIL import Image

    session = PreviewSession(event)
    session.refresh()
    stop = threading.Event()
    watching: list[list[str]] = []
    thread = threading.Thread(target=watch, args=(session, stop, None, watching.append), daemon=True)
    thread.start()
    try:
        wait_until(lambda: bool(watching), 10, "the watch in place")
        version = session.version
        save_like_an_editor(event, event.read_text(encoding="utf-8").replace(TITLE, "Saved Title"))
        wait_until(lambda: session.version > version, 10, "a refresh after the save")
        assert "Saved Title" in (session.page("en")[0] or "")

        (event.parent / "charts").mkdir()
        Image.new("RGB", (8, 6), "red").save(event.parent / "charts" / "c.png")
        text = event.read_text(encoding="utf-8").replace("      number: 153\n",
                                                         "      number: 153\n      image: charts/c.png\n"
                                                         "      image_alt: {en: A red square, my: အနီရောင် စတုရန်း}\n")
        version = session.version
        save_like_an_editor(event, text)
        wait_until(lambda: session.version > version and "charts/c.png" in session.image_paths(), 10,
                   "the image named")
        first = session.page("en")[0]
        wait_until(lambda: any(str(event.parent / "charts") in w for w in watching), 10, "its folder watched")
        version = session.version
        Image.new("RGB", (8, 6), "blue").save(event.parent / "charts" / "c.png")  # an image change alone
        wait_until(lambda: session.version > version, 10, "a refresh after the image changed")
        assert session.page("en")[0] != first
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_pdf_on_demand(event: Path) -> None:
    with serving(event) as server:
        status, headers, body = get(server, "/memo.en.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF-")


def test_the_command_prints_its_address_writes_nothing_and_stops_cleanly_on_ctrl_c(event: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in event.parent.rglob("*")}
    with preview_process(event) as (proc, url):
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=30) as response:  # follows / -> /memo.en.html
            assert response.status == 200 and b"isp-preview-bar" in response.read()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "preview stopped" in err
    assert {p: p.stat().st_mtime_ns for p in event.parent.rglob("*")} == before  # nothing written there


def test_the_command_refuses_a_bad_language_and_a_missing_file(event: Path) -> None:
    from typer.testing import CliRunner

    from isp_recap.cli import app

    result = CliRunner().invoke(app, ["preview", str(event), "--lang", "fr", "--no-browser"])
    assert result.exit_code == 2 and "--lang must be one of en, my, bilingual" in result.output
    result = CliRunner().invoke(app, ["preview", str(event.parent / "nope.yaml"), "--no-browser"])
    assert result.exit_code == 2 and "error[file-not-found]" in result.output
