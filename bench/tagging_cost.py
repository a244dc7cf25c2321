"""The cost of tagging: the sample's three PDFs, tagged PDF/UA-1 against untagged, in paired runs.

    .venv/bin/python bench/tagging_cost.py [pairs] [edition ...]

Each pair renders the same Document both ways, alternating which goes first (ABBA), in one process
after a warm-up render; prints CPU (getrusage: user + system time of the process) and wall medians,
the range of the per-pair CPU ratios, and sizes as a Markdown table. CPU time is what to read on a
shared machine: wall time grows with the load, CPU time much less.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

import isp_recap
from isp_recap.render.pdf import render_pdf

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(doc: isp_recap.Document, standard: str) -> tuple[float, float, int]:
    cpu, wall = _cpu(), time.perf_counter()
    size = len(render_pdf(doc, standard))
    return _cpu() - cpu, time.perf_counter() - wall, size


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    editions = sys.argv[2:] or ["en", "my", "bilingual"]
    memo = isp_recap.load_event(SAMPLE)
    print("| edition | pairs | untagged CPU | tagged CPU | ratio (median; pair range) | untagged wall | tagged wall "
          "| untagged size | tagged size | size |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for edition in editions:
        doc = isp_recap.build_document(memo, edition, base_dir=SAMPLE.parent)  # type: ignore[arg-type]
        render_pdf(doc, "none")  # warm-up: imports, fonts
        runs: dict[str, list[tuple[float, float, int]]] = {"none": [], "ua-1": []}
        for i in range(pairs):
            order = ("none", "ua-1") if i % 2 == 0 else ("ua-1", "none")
            for standard in order:
                runs[standard].append(timed(doc, standard))
        ratios = [t[0] / u[0] for u, t in zip(runs["none"], runs["ua-1"], strict=True)]
        cpu = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
        wall = {k: statistics.median(r[1] for r in v) for k, v in runs.items()}
        size = {k: v[0][2] for k, v in runs.items()}
        print(f"| {edition} | {pairs} | {cpu['none']:.2f} s | {cpu['ua-1']:.2f} s "
              f"| {statistics.median(ratios):.2f}; {min(ratios):.2f}-{max(ratios):.2f} "
              f"| {wall['none']:.2f} s | {wall['ua-1']:.2f} s | {size['none'] / 1024:.0f} KiB "
              f"| {size['ua-1'] / 1024:.0f} KiB | +{(size['ua-1'] / size['none'] - 1) * 100:.0f} % |")


if __name__ == "__main__":
    main()
