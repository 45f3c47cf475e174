"""Tables for the package-tree model: name arithmetic (pure) and the disk scanner."""

from __future__ import annotations

import importlib.util
import itertools
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from importlint.tree import ModuleInfo, PackageTree, is_within, relative_form, resolve

# --------------------------------------------------------------------------- resolve


PACKAGES = ("", "P", "P.a", "P.a.b", "P.a.b.c")
LEVELS = (0, 1, 2, 3, 4, 5)
MODULES = (None, "x", "x.y", "a", "a.b.c")


def _grid() -> Iterable[object]:
    for package, level, module in itertools.product(PACKAGES, LEVELS, MODULES):
        if level == 0 and module is None:
            continue  # `import` always names a module; checked on its own below
        yield pytest.param(
            package, level, module, id=f"pkg={package or '<none>'}-level={level}-module={module or '<none>'}"
        )


def _expected(package: str, level: int, module: str | None) -> str | None:
    """What importlib resolves the import to, or None where it raises ImportError."""
    try:
        return importlib.util.resolve_name("." * level + (module or ""), package or None)
    except ImportError:
        return None


@pytest.mark.parametrize(("package", "level", "module"), list(_grid()))
def test_resolve_agrees_with_importlib(package: str, level: int, module: str | None) -> None:
    expected = _expected(package, level, module)
    if expected is None:
        with pytest.raises(ValueError):
            resolve(level, module, package)
    else:
        assert resolve(level, module, package) == expected


@pytest.mark.parametrize(
    ("level", "module", "package", "expected"),
    [
        pytest.param(1, "b", "P.a", "P.a.b", id="one-dot-is-the-package-itself"),
        pytest.param(2, None, "P.sub", "P", id="two-dots-no-module-is-the-parent"),
        pytest.param(3, None, "P.a.b", "P", id="deepest-valid-level-reaches-top-level"),
        pytest.param(1, "", "P", "P", id="empty-module-same-as-none"),
        pytest.param(0, "os.path", "P.a", "os.path", id="absolute-ignores-package"),
    ],
)
def test_resolve_examples(level: int, module: str | None, package: str, expected: str) -> None:
    assert resolve(level, module, package) == expected


