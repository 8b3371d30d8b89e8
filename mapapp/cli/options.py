"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` accepting whole numbers from ``low`` to ``high``.

    >>> int_between(1, 64)("2")
    2
    >>> int_between(1, 64)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be between 1 and 64, not 0
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {value}")
        return value

    return parse
