"""Docs that cannot drift: the README's examples run, and every command is documented."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import ecosystem
from ecosystem.cli.main import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


FENCED = re.findall(r"^```(\w*)\n(.*?)^```$", README, flags=re.S | re.M)


def blocks(language: str) -> list[str]:
    return [text for lang, text in FENCED if lang == language]


CONSOLE = [line[2:] for block in blocks("console") for line in block.splitlines() if line.startswith("$ ")]


def test_every_cli_command_is_documented_in_the_readme() -> None:
    names = [
        f"{name} {sub}" if hasattr(command, "commands") else name
        for name, command in main.commands.items()
        for sub in (getattr(command, "commands", None) or [""])
    ]
    for name in names:
        name = name.strip()
        assert f"`ecosystem {name}" in README, f"ecosystem {name} is not in the README's command table"
        assert f"ecosystem {name}" in README.split("## Library")[0], f"no README example of {name}"


@pytest.mark.parametrize("line", CONSOLE)
def test_readme_console_examples_run(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if "../shared/datasets/" in line and not (ROOT.parent / "shared/datasets").is_dir():
        pytest.skip("../shared/datasets is not next to this clone")
    monkeypatch.chdir(ROOT)
    args = shlex.split(line)
    assert args[0] == "ecosystem"
    result = CliRunner().invoke(main, args[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout or result.stderr


def test_readme_yaml_example_is_a_valid_ecosystem(tmp_path: Path) -> None:
    (example,) = [b for b in blocks("yaml") if "focal:" in b]
    path = tmp_path / "readme.yaml"
    path.write_text(example, encoding="utf-8")
    eco = ecosystem.load(path)
    assert eco.focal == "lumen" and len(eco.capabilities()) == 4
    assert yaml.safe_load(example)["ecosystem"] == eco.name


def test_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    (code,) = blocks("python")
    assert code.startswith("import ecosystem\neco = ecosystem.load(")
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    # each `# comment` in the example is what that line prints
    expected = {i: m.group(1) for i, m in enumerate(re.finditer(r"print\(.*?\)\s+# (.*)", code))}
    assert printed[0] == expected[0] == "Lumen Cameras"
    assert printed[1] == expected[1]
    assert printed[2] == expected[2]


def test_readme_error_example_matches_the_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_validation import FIVE_PROBLEMS

    (block,) = [b for b in blocks("") if b.startswith("Error: 5 problems")]
    monkeypatch.chdir(tmp_path)
    Path("five.yaml").write_text(FIVE_PROBLEMS.lstrip("\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "five.yaml"])
    assert result.exit_code == 1
    assert result.stderr == block


def test_the_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in README and "bash scripts/test.sh" in ci
    assert os.access(ROOT / ".ci/run", os.X_OK)


def test_every_named_query_is_documented_in_the_readme() -> None:
    from ecosystem.stores.catalogue import catalogue

    for name, query in catalogue().items():
        row = next((line for line in README.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"named query {name} is not in the README's table"
        for param in query.parameters:
            assert f"`{param.name}`" in row, f"{name}'s parameter {param.name} is not in the README"


def test_every_guarantee_names_test_files_that_exist() -> None:
    section = README.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(tests/test_\w+\.py)`", section))
    assert len(re.findall(r"^\d\. \*\*", section, flags=re.M)) == 7
    assert named and all((ROOT / path).is_file() for path in named), named
    for test in re.findall(r"`(test_\w+)`", section):
        assert any(f"def {test}(" in (ROOT / path).read_text() for path in named), test


def test_every_public_name_of_the_package_resolves() -> None:
    import ast

    names = ecosystem.__all__
    assert len(names) == len(set(names)), "a name is twice in ecosystem.__all__"
    for name in names:
        assert getattr(ecosystem, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from ecosystem import *", namespace)
    assert set(names) <= set(namespace)
    listed = dir(ecosystem)
    assert set(names) <= set(listed) and "annotations" not in listed and "TYPE_CHECKING" not in listed
    # the analyses are at the top level, and are the library's own functions
    from ecosystem.analyses.gaps import capability_gaps

    assert ecosystem.capability_gaps is capability_gaps
    for name in ("central_integrators", "recommend_partners", "coverage", "customer_coverage", "what_if", "risks",
                 "explain_job", "communities", "cocreation_targets", "diff"):
        assert callable(getattr(ecosystem, name)) and name in names, name
    with pytest.raises(AttributeError, match="no attribute 'no_such_analysis'"):
        ecosystem.no_such_analysis  # noqa: B018
    # what type checkers are told (the TYPE_CHECKING imports) is what the lazy table loads
    tree = ast.parse(Path(ecosystem.__file__).read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING"]
    typed = {
        alias.asname or alias.name: node.module
        for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    lazy = {**ecosystem._LAZY, **{old: ecosystem._LAZY[new] for old, new in ecosystem._ALIASES.items()}}
    assert typed == lazy
    # a former name keeps working
    assert ecosystem.summarize is ecosystem.statistics
