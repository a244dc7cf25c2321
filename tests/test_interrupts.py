"""A Ctrl-C that a library swallowed still stops a build before it writes (interrupts.py)."""

from __future__ import annotations

import contextlib
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from isp_recap import interrupts
from isp_recap.build import BuildOptions, build_event
from isp_recap.document import builder


@pytest.fixture(autouse=True)
def python_sigint() -> Iterator[None]:
    """Python's own SIGINT handler, as a command-line run has it (other tests, or the runner, may
    have left another one in place)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
def event(tmp_path: Path, minimal_path: Path) -> Path:
    (tmp_path / "ev").mkdir()
    return Path(shutil.copy(minimal_path, tmp_path / "ev" / "event.yaml"))


def _swallowing(real):  # type: ignore[no-untyped-def]
    """`real`, after a Ctrl-C that is raised and lost inside it, as a C extension's import loses one."""
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        with contextlib.suppress(BaseException):  # what the library does
            signal.raise_signal(signal.SIGINT)
        return real(*args, **kwargs)
    return wrapped


@pytest.mark.parametrize("workers", [1, 2])
def test_a_swallowed_ctrl_c_still_stops_the_build_and_nothing_is_written(
        event: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(builder, "build_document", _swallowing(builder.build_document))
    with pytest.raises(KeyboardInterrupt):
        build_event(event, tmp_path / "out", BuildOptions(formats=("html",), workers=workers))
    assert not (tmp_path / "out").exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored


def test_without_a_ctrl_c_the_build_writes(event: Path, tmp_path: Path) -> None:
    result = build_event(event, tmp_path / "out", BuildOptions(formats=("html",), workers=1))
    assert len(result.outputs) == 3  # the check can fail only when a Ctrl-C came
    interrupts.check()


def test_a_program_with_its_own_sigint_handler_keeps_it(event: Path, tmp_path: Path) -> None:
    seen: list[int] = []

    def own(signum: int, frame: object) -> None:
        seen.append(signum)

    previous = signal.signal(signal.SIGINT, own)
    try:
        with interrupts.noted():
            assert signal.getsignal(signal.SIGINT) is own
            signal.raise_signal(signal.SIGINT)
            interrupts.check()  # not noted: the program handles its own Ctrl-C
        assert seen == [signal.SIGINT]
    finally:
        signal.signal(signal.SIGINT, previous)


def test_nested_blocks_share_one_note() -> None:
    with interrupts.noted():
        with interrupts.noted(), pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):  # the outer block still knows
            interrupts.check()
    interrupts.check()  # and it is forgotten once the outer block ends