@pytest.mark.parametrize(
    ("level", "module", "package", "message"),
    [
        pytest.param(2, "x", "P", "relative import beyond top-level package", id="one-above-top-level"),
        pytest.param(4, None, "P.a.b", "relative import beyond top-level package", id="deepest-plus-one"),
        pytest.param(1, "x", "", "relative import outside a package", id="no-package"),
        pytest.param(1, None, "", "relative import outside a package", id="bare-dot-no-package"),
        pytest.param(0, None, "P", "an absolute import needs a module", id="absolute-without-module"),
        pytest.param(0, "", "P", "an absolute import needs a module", id="absolute-with-empty-module"),
    ],
)
def test_resolve_raises(level: int, module: str | None, package: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        resolve(level, module, package)


# --------------------------------------------------------------------------- relative_form


@pytest.mark.parametrize(
    ("target", "package", "expected"),
    [
        pytest.param("P.a.b", "P.a", (1, "b"), id="sibling-module"),
        pytest.param("P", "P.sub", (2, ""), id="top-level-from-subpackage"),
        pytest.param("P.a", "P", (1, "a"), id="init-of-top-level-package"),
        pytest.param("P.a", "P.a", (1, ""), id="own-package-from-its-init"),
        pytest.param("P.a.b.c", "P.a", (1, "b.c"), id="two-parts-deeper"),
        pytest.param("P.b", "P.a", (2, "b"), id="cousin-module"),
        pytest.param("P.b.c", "P.a.x", (3, "b.c"), id="cousin-two-levels-up"),
        pytest.param("P.a", "P.a.b.c", (3, ""), id="ancestor-package"),
        pytest.param("P.x.a", "P.a", (2, "x.a"), id="repeated-part-name-not-matched-out-of-place"),
        pytest.param("P.a.a", "P.a", (1, "a"), id="package-and-module-share-a-name"),
    ],
)
def test_relative_form(target: str, package: str, expected: tuple[int, str]) -> None:
    assert relative_form(target, package) == expected


def _round_trip_grid() -> Iterable[object]:
    names = ("P", "P.a", "P.b", "P.a.b", "P.a.c", "P.b.a", "P.a.b.c", "P.a.a")
    for target, package in itertools.product(names, names):
        yield pytest.param(target, package, id=f"{target}-from-{package}")


@pytest.mark.parametrize(("target", "package"), list(_round_trip_grid()))
def test_relative_form_resolves_back_to_target(target: str, package: str) -> None:
    level, rest = relative_form(target, package)
    assert importlib.util.resolve_name("." * level + rest, package) == target


# --------------------------------------------------------------------------- is_within


@pytest.mark.parametrize(
    ("name", "package", "expected"),
    [
        pytest.param("P", "P", True, id="package-itself"),
        pytest.param("P.a", "P", True, id="submodule"),
        pytest.param("P.a.b", "P", True, id="deep-submodule"),
        pytest.param("P.a.b", "P.a", True, id="inside-subpackage"),
        pytest.param("P_extra", "P", False, id="prefix-collision-underscore"),
        pytest.param("P_extra.q", "P", False, id="prefix-collision-underscore-submodule"),
        pytest.param("Pkg", "P", False, id="prefix-collision-letters"),
        pytest.param("Pkg.b", "P", False, id="prefix-collision-letters-submodule"),
        pytest.param("P", "P.a", False, id="parent-is-not-within-child"),
        pytest.param("P.ab", "P.a", False, id="prefix-collision-in-subpackage"),
        pytest.param("Q.P", "P", False, id="same-name-elsewhere"),
        pytest.param("p", "P", False, id="case-sensitive"),
        pytest.param("", "P", False, id="empty-name"),
    ],
)
def test_is_within(name: str, package: str, expected: bool) -> None:
    assert is_within(name, package) is expected


# --------------------------------------------------------------------------- PackageTree


def _write(root: Path, files: Iterable[str] | Mapping[str, str]) -> None:
    """Create each file (a path ending in `/` is a directory) below `root`."""
    for rel in files:
        path = root / rel
        if rel.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")


@pytest.mark.parametrize(
    ("files", "namespaces", "srcs", "path", "name", "package", "is_package", "root"),
    [
        pytest.param(["P/__init__.py", "P/m.py"], [], [], "P/m.py", "P.m", "P", False, "", id="plain-package"),
        pytest.param(
            ["P/__init__.py", "P/a/__init__.py", "P/a/c.py"],
            [],
            [],
            "P/a/c.py",
            "P.a.c",
            "P.a",
            False,
            "",
            id="nested-package",
        ),
        pytest.param(["P/__init__.py"], [], [], "P/__init__.py", "P", "P", True, "", id="init-file-names-its-package"),
        pytest.param(
            ["P/__init__.py", "P/a/__init__.py"],
            [],
            [],
            "P/a/__init__.py",
            "P.a",
            "P.a",
            True,
            "",
            id="nested-init-file-names-its-package",
        ),
        pytest.param(
            ["P/__init__.pyi", "P/m.pyi"], [], [], "P/m.pyi", "P.m", "P", False, "", id="pyi-init-marks-package"
        ),
        pytest.param(["P/__init__.pyi"], [], [], "P/__init__.pyi", "P", "P", True, "", id="pyi-init-names-its-package"),
        pytest.param(["P/__init__.py", "P/m.pyi"], [], [], "P/m.pyi", "P.m", "P", False, "", id="pyi-stub-module"),
        pytest.param(["m.py"], [], [], "m.py", "m", "", False, "", id="file-outside-packages-is-top-level"),
        pytest.param(
            ["scripts/run.py"],
            [],
            [],
            "scripts/run.py",
            "run",
            "",
            False,
            "scripts",
            id="directory-without-init-is-not-a-package",
        ),
        pytest.param(
            ["P/__init__.py", "P/sub/m.py"],
            [],
            [],
            "P/sub/m.py",
            "P.sub.m",
            "P.sub",
            False,
            "",
            id="subdirectory-without-init-is-a-namespace-portion",
        ),
        pytest.param(
            ["P/__init__.py", "P/sub.py", "P/sub/m.py"],
            [],
            [],
            "P/sub/m.py",
            "m",
            "",
            False,
            "P/sub",
            id="module-of-the-same-name-hides-the-portion",
        ),
        pytest.param(
            ["top/sub/m.py"],
            [],
            [],
            "top/sub/m.py",
            "m",
            "",
            False,
            "top/sub",
            id="directories-without-init-outside-a-package-are-not-packages",
        ),
        pytest.param(
            ["requests-stubs/__init__.pyi", "requests-stubs/api.pyi"],
            [],
            [],
            "requests-stubs/api.pyi",
            "requests.api",
            "requests",
            False,
            "",
            id="stub-only-package",
        ),
        pytest.param(
            ["requests-stubs/__init__.pyi"],
            [],
            [],
            "requests-stubs/__init__.pyi",
            "requests",
            "requests",
            True,
            "",
            id="stub-only-package-init",
        ),
        pytest.param(
            ["P/__init__.py", "P/x-stubs/__init__.pyi", "P/x-stubs/m.pyi"],
            [],
            [],
            "P/x-stubs/m.pyi",
            "m",
            "",
            False,
            "P/x-stubs",
            id="stubs-suffix-only-at-top-level",
        ),
        pytest.param(
            ["no-stubs/m.pyi"],
            [],
            [],
            "no-stubs/m.pyi",
            "m",
            "",
            False,
            "no-stubs",
            id="stubs-directory-without-init-is-not-a-package",
        ),
        pytest.param(
            ["ns/sub/m.py"],
            ["ns"],
            [],
            "ns/sub/m.py",
            "ns.sub.m",
            "ns.sub",
            False,
            "",
            id="namespace-package-with-subdirectory",
        ),
        pytest.param(["ns/m.py"], ["ns"], [], "ns/m.py", "ns.m", "ns", False, "", id="namespace-package-module"),
        pytest.param(
            ["ns/a/b/m.py"],
            ["ns"],
            [],
            "ns/a/b/m.py",
            "ns.a.b.m",
            "ns.a.b",
            False,
            "",
            id="namespace-package-deep-subdirectories",
        ),
        pytest.param(
            ["lib/ns/sub/__init__.py", "lib/ns/sub/m.py"],
            ["lib/ns"],
            [],
            "lib/ns/sub/m.py",
            "ns.sub.m",
            "ns.sub",
            False,
            "lib",
            id="namespace-package-holding-regular-package",
        ),
        pytest.param(
            ["src/__init__.py", "src/P/__init__.py", "src/P/m.py"],
            [],
            ["src"],
            "src/P/m.py",
            "P.m",
            "P",
            False,
            "src",
            id="src-root-stops-the-walk",
        ),
        pytest.param(
            ["src/__init__.py", "src/P/__init__.py", "src/P/m.py"],
            [],
            [],
            "src/P/m.py",
            "src.P.m",
            "src.P",
            False,
            "",
            id="without-src-root-init-above-counts",
        ),
        pytest.param(
            ["my-project/__init__.py", "my-project/m.py"],
            [],
            [],
            "my-project/m.py",
            "m",
            "",
            False,
            "my-project",
            id="dash-directory-is-not-a-package-name",
        ),
        pytest.param(
            ["my-project/__init__.py", "my-project/P/__init__.py", "my-project/P/m.py"],
            [],
            [],
            "my-project/P/m.py",
            "P.m",
            "P",
            False,
            "my-project",
            id="walk-stops-below-dash-directory",
        ),
        pytest.param(["P/__init__.py"], [], [], "P/new.py", "P.new", "P", False, "", id="missing-file-stdin-mode"),
        pytest.param(
            ["P/__init__.py", "P/a/"],
            [],
            [],
            "P/a/__init__.py",
            "P.a",
            "P.a",
            True,
            "",
            id="missing-init-file-stdin-mode-names-its-package",
        ),
        pytest.param(
            ["P/__init__.py/", "P/m.py"],
            [],
            [],
            "P/m.py",
            "m",
            "",
            False,
            "P",
            id="directory-named-init-py-is-not-a-marker",
        ),
    ],
)
def test_module_info(
    tmp_path: Path,
    files: list[str],
    namespaces: list[str],
    srcs: list[str],
    path: str,
    name: str,
    package: str,
    is_package: bool,
    root: str,
) -> None:
    _write(tmp_path, files)
    tree = PackageTree(
        namespace_packages=[str(tmp_path / n) for n in namespaces], src_roots=[str(tmp_path / s) for s in srcs]
    )
    info = tree.module_info(str(tmp_path / path))
    expected_root = str(tmp_path / root) if root else str(tmp_path)
    assert (info.name, info.package, info.is_package, info.root) == (name, package, is_package, expected_root)


@pytest.mark.parametrize(
    ("package", "top_level"),
    [
        pytest.param("P.a.b", "P", id="nested"),
        pytest.param("P", "P", id="top-level-package"),
        pytest.param("", None, id="top-level-module"),
    ],
)
def test_module_info_top_level(package: str, top_level: str | None) -> None:
    assert ModuleInfo("x", package, False, "/").top_level == top_level


def test_module_info_relative_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, ["P/__init__.py", "P/m.py"])
    monkeypatch.chdir(tmp_path / "P")
    assert PackageTree().module_info("m.py") == ModuleInfo("P.m", "P", False, str(tmp_path))


