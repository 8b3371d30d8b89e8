"""Which stores the app may open: the operator's list, never a path typed in a browser (no streamlit).

The operator names stores with ``--db PATH`` (after ``streamlit run
streamlit_app.py --``), the ``MAPAPP_DB`` variable and a TOML list of named
stores (``--stores FILE``, ``MAPAPP_STORES``, else
``<user config folder>/mapapp/stores.toml`` when it exists)::

    [stores]
    "Syria 2018" = "/data/syria.sqlite3"
    "Seeds" = "seeds.sqlite3"          # relative to the list's folder
    "Team" = "postgresql://analyst@db.example/incidents"

The page offers these by name; a visitor picks one and cannot name any other
file. A store the operator named must exist: a missing one is an error and is
never created. Only when the operator names none does the app use the
default store in the user data folder, which it creates and fills with the
seed articles on first start.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mapapp.errors import StoreError
from mapapp.store import StoreTarget, default_db_path, describe_target, parse_target

STORES_FILENAME = "stores.toml"


@dataclass(frozen=True, slots=True)
class StoreChoice:
    """A store the page may open: its ``name`` as shown, its ``path``, and whether it is the default.

    Only the default store (no store named by the operator) may be created,
    and seeded, when missing.
    """

    name: str
    path: StoreTarget
    default: bool = False

    def problem(self) -> str | None:
        """Why the store cannot be opened as it is, or ``None``.

        >>> StoreChoice("x", Path("/nonexistent/x.sqlite3")).problem()
        'no incident store at /nonexistent/x.sqlite3 (stores are never created by the app: make one with `mapapp ingest --db /nonexistent/x.sqlite3 FILES`)'
        """
        if not isinstance(self.path, Path):
            return None  # a server store: opening it says what is wrong
        if self.path.is_dir():
            return f"{self.path} is a folder, not an incident store file"
        if self.default or self.path.is_file():
            return None
        return (
            f"no incident store at {self.path} (stores are never created by the app: "
            f"make one with `mapapp ingest --db {self.path} FILES`)"
        )


def _arg(argv: Sequence[str], name: str) -> str | None:
    args = list(argv)
    for k, arg in enumerate(args):
        if arg == name and k + 1 < len(args) and args[k + 1].strip():
            return args[k + 1]
        if arg.startswith(name + "=") and arg[len(name) + 1 :].strip():
            return arg[len(name) + 1 :]
    return None


def read_store_list(path: Path) -> list[StoreChoice]:
    """The named stores of a ``stores.toml`` (see the module doc).

    Raises
    ------
    StoreError
        Naming the file, when it cannot be read, is not TOML, or its
        ``[stores]`` table is missing or holds anything but ``name = "path"``.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the store list: {exc}") from None
    table = data.get("stores")
    if not isinstance(table, dict) or not table:
        raise StoreError(f'{path}: no [stores] table (expected lines like "Name" = "/path/store.sqlite3")')
    choices = []
    for name, value in table.items():
        if not isinstance(value, str) or not value.strip() or not name.strip():
            raise StoreError(f"{path}: store {name!r} must be a name and a file path in quotes")
        target = parse_target(value.strip())
        if isinstance(target, Path):
            target = target.expanduser()
            target = target if target.is_absolute() else path.parent / target
        choices.append(StoreChoice(name.strip(), target))
    return choices


def store_list_path(argv: Sequence[str], *, env: Mapping[str, str]) -> Path | None:
    """The store list the operator gave (``--stores``, ``MAPAPP_STORES``), else the user's if it exists."""
    given = _arg(argv, "--stores") or env.get("MAPAPP_STORES", "").strip()
    if given:
        return Path(given).expanduser()
    import platformdirs

    found = Path(platformdirs.user_config_dir("mapapp", appauthor=False)) / STORES_FILENAME
    return found if found.is_file() else None


def configured_stores(argv: Sequence[str], *, env: Mapping[str, str] = os.environ) -> tuple[StoreChoice, ...]:
    """Every store the operator named, first ``--db``, then ``MAPAPP_DB``, then the list; else the default.

    Names are unique (a later store with a taken name gets its file name added).

    >>> [(c.name, str(c.path), c.default) for c in configured_stores(["--db", "/tmp/a.sqlite3"], env={})]
    [('a', '/tmp/a.sqlite3', False)]
    >>> configured_stores([], env={"MAPAPP_STORES": "/nonexistent.toml"})
    Traceback (most recent call last):
    ...
    mapapp.errors.StoreError: /nonexistent.toml: cannot read the store list: [Errno 2] No such file or directory: '/nonexistent.toml'
    """
    found: list[StoreChoice] = []
    for given in (_arg(argv, "--db"), env.get("MAPAPP_DB", "").strip()):
        if given:
            target = parse_target(given)
            if isinstance(target, Path):
                target = target.expanduser()
                found.append(StoreChoice(target.stem or str(target), target))
            else:  # a server store, named without its password
                found.append(StoreChoice(describe_target(target), target))
    listed = store_list_path(argv, env=env)
    if listed is not None:
        found += read_store_list(listed)
    if not found:
        return (StoreChoice("Default store", default_db_path(env={}), default=True),)
    unique: dict[str, StoreChoice] = {}
    for choice in found:
        if any(c.path == choice.path for c in unique.values()):
            continue
        suffix = choice.path.name if isinstance(choice.path, Path) else describe_target(choice.path)
        name = choice.name if choice.name not in unique else f"{choice.name} ({suffix})"
        unique[name] = StoreChoice(name, choice.path, choice.default)
    return tuple(unique.values())
