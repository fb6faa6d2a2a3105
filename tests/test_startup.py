"""Start-up stays light: the commands that need no analysis load no heavy library.

Each case runs in a fresh interpreter (a subprocess), since this test session has long since
imported everything.  What is checked is which modules are loaded, never how long it took:
the timing is ``benchmarks/bench_startup.py``'s job.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

#: Libraries that only some commands (or file formats) need; each costs 0.05-0.4 s to import.
HEAVY = ("igraph", "matplotlib", "neo4j", "pyvis", "jinja2", "openpyxl", "python_calamine", "numpy")

_PROBE = """
import json, sys
args, heavy = json.loads(sys.argv[1]), sys.argv[2:]
code = 0
if args is not None:
    from ecosystem.cli.main import main
    try:
        main(args, prog_name="ecosystem")
    except SystemExit as stop:
        code = stop.code
else:
    import ecosystem
print(json.dumps({"code": code, "heavy": sorted(m for m in heavy if m in sys.modules)}))
"""


def loaded(args: list[str] | None) -> tuple[int, list[str], str]:
    """Run the CLI with ``args`` (or only ``import ecosystem``) in a fresh interpreter:
    its exit status, the heavy libraries it loaded, and what the command printed."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args), *HEAVY], capture_output=True, text=True, cwd=ROOT, check=True
    )
    *printed, last = done.stdout.splitlines()
    probe = json.loads(last)
    return probe["code"], probe["heavy"], "\n".join(printed)


def test_validate_loads_no_heavy_library_not_even_numpy() -> None:
    code, heavy, printed = loaded(["validate", "sample_graphs/camera.yaml"])
    assert code == 0 and printed == "sample_graphs/camera.yaml is valid: 41 nodes, 76 relationships, focal firm 'lumen'"
    assert heavy == []


def test_stats_loads_no_igraph_matplotlib_neo4j_pyvis_or_excel_reader() -> None:
    code, heavy, printed = loaded(["stats", "sample_graphs/camera.yaml"])
    assert code == 0 and "Focal firm: Lumen Cameras (lumen)" in printed
    assert set(heavy) <= {"numpy"}, heavy


def test_convert_loads_no_heavy_library(tmp_path: Path) -> None:
    code, heavy, _ = loaded(["convert", "sample_graphs/camera.yaml", str(tmp_path / "camera.json")])
    assert code == 0 and (tmp_path / "camera.json").is_file()
    assert heavy == []


@pytest.mark.parametrize("args", [["--help"], ["map", "--help"], ["load", "--help"]], ids=" ".join)
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    code, heavy, printed = loaded(args)
    assert code == 0 and "Usage: ecosystem" in printed
    assert heavy == []


def test_import_ecosystem_is_light_and_an_analysis_loads_on_first_use() -> None:
    assert loaded(None)[1] == []
    # the control: the probe does see a heavy library when a command needs one (gaps uses numpy)
    code, heavy, _ = loaded(["gaps", "sample_graphs/camera.yaml", "--format", "csv"])
    assert code == 0 and "numpy" in heavy
