"""The CLI: every command, its output formats, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import ecosystem
from ecosystem.cli.main import main

from .conftest import SAMPLES
from .test_validation import FIVE_PROBLEMS

CAMERA = str(SAMPLES / "camera.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok() -> None:
    code, out, _ = run("validate", CAMERA)
    assert code == 0
    assert out == f"{CAMERA} is valid: 41 nodes, 76 relationships, focal firm 'lumen'\n"


def test_validate_prints_all_five_problems_and_exits_non_zero(write) -> None:  # type: ignore[no-untyped-def]
    path = write("five.yaml", FIVE_PROBLEMS)
    code, out, err = run("validate", str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"Error: 5 problems in {path}:\n")
    assert len([line for line in err.splitlines() if line.startswith(f"  {path}:")]) == 5
    assert "Traceback" not in err


def test_stats_table_names_the_focal_firm_and_its_partners() -> None:
    code, out, _ = run("stats", CAMERA)
    assert code == 0
    assert "Focal firm: Lumen Cameras (lumen)" in out
    assert "41 nodes: 1 firm, 11 partner, 3 customer, 5 job, 17 capability, 4 unit" in out
    assert "optica      Optica Lenses" in out
    assert "Capabilities nobody provides (1): battery-recycling" in out


def test_stats_json_parses_back_to_the_library_summary() -> None:
    code, out, _ = run("stats", CAMERA, "--format", "json")
    assert code == 0
    data = json.loads(out)
    summary = ecosystem.statistics(ecosystem.load(CAMERA))
    assert data["nodes"] == summary.nodes and data["relationships"] == summary.relationships
    assert [p["id"] for p in data["partners"]] == [p.id for p in summary.partners]
    # counted independently from the sample file: 7 PARTNERS_WITH from lumen
    assert len(data["partners"]) == 7 and data["unprovided"] == ["battery-recycling"]


def test_stats_csv_is_one_table() -> None:
    code, out, _ = run("stats", CAMERA, "--format", "csv")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "section,key,value"
    assert "nodes,partner,11" in lines and "partner,optica,Optica Lenses" in lines


@pytest.mark.parametrize("target", ["out.json", "out.yaml", "out_csv"])
def test_convert_writes_the_same_ecosystem(tmp_path: Path, target: str) -> None:
    out = tmp_path / target
    code, stdout, err = run("convert", CAMERA, str(out))
    assert code == 0 and stdout == ""
    assert "41 nodes, 76 relationships" in err
    assert ecosystem.load(out) == ecosystem.load(CAMERA)


def test_convert_with_explicit_format(tmp_path: Path) -> None:
    code, _, _ = run("convert", CAMERA, str(tmp_path / "weird.txt"), "--to", "json")
    assert code == 0
    assert json.loads((tmp_path / "weird.txt").read_text())["focal"] == "lumen"


def test_convert_of_a_bad_file_writes_nothing(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = write("five.yaml", FIVE_PROBLEMS)
    code, _, err = run("convert", str(bad), str(tmp_path / "out.json"))
    assert code == 1 and err.startswith("Error: 5 problems")
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("scheme", ["neo4j", "bolt"])
def test_a_neo4j_uri_with_no_server_is_a_clear_error(scheme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "secret-password-1")
    code, out, err = run("stats", f"{scheme}://127.0.0.1:1")
    assert code == 1 and out == ""
    assert err.startswith(f"Error: cannot reach Neo4j at {scheme}://127.0.0.1:1: is the server running")
    assert "secret-password-1" not in err and "Traceback" not in err


def test_credentials_in_a_uri_are_never_echoed() -> None:
    code, _, err = run("stats", "bolt://neo4j:hunter2@127.0.0.1:1")
    assert code == 1 and "hunter2" not in err


def test_missing_file_is_an_error_not_a_traceback() -> None:
    code, _, err = run("stats", "no/such/file.yaml")
    assert code == 1 and err == "Error: no/such/file.yaml: no such file or folder\n"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "Example:" in out
