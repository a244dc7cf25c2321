"""CPU time of refusing YAML alias and size bombs (issue 13: each under 0.2 s of CPU).

    .venv/bin/python bench/yaml_bombs.py [--repeat N]

Each case is an event file `parse_event` must refuse; the figure is the process's CPU time
(user + system, `resource.getrusage`) spent in `parse_event`, the median of N runs, after one
warm-up run (imports and ruamel's first-use costs are not the bomb's). CPU time, not wall time:
the machine is shared, and a refusal that waits for nothing costs only CPU.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
HOSTILE = ROOT / "tests" / "hostile" / "fixtures" / "events"
MiB = 1024 * 1024


def _fill(head: str, unit: str, size: int) -> bytes:
    data = head.encode()
    return data + unit.encode() * ((size - len(data)) // len(unit.encode()))


def _laughs(levels: int, width: int = 10) -> bytes:
    lines = ["format: 1", "a: &a [" + ",".join(["x"] * width) + "]"]
    for i in range(1, levels):
        name, prev = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * width) + "]")
    return ("\n".join(lines) + "\n").encode()


CASES: dict[str, Callable[[], bytes]] = {
    "alias bomb, 307 bytes (fixture)": lambda: (HOSTILE / "alias-bomb.yaml").read_bytes(),
    "alias bomb, 9 levels x 10": lambda: _laughs(9),
    "alias bomb in text (fixture)": lambda: (HOSTILE / "alias-bomb-long-text.yaml").read_bytes(),
    "block list, 4 MiB of '- 1'": lambda: _fill("format: 1\nextra:\n", "  - 1\n", 4 * MiB),
    "block list, 8 MiB of '- 1'": lambda: _fill("format: 1\nextra:\n", "  - 1\n", 8 * MiB - 64),
    "flow list, 8 MiB on one line": lambda: _fill("format: 1\nextra: [", "1,", 8 * MiB - 64) + b"1]\n",
    "mapping, 4 MiB of 'kNNN: 1'": lambda: b"format: 1\nextra:\n" + b"".join(
        f"  k{i}: 1\n".encode() for i in range(4 * MiB // 12)),
    "recursive alias (&a [*a])": lambda: b"format: 1\nextra: &a\n  - *a\n",
    "alias chain, 3,000 anchors deep": lambda: ("format: 1\nl0: &l0 [x]\n" + "".join(
        f"l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, 3000))).encode(),
    "text, 2.3 MB of paragraphs": lambda: _fill("format: 1\nconcept_note:\n",
                                                "  - {en: '" + "Rare earths. " * 400 + "'}\n", 2_300_000),
    "text, 2.3 MB, one alias first": lambda: _fill("format: 1\nx: &a [1]\ny: *a\nconcept_note:\n",
                                                   "  - {en: '" + "Rare earths. " * 400 + "'}\n", 2_300_000),
}


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(raw: bytes, repeat: int) -> tuple[float, str]:
    from isp_recap.diagnostics import IspRecapError
    from isp_recap.source.loader import parse_event

    times, codes = [], ""
    for i in range(repeat + 1):
        start = cpu()
        try:
            parse_event(raw, "event.yaml")
            codes = "accepted"
        except IspRecapError as exc:
            codes = ",".join(sorted({d.code for d in exc.errors}))
        if i:  # the first run warms up imports and caches
            times.append(cpu() - start)
    return statistics.median(times), codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'case':36} {'bytes':>10} {'CPU s':>7}  refused as")
    for name, make in CASES.items():
        raw = make()
        seconds, codes = measure(raw, args.repeat)
        print(f"{name:36} {len(raw):>10,} {seconds:>7.3f}  {codes}")


if __name__ == "__main__":
    main()
