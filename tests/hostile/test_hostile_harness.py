"""The harness catches what it claims to: reads outside the allowed folders (through symlinks too),
writes outside the output folder, sockets, URLs, programs, memory and time beyond the bounds.

And the product's own entry point never imports code from the folder it runs in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from harness import Sandbox, run_cli

PROBES = {
    "read /etc/passwd": ("open('/etc/passwd').read()", "open /etc/passwd"),
    "read the canary": ("open('../canary.txt').read()", "canary.txt"),
    "read through a symlink": ("open('link.txt').read()", "canary.txt"),
    "list /etc": ("import os; os.listdir('/etc')", "os.listdir /etc"),
    "write in the event folder": ("open('new.txt', 'w').write('x')", "open-for-write"),
    "remove a source file": ("import os; os.remove('event.yaml')", "os.remove"),
    "socket": ("import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)", "socket."),
    "resolve a name": ("import socket; socket.getaddrinfo('example.com', 80)", "socket.getaddrinfo"),
    "url": ("import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/')", "urllib.Request"),
    "program": ("import subprocess; subprocess.run(['true'])", "subprocess.Popen"),
    "os.system": ("import os; os.system('true')", "os.system"),
    "pickle": ("import pickle, os; pickle.loads(pickle.dumps(os.getcwd))", "pickle.find_class"),
}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_hook_catches(sandbox: Sandbox, name: str) -> None:
    code, expected = PROBES[name]
    sandbox.write("event.yaml", "format: 1\n")
    (sandbox.event_dir / "link.txt").symlink_to(sandbox.canary)
    result = run_cli([], event_dir=sandbox.event_dir, out_dir=sandbox.out_dir,
                     extra_env={"HOSTILE_SELFTEST": code})
    assert any(expected in v for v in result.violations), result.describe()
    assert (sandbox.event_dir / "event.yaml").exists()
    assert not (sandbox.event_dir / "new.txt").exists()


def test_allowed_operations_pass(sandbox: Sandbox) -> None:
    # WeasyPrint through the product's importer: imported plainly, its library search runs gcc and ld.
    code = ("import babel.dates; from isp_recap.render.pdf.weasy import import_weasyprint; import_weasyprint(); "
            "open('event.yaml').read(); "
            "import os; os.makedirs(os.environ['OUT'], exist_ok=True); "
            "open(os.path.join(os.environ['OUT'], 'memo.en.html'), 'w').write('x')")
    sandbox.write("event.yaml", "format: 1\n")
    result = run_cli([], event_dir=sandbox.event_dir, out_dir=sandbox.out_dir,
                     extra_env={"HOSTILE_SELFTEST": code, "OUT": str(sandbox.out_dir)})
    assert result.returncode == 0 and not result.violations, result.describe()


def test_memory_and_time_are_bounded(sandbox: Sandbox) -> None:
    big = run_cli([], event_dir=sandbox.event_dir, extra_env={"HOSTILE_SELFTEST": "b = bytearray(2 << 30)"})
    assert big.returncode != 0 and "MemoryError" in big.stderr, big.describe()
    slow = run_cli([], event_dir=sandbox.event_dir, timeout=2,
                   extra_env={"HOSTILE_SELFTEST": "import time; time.sleep(10)"})
    assert slow.timed_out


def test_entry_point_never_imports_from_the_event_folder(sandbox: Sandbox) -> None:
    """`isp-recap` run inside a folder holding `typer.py`, `pydantic.py`, ...: none of them runs."""
    marker = sandbox.root / "ran.txt"
    for module in ("typer", "pydantic", "isp_recap", "ruamel", "rich", "click", "sitecustomize"):
        sandbox.write(f"{module}.py", f"open({str(marker)!r}, 'a').write({module!r} + '\\n')\n")
    sandbox.write("event.yaml", "format: 1\n")
    script = Path(sys.executable).parent / "isp-recap"
    assert script.is_file()
    subprocess.run([str(script), "validate", "event.yaml"], cwd=sandbox.event_dir, capture_output=True,
                   timeout=60, check=False)
    assert not marker.exists(), marker.read_text()
