"""Issue 16's figures for `make bench`: preview rebuild latency, one event on all cores, start-up.

- Preview: `isp-recap preview` on a copy of the sample, one process per edition; each run saves the
  event with a new title (written beside it and renamed over it, as editors save) and times the save
  until (a) the server's event stream says `reload` and (b) a GET of the page returns the new title —
  what the page's script does. A browser's own paint is not included.
- Single event: `isp-recap build SAMPLE --force` as a whole process at `-j 1` and at the default
  (all cores): wall and CPU time of all processes, and whether the files are byte-identical.
- Start-up: whole-process `--help` and `validate` (run.py's `bench_startup`).
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
CLI = Path(sys.executable).parent / "isp-recap"
TITLE = "Myanmar's Rare Earths"
TITLE_MY = "မြန်မာ့ ရှားပါးမြေ"

# Targets of issue 16.
PREVIEW_LATENCY = 1.0
SINGLE_RATIO = 0.6
HELP_WALL = 0.12
VALIDATE_WALL = 0.30


def bench_preview(repeat: int, work: Path) -> dict[str, dict[str, list[float]]]:
    """Save -> reload event and save -> new page, in seconds, per edition."""
    out: dict[str, dict[str, list[float]]] = {}
    for edition in ("en", "my", "bilingual"):
        folder = work / f"preview-{edition}"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(SAMPLE.parent, folder)
        event = folder / "event.yaml"
        good = event.read_text(encoding="utf-8")
        assert f'en: "{TITLE}"' in good and f'my: "{TITLE_MY}"' in good
        proc = subprocess.Popen([str(CLI), "preview", str(event), "--no-browser", "--lang", edition],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
            page = f"/memo.{edition}.html"
            _get(port, page)
            time.sleep(2.0)  # the other editions warm up in the background; let them finish
            times: dict[str, list[float]] = {"event": [], "page": []}
            for i in range(repeat):
                marker = f"zq{i}x{os.getpid()}"  # in both titles: every edition prints it
                changed = good.replace(f'en: "{TITLE}"', f'en: "{TITLE} {marker}"').replace(
                    f'my: "{TITLE_MY}"', f'my: "{TITLE_MY} {marker}"')
                stream = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                stream.request("GET", f"/_preview/events?edition={edition}&version=-2")
                response = stream.getresponse()
                _read_event(response)  # the stream answers a stale version at once; what follows is ours
                temp = folder / ".event.yaml.swp"
                temp.write_text(changed, encoding="utf-8")
                started = time.perf_counter()
                os.replace(temp, event)
                _read_event(response)
                times["event"].append(time.perf_counter() - started)
                deadline = started + 30
                while marker.encode() not in _get(port, page):
                    if time.perf_counter() > deadline:
                        raise RuntimeError(f"the {edition} page never showed the new title")
                    time.sleep(0.005)
                times["page"].append(time.perf_counter() - started)
                stream.close()
                time.sleep(0.3)
            out[edition] = times
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return out


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def _read_event(response: http.client.HTTPResponse) -> None:
    while True:
        line = response.readline()
        if not line:
            raise RuntimeError("the event stream ended")
        if line.startswith(b"event: reload"):
            response.readline()  # data:
            response.readline()  # blank line
            return


def bench_single(repeat: int, work: Path, run_process: Any, timing: Any) -> dict[str, Any]:
    """`build SAMPLE --force` at -j 1 and at the default, whole process; and byte equality."""
    out: dict[str, Any] = {"j1": timing(), "default": timing()}
    runs: tuple[tuple[str, list[str]], ...] = (("j1", ["-j", "1"]), ("default", []))
    for i in range(repeat):
        for key, extra in runs if i % 2 == 0 else runs[::-1]:  # ABBA: drifts of the machine cancel
            done = run_process(out[key], [str(CLI), "build", str(SAMPLE), "-o", str(work / f"single-{key}"),
                                          "--force", *extra])
            if done.returncode != 0:
                raise SystemExit(f"building the sample failed:\n{done.stderr}")
    names = sorted(p.name for p in (work / "single-j1").glob("memo.*"))
    out["identical"] = bool(names) and all(
        (work / "single-j1" / n).read_bytes() == (work / "single-default" / n).read_bytes() for n in names)
    out["outputs"] = len(names)
    out["cores"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return out


def median(values: list[float]) -> float:
    import statistics

    return statistics.median(values) if values else float("nan")


def section(preview: dict[str, Any] | None, single: dict[str, Any] | None, startup: dict[str, Any] | None,
            fmt: Any) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """Markdown lines and targets for issue 16's figures."""
    lines: list[str] = []
    targets: list[tuple[str, str, bool]] = []
    if preview:
        lines += ["", "## Preview: save to page updated (`isp-recap preview`, the sample)", "",
                  "| edition | save → reload event | save → new page served | runs |", "|---|---:|---:|---:|"]
        for edition, t in preview.items():
            lines.append(f"| {edition} | {fmt(median(t['event']))} | {fmt(median(t['page']))} | {len(t['page'])} |")
            worst = max(t["page"]) if t["page"] else float("nan")
            targets.append((f"preview latency < {PREVIEW_LATENCY} s ({edition})",
                            f"median {fmt(median(t['page']))}, worst {fmt(worst)}", worst < PREVIEW_LATENCY))
        lines += ["", "From the rename of the saved file to the page with the new title served over HTTP "
                  "(what the page's script fetches on `reload`); the browser's paint is not included."]
    if single:
        j1, dflt = single["j1"], single["default"]
        # Round by round (each round runs both, ABBA): this machine's speed drifts by a third between
        # minutes (-j 1 CPU 8.8-13.4 s in one series), so a ratio of two medians mixes slow and fast
        # minutes; each round's own ratio does not.
        rounds = sorted(d / c for d, c in zip(dflt.wall, j1.cpu, strict=True))
        ratio = median(rounds)
        lines += ["", f"## One event on all cores: the sample's {single['outputs']} outputs, `build --force` "
                  "(whole process)", "", "| workers | wall | CPU (all processes) | wall / CPU at -j 1 |",
                  "|---|---:|---:|---:|",
                  f"| `-j 1` | {fmt(j1.median)} | {fmt(j1.cpu_median)} | {j1.median / j1.cpu_median:.2f} |",
                  f"| default ({single['cores']} cores) | {fmt(dflt.median)} | {fmt(dflt.cpu_median)} | "
                  f"{dflt.median / j1.cpu_median:.2f} |",
                  "", f"Round by round, the default's wall over the same round's -j 1 CPU: median {ratio:.2f}, "
                  f"from {rounds[0]:.2f} to {rounds[-1]:.2f} over {len(rounds)} rounds.",
                  "", f"Byte-identical outputs at -j 1 and the default: {'yes' if single['identical'] else '**no**'}."]
        targets.append((f"one event: wall ≤ {SINGLE_RATIO} × its CPU time on {single['cores']} cores",
                        f"{ratio:.2f}× (rounds {rounds[0]:.2f}-{rounds[-1]:.2f})", ratio <= SINGLE_RATIO))
        targets.append(("one event: same bytes as serial", "yes" if single["identical"] else "no",
                        bool(single["identical"])))
    if startup:
        for name, limit in (("isp-recap --help", HELP_WALL), ("isp-recap validate sample", VALIDATE_WALL)):
            t = startup[name]
            targets.append((f"`{name}` ≤ {limit} s wall (issue 16)", f"{t.median:.3f} s (CPU {t.cpu_median:.3f} s)",
                            t.median <= limit))
    return lines, targets
