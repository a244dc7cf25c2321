"""Hostile data-card images: corrupt, truncated, disguised, bombs, and paths that lead elsewhere.

Every one is refused at the `image:` line of the event (27:14 in `fixtures/accepted/tiny.yaml`), before
anything is rendered or written. A few legitimate oddities (a JPEG named .png, upper-case suffixes)
build, and a large image within the limits builds within the memory and time bounds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import (
    FIXTURES,
    BatchRun,
    Sandbox,
    assert_clean_failure,
    assert_confined,
    assert_no_leak,
    png_bytes,
    run_batch,
)
from images import BAD_IMAGES, jpeg_bytes

TINY = FIXTURES / "accepted" / "tiny.yaml"
IMAGE_AT = (27, 14)  # the `image:` value in tiny.yaml


def event_with_image(image: str) -> str:
    text = TINY.read_text(encoding="utf-8")
    assert "images/chart.png" in text
    return text.replace("images/chart.png", image)


def _bytes_case(file_name: str, make: Callable[[], bytes]) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / "images").mkdir()
        (folder / "images" / file_name).write_bytes(make())
        (folder / "event.yaml").write_text(event_with_image(f"images/{file_name}"), encoding="utf-8")

    return setup


def _fs_case(make: Callable[[Path], object], image: str = "images/chart.png") -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / "images").mkdir()
        make(folder)
        (folder / "event.yaml").write_text(event_with_image(image), encoding="utf-8")

    return setup


def _outside_png(folder: Path) -> Path:
    """A valid PNG beside the event folder: readable, but not the event's to use."""
    outside = folder.parent / f"outside-{folder.name}.png"
    outside.write_bytes(png_bytes())
    return outside


def _symlink_dir_out(folder: Path) -> None:
    elsewhere = folder.parent / f"elsewhere-{folder.name}"
    elsewhere.mkdir()
    (elsewhere / "chart.png").write_bytes(png_bytes())
    (folder / "images").rmdir()
    (folder / "images").symlink_to(elsewhere)


FS_CASES: dict[str, Callable[[Path], None]] = {
    "symlink-to-canary": _fs_case(lambda f: (f / "images" / "chart.png").symlink_to(f.parent / "canary.txt")),
    "symlink-to-outside-png": _fs_case(lambda f: (f / "images" / "chart.png").symlink_to(_outside_png(f))),
    "symlink-to-etc-passwd": _fs_case(lambda f: (f / "images" / "chart.png").symlink_to("/etc/passwd")),
    "symlink-to-dev-zero": _fs_case(lambda f: (f / "images" / "chart.png").symlink_to("/dev/zero")),
    "symlink-to-dev-urandom": _fs_case(lambda f: (f / "images" / "chart.png").symlink_to("/dev/urandom")),
    "symlink-loop": _fs_case(lambda f: _loop(f / "images" / "a.png", f / "images" / "chart.png")),
    "dangling-symlink": _fs_case(lambda f: (f / "images" / "chart.png").symlink_to(f / "nowhere.png")),
    "symlinked-folder-out": _fs_case(_symlink_dir_out),
    "fifo": _fs_case(lambda f: os.mkfifo(f / "images" / "chart.png")),
    "folder-named-png": _fs_case(lambda f: (f / "images" / "chart.png").mkdir()),
    "sparse-30-mib": _fs_case(lambda f: os.truncate(_touch(f / "images" / "chart.png"), 30 << 20)),
    "outside-png-by-dotdot": _fs_case(lambda f: _outside_png(f), image="../outside-ev-outside-png-by-dotdot.png"),
    "dotdot-inside-then-out": _fs_case(lambda f: _outside_png(f),
                                       image="images/../../outside-ev-dotdot-inside-then-out.png"),
    "hardlinked-canary": _fs_case(lambda f: os.link(f.parent / "canary.txt", f / "images" / "chart.png")),
}


def _loop(a: Path, b: Path) -> None:
    a.symlink_to(b)
    b.symlink_to(a)


def _touch(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    return path


CASES: dict[str, Callable[[Path], None]] = {
    **{name: _bytes_case(file_name, make) for name, (file_name, make) in BAD_IMAGES.items()},
    **FS_CASES,
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> BatchRun:
    return run_batch(tmp_path_factory.mktemp("images"), CASES, "--format", "pdf,docx,html")


def test_enough_image_cases() -> None:
    assert len(CASES) >= 35


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_image_is_refused_at_its_line(batch: BatchRun, name: str) -> None:
    assert_clean_failure(batch.result, [("bad-image", *IMAGE_AT)], path=batch.path(name))
    batch.assert_untouched(name)


def test_no_image_bytes_or_canary_reached_the_messages(batch: BatchRun) -> None:
    assert "CANARY" not in batch.result.stderr + batch.result.stdout
    assert "root:x:0:0" not in batch.result.stderr + batch.result.stdout
    assert not list((batch.root / "out").rglob("memo.*.tmp"))


@pytest.mark.parametrize(("image", "data"), [
    ("images/chart.PNG", png_bytes()),
    ("images/photo.JPEG", jpeg_bytes()),
    ("images/really-a-jpeg.png", jpeg_bytes()),  # the content decides, not the name
    ("images/grey.png", png_bytes(mode="L")),
    ("images/palette.png", png_bytes(mode="P")),
    ("images/with alpha and spaces.png", png_bytes(mode="RGBA")),
], ids=["upper-case-png", "upper-case-jpeg", "jpeg-named-png", "grey", "palette", "alpha-and-spaces"])
def test_legitimate_oddities_build(sandbox: Sandbox, image: str, data: bytes) -> None:
    sandbox.write(image, data)
    sandbox.write("event.yaml", event_with_image(image))
    result = sandbox.build("event.yaml", "--format", "html,docx", "--lang", "en", "--edition", "separate")
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    outputs = sandbox.outputs()
    assert set(outputs) == {"memo.en.html", "memo.en.docx"}
    for name, content in outputs.items():
        assert_no_leak(content, name)


def test_large_image_within_limits_builds_within_bounds(sandbox: Sandbox) -> None:
    """8000 x 5000 pixels (the limit) as PDF: decoded by the check and by WeasyPrint, under 1 GiB and 30 s."""
    from images import png_bomb

    sandbox.write("images/chart.png", png_bomb(8000, 5000))
    sandbox.write("event.yaml", event_with_image("images/chart.png"))
    result = sandbox.build("event.yaml", "--format", "pdf,docx", "--lang", "en", "--edition", "separate")
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    assert sandbox.outputs()["memo.en.pdf"].startswith(b"%PDF")
