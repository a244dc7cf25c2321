"""The cost of tagging: the sample's three PDFs, tagged PDF/UA-1 against untagged, in paired runs.

    .venv/bin/python bench/tagging_cost.py [pairs]

Each pair renders the same Document both ways, alternating which goes first (ABBA), in one process
after a warm-up render; prints CPU and wall medians and sizes as a Markdown table.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import isp_recap
from isp_recap.render.pdf import render_pdf

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml"


def timed(doc: isp_recap.Document, standard: str) -> tuple[float, float, int]:
    cpu, wall = time.process_time(), time.perf_counter()
    size = len(render_pdf(doc, standard))
    return time.process_time() - cpu, time.perf_counter() - wall, size


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    memo = isp_recap.load_event(SAMPLE)
    print("| edition | untagged CPU | tagged CPU | ratio | untagged wall | tagged wall | untagged size | tagged size | size |")
    print("|---|---|---|---|---|---|---|---|---|")
    for edition in ("en", "my", "bilingual"):
        doc = isp_recap.build_document(memo, edition, base_dir=SAMPLE.parent)
        render_pdf(doc, "none")  # warm-up: imports, fonts
        runs: dict[str, list[tuple[float, float, int]]] = {"none": [], "ua-1": []}
        for i in range(pairs):
            order = ("none", "ua-1") if i % 2 == 0 else ("ua-1", "none")
            for standard in order:
                runs[standard].append(timed(doc, standard))
        cpu = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
        wall = {k: statistics.median(r[1] for r in v) for k, v in runs.items()}
        size = {k: v[0][2] for k, v in runs.items()}
        print(f"| {edition} | {cpu['none']:.2f} s | {cpu['ua-1']:.2f} s | {cpu['ua-1'] / cpu['none']:.2f} "
              f"| {wall['none']:.2f} s | {wall['ua-1']:.2f} s | {size['none'] / 1024:.0f} KiB "
              f"| {size['ua-1'] / 1024:.0f} KiB | +{(size['ua-1'] / size['none'] - 1) * 100:.0f} % |")


if __name__ == "__main__":
    main()
