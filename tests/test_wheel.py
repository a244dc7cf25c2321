"""The package as users get it (issue 11): a wheel that builds memos anywhere, without the repository.

The wheel is built from this checkout, installed by pip (`--only-binary=:all:`, offline) into a fresh
virtual environment outside it, and
from a temporary folder the sample (copied there) is built into all nine outputs and a new event
folder is started. The new environment gets the wheel's own files only; the already installed
dependencies are made visible to it through a `.pth` path (a test may not download them), and the
checkout's editable install is not (a `.pth` path line does not run the `.pth` files it points at).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    (built,) = out.glob("isp_recap-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    # pip itself installs the wheel, as a user's `pip install --only-binary=:all:` does (console script
    # included); --no-index --no-deps because a test may not download: the dependencies already
    # installed here are made visible through deps.pth, and `pip check` then proves them complete.
    pip = [sys.executable, "-m", "pip", "--python", python]
    done = subprocess.run([*pip, "install", "--no-index", "--no-deps", "--only-binary=:all:", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    ask = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([python, "-c", ask], check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # PyICU (icukit-pyicu) is a Linux-only test dependency of the checkout, visible through deps.pth: a
    # module of that name in front of it makes any use of it by the installed package fail the build.
    (site / "icu.py").write_text("raise ImportError('isp-recap must not need PyICU (no Windows wheels)')\n",
                                 encoding="utf-8")
    check = subprocess.run([*pip, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout  # every requirement of the wheel is met
    return venv


def test_wheel_holds_what_the_library_reads_at_run_time(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("isp_recap/locales/en/LC_MESSAGES/isp_recap.po", "isp_recap/locales/my/LC_MESSAGES/isp_recap.po",
                   "isp_recap/render/fonts/NotoSansMyanmar-Regular.ttf", "isp_recap/render/fonts/OFL.txt",
                   "isp_recap/render/templates/memo.html.j2", "isp_recap/render/reference.docx",
                   "isp_recap/schemas/event.schema.json", "isp_recap/py.typed"):
        assert needed in names, needed
    # The DOCX writer's reference parts, each as the data file it loads (dot-files and brackets included).
    from isp_recap.render.docx.reference import PART_NAMES

    for name in PART_NAMES:
        assert f"isp_recap/render/docx/parts/{name}" in names, name


def test_wheel_requires_bindings_with_wheels_everywhere(wheel: Path) -> None:
    # docs/platforms.md: every runtime requirement has wheels for Linux, Windows and macOS (x86_64, arm64).
    with zipfile.ZipFile(wheel) as z:
        metadata = next(z.read(n).decode() for n in z.namelist() if n.endswith(".dist-info/METADATA"))
    runtime = {line.split(":", 1)[1].strip().split(";")[0].split(">")[0].split("<")[0].strip().lower()
               for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert {"icu4py", "paraencoder", "myanmartools"} <= runtime
    assert not runtime & {"pyicu", "icukit-pyicu"}


def test_installed_wheel_builds_the_sample_from_anywhere(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(SAMPLE, work / "event")
    run = [str(installed / "bin" / "isp-recap")]
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import isp_recap; print(isp_recap.__file__)"],
                           cwd=work, check=True, capture_output=True, text=True).stdout
    assert str(installed) in where and str(ROOT) not in where  # the wheel's copy, not the checkout's
    done = subprocess.run([*run, "build", "event/event.yaml", "-o", "out"], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (work / "out").glob("memo.*")) == sorted(
        f"memo.{e}.{f}" for e in ("en", "my", "bilingual") for f in ("pdf", "docx", "html"))
    schema = subprocess.run([*run, "schema", "-o", "s.json"], cwd=work, capture_output=True, text=True)
    assert schema.returncode == 0
    assert (work / "s.json").read_text() == (ROOT / "schemas" / "event.schema.json").read_text()
    started = subprocess.run([*run, "new", "mine"], cwd=work, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    valid = subprocess.run([*run, "validate", "mine/event.yaml"], cwd=work, capture_output=True, text=True)
    assert valid.returncode == 0, valid.stderr
