"""The guarantees of the README's "Guarantees" section that have no better home."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import ecosystem
from ecosystem import SourceError
from ecosystem.formats import files

from .conftest import ROOT, SAMPLES


def test_an_interrupted_write_leaves_the_previous_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    target = tmp_path / "out.json"
    ecosystem.save(eco, target)
    before = target.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    smaller = eco.copy()
    smaller.remove_node("astrovision")
    with pytest.raises(KeyboardInterrupt):
        ecosystem.save(smaller, target)
    assert target.read_bytes() == before  # the good file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # and no temporary file is left


def test_an_interrupted_csv_folder_write_leaves_the_previous_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    ecosystem.save(eco, tmp_path / "csv")
    before = {p.name: p.read_bytes() for p in (tmp_path / "csv").iterdir()}
    original = Path.write_text
    calls = []

    def fail_on_second(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", fail_on_second)
    with pytest.raises(OSError):
        ecosystem.save(ecosystem.load(SAMPLES / "aero_engine.yaml"), tmp_path / "csv")
    assert {p.name: p.read_bytes() for p in (tmp_path / "csv").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]


def test_huge_yaml_is_refused_with_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("focal: a\n" + "# padding\n" * 200, encoding="utf-8")
    monkeypatch.setattr(files, "MAX_YAML_BYTES", 1000)
    with pytest.raises(SourceError, match="convert it to JSON or a CSV folder"):
        ecosystem.load(path)


def test_a_million_row_csv_streams_with_progress_and_bounded_memory(tmp_path: Path) -> None:
    folder = tmp_path / "million"
    folder.mkdir()
    with open(folder / "nodes.csv", "w", encoding="utf-8") as out:
        out.write("id,type,name,kind\nf,firm,Focal,\n")
        for i in range(1_000_000 - 1):
            out.write(f"c{i},capability,Capability {i},skill\n")
    (folder / "relationships.csv").write_text("type,from,to\nPROVIDES,f,c1\n", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        import ecosystem
        calls = []
        eco = ecosystem.load({str(folder)!r}, progress=calls.append)
        print(len(eco), len(calls), max(calls), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=600)
    nodes, progress_calls, last, peak_mib = map(int, out.stdout.split())
    assert nodes == 1_000_000
    assert progress_calls >= 100 and last == 1_000_000  # a counter every 10,000 rows, up to the total
    # The graph itself holds ~1M nodes (networkx dicts); the file (~35 MB) is never held whole in memory.
    assert peak_mib < 1500, f"peak memory {peak_mib} MiB"
