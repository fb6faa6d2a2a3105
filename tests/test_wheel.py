"""A built wheel works on its own: the query catalogue ships inside the package.

The wheel is built from this checkout, installed into a fresh virtual environment (its
dependencies from the package index, as a user's ``pip install`` would get them) and run from
a folder outside the repository, so nothing can be found in the source tree by accident.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``ecosystem`` script of a fresh venv holding only the built wheel and its dependencies."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(dist), str(ROOT)],
        check=True, cwd=work,
    )
    (wheel,) = dist.glob("ecosystem-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         str(wheel)],
        check=True, cwd=work,
    )
    return env_dir / "bin" / "ecosystem"


def test_the_wheel_holds_the_query_catalogue_and_the_page_assets(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(tmp_path), str(ROOT)],
        check=True, cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("ecosystem-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {Path(n).name for n in names if n.startswith("ecosystem/stores/queries/")}
    in_repo = {p.name for p in (ROOT / "ecosystem" / "stores" / "queries").glob("*.cypher")}
    assert in_repo and shipped == in_repo
    assert "ecosystem/py.typed" in names


def test_queries_and_a_named_query_run_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    sample = tmp_path / "camera.yaml"
    sample.write_text((ROOT / "sample_graphs" / "camera.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    listing = subprocess.run([str(installed), "queries", "--format", "json"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=120)
    assert listing.returncode == 0, listing.stderr
    names = {q["name"] for q in json.loads(listing.stdout)}
    assert {"capability-providers", "capability-gaps"} <= names
    # The camera sample provides repair-network twice: fixright (line 30) and gearlogix (line 51).
    run = subprocess.run(
        [str(installed), "query", "capability-providers", str(sample), "--param", "capability=repair-network",
         "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert sorted(r["provider"] for r in rows) == ["fixright", "gearlogix"]
