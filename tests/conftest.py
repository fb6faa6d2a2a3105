"""Shared test helpers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_graphs"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a (dedented) text or bytes file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return _write


MINIMAL = """
ecosystem: Mini
focal: acme
firms:
  - id: acme
    name: Acme
    provides: [design]
    partners: [cloud]
partners:
  - id: cloud
    name: CloudCo
    provides: [hosting]
customers:
  - id: smb
    name: Small businesses
    jobs:
      - {job: run-shop, importance: 8, satisfaction: 3}
jobs:
  - id: run-shop
    name: Run an online shop
    requires: [design, hosting]
capabilities:
  - {id: design, name: Design, kind: skill}
  - {id: hosting, name: Hosting, kind: resource}
"""
