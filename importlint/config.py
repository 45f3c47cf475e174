"""Find, read and validate the configuration: `[tool.importlint]` or `importlint.toml`.

One OPTIONS table drives validation, the README's config table and the docs.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError
from .markers import find_up, holds_any, is_repository_root

# the cache directory's default name (`cache-dir`); file discovery never enters one
CACHE_DIR_NAME = ".importlint_cache"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.9/3.10
    import tomli as tomllib


@dataclass(frozen=True)
class Option:
    key: str
    kind: str  # "int", "bool", "str" or "list[str]"
    default: str  # as shown in the docs
    doc: str


OPTIONS: tuple[Option, ...] = (
    Option("select", "list[str]", '["IL"]', "Rule codes or prefixes to enable (`IL`, `IL00`, `IL001`)."),
    Option("ignore", "list[str]", "[]", "Rule codes or prefixes to disable; applied after `select`."),
    Option(
        "max-level",
        "int",
        "not set",
        "Most dots a relative import may have (IL004); IL001 skips imports that would need more. "
        "0 bans relative imports.",
    ),
    Option(
        "exclude",
        "list[str]",
        "[]",
        "Glob patterns of files and directories to skip, relative to the config file "
        '(`"build/"`, `"**/migrations/*"`); added to the built-in excludes.',
    ),
    Option(
        "extend-exclude",
        "list[str]",
        "[]",
        "Patterns added to `exclude` (to the one a config it extends sets too), relative to the config file.",
    ),
    Option(
        "per-file-ignores",
        "table",
        "{}",
        'Glob pattern -> rule codes the files it matches skip (ruff\'s syntax: `{"tests/**" = ["IL001"]}`), '
        "relative to the config file; a pattern without `/` matches the file name at any depth, `!` negates.",
    ),
    Option(
        "extend-per-file-ignores",
        "table",
        "{}",
        "Added to `per-file-ignores` (to the ones a config it extends sets too).",
    ),
    Option(
        "extend",
        "str",
        "not set",
        "Another config file to inherit from (path relative to this one): its keys apply unless this file "
        "sets them; chains work.",
    ),
    Option(
        "src",
        "list[str]",
        "[]",
        "Directories that hold top-level packages (ruff's meaning); the package walk stops at them.",
    ),
    Option(
        "respect-gitignore",
        "bool",
        "true",
        "Skip files and directories git ignores (`.gitignore`, `.git/info/exclude`), as ruff does.",
    ),
    Option(
        "cache-dir",
        "str",
        f'"{CACHE_DIR_NAME}"',
        "Where the cache lives, relative to the config file (`--no-cache` skips it).",
    ),
    Option(
        "namespace-packages",
        "list[str]",
        "[]",
        "Directories that are PEP 420 namespace packages, with all their subdirectories "
        "(ruff's meaning); relative to the config file.",
    ),
)

KNOWN_KEYS = tuple(option.key for option in OPTIONS)
CONFIG_NAMES = ("importlint.toml", "pyproject.toml")


@dataclass(frozen=True)
class FileConfig:
    """The validated contents of one configuration file, and the one it extends."""

    path: str | None  # None: no file found, defaults only
    root: str  # the directory relative paths and excludes are taken from
    values: Mapping[str, Any]  # this file's own keys
    where: str = "config"  # how messages name the file
    base: FileConfig | None = None  # the config `extend` names

    def chain(self) -> list[FileConfig]:
        """The configs this one stands on, the farthest first, this one last."""
        layers: list[FileConfig] = []
        layer: FileConfig | None = self
        while layer is not None:
            layers.append(layer)
            layer = layer.base
        return layers[::-1]


def _section(path: str) -> dict[str, Any] | None:
    """The importlint table of a config file; None for a pyproject.toml without one."""
    try:
        info = os.stat(path)
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)  # an edit within one mtime tick
    except OSError:
        stamp = (0, 0, 0)
    return _read_section(path, stamp)


@functools.lru_cache(maxsize=32)
def _read_section(path: str, stamp: tuple[int, int, int]) -> dict[str, Any] | None:
    # find() and load() both need the table: read and parse each file once (per version)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{describe_location(path).partition(' [')[0]}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split())
        raise ConfigError(f"{describe_location(path).partition(' [')[0]}: invalid TOML: {reason}") from None
    if os.path.basename(path) != "pyproject.toml":
        return data
    tool = data.get("tool")
    section = tool.get("importlint") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.importlint] must be a table")
    return section


def config_in(directory: str) -> str | None:
    """The config file of `directory` itself, if it has one.

    `importlint.toml` wins over `pyproject.toml`; a pyproject.toml without a
    `[tool.importlint]` table does not count (ruff's rule).
    """
    for name in CONFIG_NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate) and (name != "pyproject.toml" or _section(candidate) is not None):
            return candidate
    return None


def find(start: str) -> str | None:
    """The nearest config file at or above `start`, stopping at the repository root:
    never read a config from outside the project."""
    directory = find_up(start, lambda d: config_in(d) is not None, stop=is_repository_root)
    return None if directory is None else config_in(directory)


def _validate(key: str, value: Any, kind: str, where: str) -> Any:
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: `{key}` must be an integer, got {_describe(value)}")
        if value < 0:
            raise ConfigError(f"{where}: `{key}` must be 0 or more, got {value}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: `{key}` must be true or false, got {_describe(value)}")
        return value
    if kind == "str":
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: `{key}` must be a non-empty string, got {_describe(value)}")
        return value
    if kind == "table":
        return _validate_table(key, value, where)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings, got {_describe(value)}")
    return list(value)


def _validate_table(key: str, value: Any, where: str) -> dict[str, list[str]]:
    """`per-file-ignores`: glob patterns to lists of rule codes (the codes are checked with `select`'s)."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a table of glob patterns to rule codes, got {_describe(value)}")
    for pattern, codes in value.items():
        if not pattern.lstrip("!"):
            raise ConfigError(f"{where}: `{key}`: an empty pattern")
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ConfigError(f"{where}: `{key}`: {pattern!r} must map to a list of rule codes, got {_describe(codes)}")
    return {pattern: list(codes) for pattern, codes in value.items()}


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return f"{type(value).__name__} {value!r}"


def _suggest(key: str) -> str:
    """ "did you mean `max-level`?" for a near miss (snake case, a typo), else every key."""
    import difflib  # only on this error path

    normalized = key.strip().lower().replace("_", "-")
    close = difflib.get_close_matches(normalized, KNOWN_KEYS, n=1, cutoff=0.75)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"known keys: {', '.join(KNOWN_KEYS)}"


def validate(section: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check every key and value of a config table; ConfigError names the first bad key."""
    kinds = {option.key: option.kind for option in OPTIONS}
    unknown = [key for key in section if key not in kinds]
    if unknown:
        raise ConfigError(f"{where}: unknown key `{unknown[0]}` ({_suggest(unknown[0])})")
    return {key: _validate(key, value, kinds[key], where) for key, value in section.items()}


def load(explicit: str | None, paths: Sequence[str]) -> FileConfig:
    """The run's configuration: `--config FILE`, else the nearest file above the paths."""
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise ConfigError(f"--config: {explicit}: no such file")
        path: str | None = os.path.abspath(explicit)
    else:
        path = find(common_parent(paths))
    if path is None:
        return FileConfig(None, project_root(common_parent(paths)), {})
    return read(path)


def read(path: str, below: tuple[str, ...] = ()) -> FileConfig:
    """One config file, validated, with the chain of files its `extend` names.

    `below`: the files whose `extend` led here, in the order followed (a cycle is an error).
    """
    path = os.path.abspath(path)
    where = describe_location(path)
    if os.path.realpath(path) in map(os.path.realpath, below):
        shown = [_shown(p) for p in (*below, path)]
        raise ConfigError(f"{describe_location(below[-1])}: `extend` makes a cycle: {' -> '.join(shown)}")
    values = validate(_section(path) or {}, where)
    base = None
    if "extend" in values:
        target = os.path.join(os.path.dirname(path), os.path.expanduser(values["extend"]))
        if not os.path.isfile(target):
            raise ConfigError(f"{where}: `extend`: {values['extend']}: no such file")
        base = read(os.path.normpath(target), (*below, path))
    return FileConfig(path, os.path.dirname(path), values, where, base)


def _shown(path: str) -> str:
    return describe_location(path).partition(" [")[0]


def describe_location(path: str) -> str:
    """How messages name a config file: relative below the working directory, else absolute."""
    shown = os.path.relpath(path)
    if shown.startswith(".."):
        shown = path
    if os.path.basename(path) == "pyproject.toml":
        shown += " [tool.importlint]"
    return shown


PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


def project_root(start: str) -> str:
    """Without a config file: the nearest directory at or above `start` that looks like a
    project's root (pyproject.toml, setup.py, setup.cfg, .git), else `start` itself. The
    cache lives there, never in an unrelated working directory."""
    return find_up(start, holds_any(PROJECT_MARKERS)) or os.path.abspath(start)


def common_parent(paths: Sequence[str]) -> str:
    """The deepest directory holding every path (a file counts as its directory)."""
    dirs = []
    for path in paths:
        full = os.path.abspath(path)
        dirs.append(full if os.path.isdir(full) else os.path.dirname(full))
    if not dirs:
        return os.getcwd()
    try:
        return os.path.commonpath(dirs)
    except ValueError:  # different drives on Windows
        return os.getcwd()