EXISTS_TREE = [
    "P/__init__.py",
    "P/mod.py",
    "P/stub.pyi",
    "P/both.py",
    "P/both.pyi",
    "P/sub/__init__.py",
    "P/sub/deep.py",
    "P/stubpkg/__init__.pyi",
    "P/stubpkg/inner.pyi",
    "P/stubpkg/real.py",
    "P/hiddenstub.py",
    "P/hiddenstub/__init__.pyi",
    "P/hiddenstub/x.py",
    "P/cached.pyc",
    "P/fast.cpython-311-x86_64-linux-gnu.so",
    "P/other_abi.cpython-39-darwin.so",
    "P/plain.so",
    "P/win.pyd",
    "P/winabi.cp311-win_amd64.pyd",
    "P/fast_extra.py",
    "P/notes.txt",
    "P/data/",
    "P/data/x.py",
    "P/data/deeper/y.py",
    "P/hidden.py",
    "P/hidden/x.py",
    "P/dirmod.py/",
    "P/dirmod.pyi/",
    "P/dangling_ns/",
    "requests-stubs/__init__.pyi",
    "requests-stubs/api.pyi",
    "ns/inner/m.py",
]
# links (relpath -> target): a module that is a link to a file counts, a dangling link never
EXISTS_LINKS = {"P/linked.py": "mod.py", "P/dangling.py": "nowhere.py", "P/dangling_ns.py": "nowhere.py"}


