"""The documentation's shell examples run as written (one of them emptied the graph). Each listed
section's first `bash` block is read from its page, and every `kg` command in it runs against the test server:
`&&` chains stop at the first failure, a pipe's right side is left to the shell, `#` starts a comment."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import graph_snapshot

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = [("README.md", "Ten questions"), ("docs/statistics.md", "Statistics and exports")]


def section_commands(title: str, text: str) -> list[list[list[str]]]:
    """The `kg` commands of a section's first bash block: per line, the `&&`-chained commands as argv lists."""
    section = text.split(f"## {title}\n", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    lines = []
    for line in block.splitlines():
        code = line.split(" #", 1)[0].split("|", 1)[0].strip()
        if code.startswith("kg "):
            lines.append([shlex.split(part)[1:] for part in code.split("&&")])
    return lines


def test_commands_are_read_as_a_shell_would():
    text = "## Demo\n```bash\nkg a -o x.json && kg b --yes   # note\nkg c -o - | head\n# kg d\n```\n"
    assert section_commands("Demo", text) == [[["a", "-o", "x.json"], ["b", "--yes"]], [["c", "-o", "-"]]]


@pytest.mark.parametrize("page, title", SECTIONS)
def test_the_documented_examples_run(page, title, run_kg, seeded_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = graph_snapshot(seeded_db)
    lines = section_commands(title, (ROOT / page).read_text(encoding="utf-8"))
    assert lines
    for chain in lines:
        for argv in chain:
            result = run_kg(*argv)
            assert result.exit_code == 0, (argv, result.output)
    assert graph_snapshot(seeded_db) == before  # the round trip at the end gives the graph back whole
