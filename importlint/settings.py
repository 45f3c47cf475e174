"""The settings a file is checked with: rule selection (ruff's prefix semantics), the
configuration's layers (`extend`), the command line's overrides, per-file-ignores, and
which config each file gets (the nearest one above it, as ruff finds it)."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import config
from .errors import ConfigError, UsageError
from .rules import ALL_RULES

ALL_CODES: tuple[str, ...] = tuple(rule.code for rule in ALL_RULES)
# opt-in rules (IL007) are selected only by their full code, never by a prefix such as `IL`
OPT_IN: frozenset[str] = frozenset(rule.code for rule in ALL_RULES if rule.opt_in)
DEFAULT_CODES: tuple[str, ...] = tuple(code for code in ALL_CODES if code not in OPT_IN)

_SELECTOR = re.compile(r"IL[0-9]{0,3}")


def parse_selectors(values: Sequence[str], where: str) -> tuple[str, ...]:
    """Validated rule selectors (`IL`, `IL00`, `IL001`, `ALL`), upper-cased.

    Raises ValueError naming the first selector that matches no rule.
    """
    out = []
    for raw in values:
        value = raw.strip().upper()
        if value == "ALL":
            value = "IL"
        if not _SELECTOR.fullmatch(value) or not any(code.startswith(value) for code in ALL_CODES):
            raise ValueError(f"{where}: unknown rule selector `{raw}`")
        out.append(value)
    return tuple(out)


def select_codes(enabled: frozenset[str], select: Sequence[str] | None, ignore: Sequence[str]) -> frozenset[str]:
    """Apply one layer of select/ignore to a rule set: `select` replaces it, `ignore` removes from it.

    Layers run config first, then the command line, so a CLI `--select` overrides the
    file's `select` and `ignore` alike (ruff's behaviour).
    """
    if select is not None:
        enabled = frozenset(code for code in ALL_CODES if any(_selects(code, s) for s in select))
    return frozenset(code for code in enabled if not any(code.startswith(s) for s in ignore))


def _selects(code: str, selector: str) -> bool:
    return code == selector if code in OPT_IN else code.startswith(selector)


# -- per-file-ignores: ruff's globs ----------------------------------------------------


@functools.lru_cache(maxsize=256)
def _ruff_glob(pattern: str) -> re.Pattern[str]:
    """A regex for a glob as ruff (globset's defaults) reads it: `*` and `?` cross `/`,
    `**/` may match nothing, `[...]`/`[!...]` are classes, `{a,b}` alternatives (ripgrep's
    globset: https://docs.rs/globset)."""
    return re.compile(_glob_source(pattern) + r"\Z", re.DOTALL)


def _glob_source(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i) and (i == 0 or pattern[i - 1] == "/"):
            out.append("(?:.*/)?")
            i += 3
            continue
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[" and pattern.find("]", i + 2) != -1:
            end = pattern.find("]", i + 2)
            out.append(_glob_class(pattern[i + 1 : end]))
            i = end
        elif char == "{" and "}" in pattern[i:]:
            end = pattern.index("}", i)
            out.append("(?:" + "|".join(_glob_source(part) for part in pattern[i + 1 : end].split(",")) + ")")
            i = end
        elif char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 1
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _glob_class(body: str) -> str:
    """`[!a-z]` and `[^a-z]` negate (globset takes both); a later `^` or a `\\` is literal."""
    negate = body.startswith(("!", "^"))
    body = (body[1:] if negate else body).replace("\\", "\\\\").replace("^", "\\^")
    return f"[{'^' if negate else ''}{body}]"


@dataclass(frozen=True)
class PerFileIgnore:
    """One `per-file-ignores` entry, as ruff applies it: the pattern is matched against the
    file's name and against its absolute path (the pattern taken relative to the
    directory of the config that sets it); `!pattern` applies to the files it misses."""

    directory: str  # absolute: the config's directory
    pattern: str
    codes: frozenset[str]

    def applies(self, path: str) -> bool:
        negated = self.pattern.startswith("!")
        pattern = self.pattern[1:] if negated else self.pattern
        absolute = os.path.normpath(os.path.join(self.directory, pattern)).replace(os.sep, "/")
        if pattern.endswith("/"):
            absolute += "/"  # normpath drops it; globset keeps it (it then matches no file)
        name = os.path.basename(path)
        full = os.path.abspath(path).replace(os.sep, "/")
        matched = bool(_ruff_glob(pattern).match(name) or _ruff_glob(absolute).match(full))
        return matched != negated


def _per_file_ignores(directory: str, table: Mapping[str, Sequence[str]], where: str) -> list[PerFileIgnore]:
    out = []
    for pattern, selectors in table.items():
        parsed = _selectors(selectors, f"{where} {pattern!r}", ConfigError) or ()
        codes = frozenset(code for code in ALL_CODES if any(code.startswith(s) for s in parsed))
        out.append(PerFileIgnore(directory, pattern, codes))
    return out


# -- settings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Everything a file's verdict depends on besides its bytes and the tree."""

    enabled: frozenset[str] = frozenset(DEFAULT_CODES)
    max_level: int | None = None
    exclude: tuple[str, ...] = ()  # relative to project_root
    src: tuple[str, ...] = ()  # absolute directories
    namespace_packages: tuple[str, ...] = ()  # absolute directories
    project_root: str = "."  # absolute; exclude globs are relative to it
    config_file: str | None = None
    unsafe_fixes: bool = False
    force_exclude: bool = False
    cache_dir: str | None = None  # absolute when read from a config; a relative one is taken from the project root
    respect_gitignore: bool = True  # skip what git ignores (ruff's default)
    # (directory, pattern): excludes from the configs `extend` reached, relative to their own directory
    extended_exclude: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    # how files under other configs get theirs (None: these settings hold for every file,
    # as with `--config` or settings an API caller built); never compared, never in a cache key
    resolver: Resolver | None = field(default=None, compare=False, repr=False)

    def is_enabled(self, code: str) -> bool:
        return code in self.enabled

    def for_file(self, path: str) -> Settings:
        """These settings narrowed by the per-file-ignores that match `path`."""
        ignored = frozenset().union(*(entry.codes for entry in self.per_file_ignores if entry.applies(path)))
        if not ignored & self.enabled:
            return self
        return _narrowed(self, ignored)


@functools.lru_cache(maxsize=64)
def _narrowed(settings: Settings, ignored: frozenset[str]) -> Settings:
    # one object per combination: a run groups its files' linters and cache keys by settings
    return dataclasses.replace(settings, enabled=settings.enabled - ignored, resolver=None)


def settings_for(settings: Settings, path: str) -> Settings:
    """The settings the file at `path` is checked with in a run made with `settings`: the
    nearest config above it (unless the run has one config for all files), then the run's
    command-line overrides, then the per-file-ignores that match it."""
    if settings.resolver is not None:
        settings = settings.resolver.for_directory(os.path.dirname(os.path.abspath(path)))
    return settings.for_file(path)


# -- resolving: config layers, then the command line ------------------------------------


@dataclass(frozen=True)
class Overrides:
    """What the command line (or an API caller) sets over the config file."""

    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    max_level: int | None = None
    unsafe_fixes: bool = False
    force_exclude: bool = False
    respect_gitignore: bool = True  # False: --no-respect-gitignore


def _selectors(values: Sequence[str] | None, where: str, error: type[Exception]) -> tuple[str, ...] | None:
    if values is None:
        return None
    try:
        return parse_selectors(values, where)
    except ValueError as exc:
        raise error(str(exc)) from None


def _absolute(directory: str, values: Sequence[str]) -> tuple[str, ...]:
    return tuple(os.path.normpath(os.path.join(directory, value)) for value in values)


def _layered(loaded: config.FileConfig) -> dict[str, Any]:
    """The keys of a config and those it extends, the nearest file's winning; paths made
    absolute against the file that sets them; `extend-*` keys added up along the chain."""
    out: dict[str, Any] = {"enabled": frozenset(DEFAULT_CODES), "exclude": [], "per-file-ignores": []}
    extra_exclude: list[tuple[str, str]] = []
    extra_ignores: list[PerFileIgnore] = []
    for layer in loaded.chain():
        values, where, root = layer.values, layer.where, layer.root
        out["enabled"] = select_codes(
            out["enabled"],
            _selectors(values.get("select"), f"{where}: `select`", ConfigError),
            _selectors(values.get("ignore", []), f"{where}: `ignore`", ConfigError) or (),
        )
        for key in ("max-level", "respect-gitignore"):
            if key in values:
                out[key] = values[key]
        if "cache-dir" in values:
            out["cache-dir"] = os.path.normpath(os.path.join(root, values["cache-dir"]))
        for key in ("src", "namespace-packages"):
            if key in values:
                out[key] = _absolute(root, values[key])
        if "exclude" in values:
            out["exclude"] = [(root, pattern) for pattern in values["exclude"]]
        extra_exclude += [(root, pattern) for pattern in values.get("extend-exclude", [])]
        if "per-file-ignores" in values:
            table = values["per-file-ignores"]
            out["per-file-ignores"] = _per_file_ignores(root, table, f"{where}: `per-file-ignores`")
        table = values.get("extend-per-file-ignores", {})
        extra_ignores += _per_file_ignores(root, table, f"{where}: `extend-per-file-ignores`")
    out["exclude"] += extra_exclude
    out["per-file-ignores"] += extra_ignores
    return out


def _build(loaded: config.FileConfig, overrides: Overrides) -> Settings:
    """One config's settings (with the configs it extends), then the command line's overrides."""
    values = _layered(loaded)
    enabled = select_codes(
        values["enabled"],
        _selectors(overrides.select, "--select", UsageError),
        _selectors(overrides.ignore or [], "--ignore", UsageError) or (),
    )
    max_level = overrides.max_level
    if max_level is not None and (isinstance(max_level, bool) or not isinstance(max_level, int) or max_level < 0):
        raise UsageError(f"--max-level: expected a non-negative integer, got {max_level!r}")
    if max_level is None:
        max_level = values.get("max-level")
    exclude: list[tuple[str, str]] = values["exclude"]
    return Settings(
        enabled=enabled,
        max_level=max_level,
        exclude=tuple(pattern for root, pattern in exclude if root == loaded.root),
        extended_exclude=tuple((root, pattern) for root, pattern in exclude if root != loaded.root),
        src=values.get("src", ()),
        namespace_packages=values.get("namespace-packages", ()),
        project_root=loaded.root,
        config_file=loaded.path,
        unsafe_fixes=overrides.unsafe_fixes,
        force_exclude=overrides.force_exclude,
        cache_dir=values.get("cache-dir"),
        respect_gitignore=values.get("respect-gitignore", True) and overrides.respect_gitignore,
        per_file_ignores=tuple(values["per-file-ignores"]),
    )


class Resolver:
    """Which settings each directory's files get in one run: those of the nearest config
    above it (up to the repository root), with the run's overrides. Remembers what it
    found for the run's length only: a config may appear or change between runs."""

    def __init__(self, overrides: Overrides, run: Settings) -> None:
        self.overrides = overrides
        # the codes some config may still turn on under the command line's select/ignore
        self.possible = select_codes(
            frozenset(ALL_CODES),
            _selectors(overrides.select, "--select", UsageError),
            _selectors(overrides.ignore or [], "--ignore", UsageError) or (),
        )
        self._nearest: dict[str, str | None] = {}  # directory -> its config file
        self._by_root: dict[str, Settings] = {}  # no config above: defaults at a project root
        self.adopt(run)

    def adopt(self, run: Settings) -> None:
        """`run`: the settings of the config found for the run's paths (the run's own)."""
        self.run = run
        self._by_config: dict[str | None, Settings] = {run.config_file: run}

    def config_file(self, directory: str) -> str | None:
        """The nearest config file at or above `directory`, stopping at the repository root."""
        directory = os.path.abspath(directory)
        known = self._nearest
        if directory in known:
            return known[directory]
        from .markers import find_up, is_repository_root

        found = find_up(directory, lambda d: d in known or config.config_in(d) is not None, stop=is_repository_root)
        if found is None:
            answer = None
        else:
            answer = known[found] if found in known else config.config_in(found)
        known[directory] = answer
        return answer

    def for_directory(self, directory: str) -> Settings:
        """The settings of files in `directory`. Raises ConfigError for a bad config file."""
        path = self.config_file(directory)
        settings = self._by_config.get(path)
        if settings is not None:
            return settings
        if path is None:  # outside any config, under a run that has one (a nested repository)
            root = config.project_root(directory)
            if root not in self._by_root:
                self._by_root[root] = _build(config.FileConfig(None, root, {}), self.overrides)
            return self._by_root[root]
        settings = self._by_config[path] = _build(config.read(path), self.overrides)
        return settings


def resolve_settings(config_file: str | None, paths: Sequence[str], overrides: Overrides) -> Settings:
    """The run's settings: the config file (`--config`, else the one found for `paths`),
    then the command line's overrides. Without `--config`, each file gets its nearest
    config's (`settings_for`). Raises ConfigError / UsageError."""
    settings = _build(config.load(config_file, paths), overrides)
    if config_file is not None:
        return settings
    resolver = Resolver(overrides, settings)
    settings = dataclasses.replace(settings, resolver=resolver)
    resolver.adopt(settings)  # the files under the run's own config get these very settings
    return settings