@pytest.mark.parametrize(
    ("name", "runtime", "stubs"),
    [
        pytest.param("P", True, True, id="top-level-package"),
        pytest.param("P.mod", True, True, id="py-module"),
        pytest.param("P.stub", False, True, id="pyi-module-is-a-stub-only"),
        pytest.param("P.both", True, True, id="pyi-next-to-py-changes-nothing"),
        pytest.param("P.sub", True, True, id="package"),
        pytest.param("P.sub.deep", True, True, id="module-in-subpackage"),
        pytest.param("P.stubpkg", True, True, id="init-pyi-only-is-a-namespace-portion-at-runtime"),
        pytest.param("P.stubpkg.inner", False, True, id="pyi-in-init-pyi-package"),
        pytest.param("P.stubpkg.real", True, True, id="py-in-init-pyi-package"),
        pytest.param("P.hiddenstub", True, True, id="module-beside-init-pyi-package"),
        pytest.param("P.hiddenstub.x", False, True, id="init-pyi-package-hidden-by-a-module-at-runtime"),
        pytest.param("P.cached", True, True, id="sourceless-pyc"),
        pytest.param("P.fast", True, True, id="abi-tagged-so"),
        pytest.param("P.other_abi", True, True, id="extension-for-another-python"),
        pytest.param("P.plain", True, True, id="plain-so"),
        pytest.param("P.win", True, True, id="plain-pyd"),
        pytest.param("P.winabi", True, True, id="abi-tagged-pyd"),
        pytest.param("P.fast_extra", True, True, id="module-sharing-extension-prefix"),
        pytest.param("P.missing", False, False, id="missing-module"),
        pytest.param("P.notes", False, False, id="non-python-file"),
        pytest.param("P.mod.x", False, False, id="submodule-of-plain-module"),
        pytest.param("P.sub.missing", False, False, id="missing-in-subpackage"),
        pytest.param("P.fa", False, False, id="prefix-of-extension-name"),
        pytest.param("P.data", True, True, id="directory-without-init-is-a-namespace-portion"),
        pytest.param("P.data.x", True, True, id="module-in-namespace-portion"),
        pytest.param("P.hidden", True, True, id="module-that-hides-a-directory"),
        pytest.param("P.hidden.x", False, False, id="directory-hidden-by-a-module"),
        pytest.param("P.data.deeper.y", True, True, id="module-in-nested-portion"),
        pytest.param("P.linked", True, True, id="link-to-a-module"),
        pytest.param("P.dangling", False, False, id="dangling-link"),
        pytest.param("P.dangling_ns", True, True, id="directory-beside-a-dangling-link-is-a-portion"),
        pytest.param("P.dirmod", False, False, id="directory-named-like-a-module-file"),
        pytest.param("requests", False, True, id="stub-only-package"),
        pytest.param("requests.api", False, True, id="module-in-stub-only-package"),
        pytest.param("requests.nope", False, False, id="missing-in-stub-only-package"),
        pytest.param("Q.mod", False, False, id="missing-top-level-package"),
        pytest.param("ns", True, True, id="configured-namespace-dir"),
        pytest.param("ns.inner", True, True, id="configured-namespace-subdir"),
        pytest.param("ns.inner.m", True, True, id="module-in-namespace-subdir"),
    ],
)
def test_module_exists(tmp_path: Path, name: str, runtime: bool, stubs: bool) -> None:
    """`runtime`: for an import in a `.py` file, what CPython finds; `stubs`: in a `.pyi` file."""
    _linked(tmp_path, EXISTS_TREE, EXISTS_LINKS)
    tree = PackageTree(namespace_packages=[str(tmp_path / "ns")])
    assert tree.module_exists(name, str(tmp_path), False) is runtime
    assert tree.module_exists(name, str(tmp_path), True) is stubs


