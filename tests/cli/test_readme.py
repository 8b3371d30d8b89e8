"""The README's command synopses name exactly the options the parsers accept."""

from __future__ import annotations

import argparse
import re

import pytest

from mapapp.cli import build_parser
from tests.helpers import REPO_ROOT

_FLAG = re.compile(r"(?<![\w-])(--?[a-z][\w-]*)(?:\s+([a-z0-9]+(?:\|[a-z0-9]+)+)(?![\w|]))?")


def readme_synopses() -> dict[str, list[str]]:
    """Synopsis lines of the README's "Command line" block, by subcommand."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    found: dict[str, list[str]] = {}
    for line in block.splitlines():
        words = line.split()
        command = words[words.index(".venv/bin/mapapp") + 1]
        found.setdefault(command, []).append(line)
    return found


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_command_has_a_synopsis() -> None:
    assert sorted(readme_synopses()) == sorted(subparsers())


@pytest.mark.parametrize("command", sorted(subparsers()))
def test_synopsis_names_every_option_and_no_other(command: str) -> None:
    lines = readme_synopses()[command]
    written = {flag for line in lines for flag, _ in _FLAG.findall(line)}
    actions = [
        a
        for a in subparsers()[command]._actions
        if a.option_strings and not isinstance(a, argparse._HelpAction)
    ]
    known = {flag for a in actions for flag in a.option_strings}
    assert written - known == set(), f"README names options {command} does not have"
    undocumented = [a.option_strings for a in actions if not set(a.option_strings) & written]
    assert undocumented == [], f"README misses options of {command}"


@pytest.mark.parametrize("command", sorted(subparsers()))
def test_synopsis_choices_match_the_parser(command: str) -> None:
    by_flag = {f: a for a in subparsers()[command]._actions for f in a.option_strings}
    for line in readme_synopses()[command]:
        for flag, choices in _FLAG.findall(line):
            if choices:
                assert set(choices.split("|")) == set(by_flag[flag].choices or ()), (command, flag)