def test_module_exists_agrees_with_cpython(tmp_path: Path) -> None:
    """The runtime answers are CPython's own: `importlib.util.find_spec` in a fresh interpreter."""
    _linked(tmp_path, [f for f in EXISTS_TREE if not f.startswith("ns/")], EXISTS_LINKS)
    names = (
        "P.mod P.stub P.both P.stubpkg P.stubpkg.inner P.stubpkg.real P.hiddenstub.x P.cached P.data.x "
        "P.hidden.x P.linked P.dangling P.dangling_ns P.dirmod requests"
    ).split()
    probe = (
        "import importlib.util, sys\n"
        "for n in sys.argv[1:]:\n"
        "    try:\n"
        "        print(importlib.util.find_spec(n) is not None)\n"
        "    except ImportError:\n"  # a parent that is no package
        "        print(False)\n"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", probe, *names], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    tree = PackageTree()
    assert [tree.module_exists(n, str(tmp_path), False) for n in names] == [w == "True" for w in out]


def test_module_exists_in_missing_root(tmp_path: Path) -> None:
    assert PackageTree().module_exists("P.mod", str(tmp_path / "nowhere"), False) is False


# --------------------------------------------------------------------------- aliases, trust, facts


def _linked(root: Path, files: Iterable[str], links: Mapping[str, str]) -> PackageTree:
    _write(root, files)
    for rel, target in links.items():
        (root / rel).symlink_to(target)
    return PackageTree()


SHARED_FILES = ["P/__init__.py", "P/shared.py", "P/sub/__init__.py", "P/sub/m.py", "Q/__init__.py", "scripts/x.py"]


@pytest.mark.parametrize(
    ("links", "path", "name", "aliases"),
    [
        pytest.param({"Q/shared.py": "../P/shared.py"}, "P/shared.py", "P.shared", ["Q.shared"], id="file-link-target"),
        pytest.param({"Q/shared.py": "../P/shared.py"}, "Q/shared.py", "Q.shared", ["P.shared"], id="file-link-itself"),
        pytest.param({"scripts/shared.py": "../P/shared.py"}, "P/shared.py", "P.shared", [], id="link-in-no-package"),
        pytest.param({"P/compat": "sub"}, "P/sub/m.py", "P.sub.m", ["P.compat.m"], id="directory-link"),
        pytest.param({"P/compat": "sub"}, "P/compat/m.py", "P.sub.m", ["P.compat.m"], id="through-directory-link"),
        pytest.param({"P2": "P"}, "P/sub/m.py", "P.sub.m", ["P2.sub.m"], id="top-level-directory-link"),
        pytest.param({"P/loop": "."}, "P/shared.py", "P.shared", ["P.loop.shared"], id="link-to-its-own-package"),
        pytest.param({"P/tool.py": "../scripts/x.py"}, "P/tool.py", "P.tool", [], id="loose-file-linked-in"),
        pytest.param({"P/tool.py": "../scripts/x.py"}, "scripts/x.py", "x", [], id="loose-file-itself"),
        pytest.param({}, "P/shared.py", "P.shared", [], id="no-links"),
    ],
)
def test_aliases(tmp_path: Path, links: dict[str, str], path: str, name: str, aliases: list[str]) -> None:
    tree = _linked(tmp_path, SHARED_FILES, links)
    assert tree.module_info(str(tmp_path / path)).name == name
    assert tree.aliases(str(tmp_path / path)) == aliases


@pytest.mark.parametrize(
    ("files", "src", "marker"),
    [
        pytest.param(["R/__init__.py", "R/pyproject.toml"], False, "pyproject.toml", id="pyproject"),
        pytest.param(["R/__init__.py", "R/setup.py"], False, "setup.py", id="setup-py"),
        pytest.param(["R/__init__.py", "R/setup.cfg"], False, "setup.cfg", id="setup-cfg"),
        pytest.param(["R/__init__.py", "R/.git/"], False, ".git", id="repository-root"),
        pytest.param(["R/__init__.py", "R/.git"], False, ".git", id="worktree-git-file"),
        pytest.param(["R/__init__.py", "R/setup.py"], True, None, id="src-root-vouches-for-it"),
        pytest.param(["R/__init__.py", "R/README.md"], False, None, id="plain-package"),
    ],
)
def test_project_marker(tmp_path: Path, files: list[str], src: bool, marker: str | None) -> None:
    _write(tmp_path, files)
    tree = PackageTree(src_roots=[str(tmp_path)] if src else [])
    assert tree.project_marker(str(tmp_path / "R")) == marker


def test_portion_status_is_a_recorded_fact(tmp_path: Path) -> None:
    _write(tmp_path, ["P/__init__.py", "P/a/m.py"])
    tree = PackageTree()
    with tree.recording() as facts:
        assert tree.module_info(str(tmp_path / "P/a/m.py")).portion == "P/a"
        tree.module_info(str(tmp_path / "P/a/m.py"))  # asked twice, recorded once
    assert facts == [("module_record", (str(tmp_path / "P/a/m.py"),), ["P.a.m", "P.a", False, str(tmp_path), "P/a"])]
    assert PackageTree().facts_hold(facts)
    (tmp_path / "P/a/__init__.py").write_text("")
    assert not PackageTree().facts_hold(facts)


def test_deep_directories_do_not_exhaust_the_stack(tmp_path: Path) -> None:
    _write(tmp_path, ["P/__init__.py"])
    directory = str(tmp_path / "P")
    for _ in range(1200):  # one level at a time: os.makedirs itself recurses per level
        directory = os.path.join(directory, "d")
        os.mkdir(directory)
    try:
        info = PackageTree().module_info(os.path.join(directory, "m.py"))
        assert info.name == ".".join(["P", *["d"] * 1200, "m"])
        assert info.portion == "/".join(["P", *["d"] * 1200])
    finally:  # bottom up: shutil.rmtree (pytest's clean-up) recurses per level too
        while directory != str(tmp_path / "P"):
            os.rmdir(directory)
            directory = os.path.dirname(directory)


def test_hard_links_are_a_recorded_fact(tmp_path: Path) -> None:
    _write(tmp_path, ["P/__init__.py", "P/x.py", "Q/__init__.py"])
    path = str(tmp_path / "P/x.py")
    tree = PackageTree()
    with tree.recording() as facts:
        assert tree.unfixable_reason(path) is None
    assert ("hard_links", (path,), 1) in facts
    os.link(path, tmp_path / "Q/x.py")
    assert not PackageTree().facts_hold(facts)
    assert PackageTree().unfixable_reason(path) == "the file has 2 hard links, so it may also be another module"


def test_hard_links_of_a_file_only_on_stdin(tmp_path: Path) -> None:
    _write(tmp_path, ["P/__init__.py"])
    assert PackageTree().hard_links(str(tmp_path / "P/new.py")) == 0
    assert PackageTree().unfixable_reason(str(tmp_path / "P/new.py")) is None
