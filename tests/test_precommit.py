"""importlint as a real pre-commit hook: a temporary git repository whose
`.pre-commit-config.yaml` points at this checkout, run by the real `pre-commit`.

The hook repository is a snapshot of this checkout's working tree (tracked and untracked,
not ignored, files) committed once per session into a temporary repository, so the tests
exercise the code as it is on disk (like `pre-commit try-repo`), while the hook
environment is built only once: PRE_COMMIT_HOME is shared by the whole session.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY, RepoTree, clean_env, git

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def hook_config(hook_repo: tuple[Path, str], hook: str = "importlint") -> dict[str, str]:
    """A `.pre-commit-config.yaml` that runs `hook` from the hook repository."""
    repo, rev = hook_repo
    return {".pre-commit-config.yaml": f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n"}


def staged(root: Path) -> Path:
    """`root` as a git repository with every file staged (pre-commit runs on those)."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    return root


def pre_commit(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never", *args],
        cwd=root, capture_output=True, text=True, env=clean_env(home), timeout=600,
    )  # fmt: skip


def contents(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".importlint_cache"} & set(p.relative_to(root).parts)
    }


SHOP = {
    "shop/__init__.py": "from shop.models import Item  # re-exported\n",
    "shop/models.py": "class Item:\n    pass\n",
    "shop/pricing.py": "PRICE = 1\n",
    "shop/cart.py": (
        "import os\n"
        "from shop.models import (  # the model\n"
        "    Item,\n"
        ")\n"
        "import .pricing\n"
        "import shop.payments.gateway as gateway\n"
    ),
    "shop/payments/__init__.py": "",
    "shop/payments/gateway.py": "from shop import pricing\r\nfrom shop.models import Item\r\n",
    "shop/payments/gateway.pyi": "from shop.models import Item\n",
    "shop/clean.py": "from . import models\nimport os\n",
    "scripts/report.py": "import shop.cart\n",
}

SHOP_FIXED = {
    "shop/__init__.py": "from .models import Item  # re-exported\n",
    "shop/cart.py": (
        "import os\n"
        "from .models import (  # the model\n"
        "    Item,\n"
        ")\n"
        "from . import pricing\n"
        "from .payments import gateway as gateway\n"
    ),
    "shop/payments/gateway.py": "from .. import pricing\r\nfrom ..models import Item\r\n",
    "shop/payments/gateway.pyi": "from ..models import Item\n",
}


def _hook_lines(output: str) -> list[str]:
    """pre-commit's status lines for the hook, dots squeezed: `importlint (fix)...Failed`."""
    lines = [line for line in output.splitlines() if line.startswith(("importlint (", "- "))]
    return [re.sub(r"\.{3,}", "...", line) for line in lines]


def test_manifest_is_valid_for_pre_commit() -> None:
    pytest.importorskip("pre_commit")
    yaml = pytest.importorskip("yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(REPOSITORY / ".pre-commit-hooks.yaml")],
        capture_output=True, text=True, env=clean_env(), timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {h["id"]: h for h in yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"importlint", "importlint-check"}
    assert hooks["importlint"]["entry"] == "importlint check --fix --force-exclude"
    assert hooks["importlint-check"]["entry"].startswith("importlint check ")
    assert "--fix" not in hooks["importlint-check"]["entry"].split()
    assert "--force-exclude" in hooks["importlint-check"]["entry"].split()
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["python", "pyi"]
        assert "minimum_pre_commit_version" in hook
        assert "require_serial" in hook


@pytest.mark.slow
def test_fix_hook_fixes_then_passes(repo_tree: RepoTree, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    root = staged(repo_tree({**SHOP, **hook_config(hook_repo)}))
    before = contents(root)
    first = pre_commit(root, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert _hook_lines(first.stdout)[:3] == [
        "importlint (fix)...Failed",
        "- hook id: importlint",
        "- files were modified by this hook",
    ], first.stdout
    after = contents(root)
    expected = dict(before)
    expected.update({k: v.encode() for k, v in SHOP_FIXED.items()})
    assert after == expected  # exactly these files changed, byte for byte (CRLF kept)
    second = pre_commit(root, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert _hook_lines(second.stdout) == ["importlint (fix)...Passed"]
    assert contents(root) == expected


@pytest.mark.slow
def test_invalid_relative_form_is_fixed(
    repo_tree: RepoTree, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    files = {"pkg/__init__.py": "", "pkg/x.py": "", "pkg/sub/__init__.py": "",
             "pkg/sub/m.py": "import ..x\nimport .n as nn\n", "pkg/sub/n.py": ""}  # fmt: skip
    root = staged(repo_tree({**files, **hook_config(hook_repo)}))
    first = pre_commit(root, pre_commit_home)
    assert first.returncode == 1
    assert "- files were modified by this hook" in first.stdout
    assert (root / "pkg/sub/m.py").read_text() == "from .. import x\nfrom . import n as nn\n"
    assert pre_commit(root, pre_commit_home).returncode == 0


@pytest.mark.slow
def test_syntax_error_fails_with_a_clear_message(
    repo_tree: RepoTree, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    files = {"app/__init__.py": "", "app/util.py": "", "app/broken.py": "def f(:\n    from app.util import x\n",
             "app/ok.py": "from app.util import helper\n"}  # fmt: skip
    root = staged(repo_tree({**files, **hook_config(hook_repo)}))
    first = pre_commit(root, pre_commit_home)
    assert first.returncode == 1
    assert "app/broken.py:1:7: IL000 SyntaxError: invalid syntax" in first.stdout, first.stdout
    assert "- exit code: 1" in first.stdout
    assert (root / "app/broken.py").read_text() == files["app/broken.py"]  # untouched
    assert (root / "app/ok.py").read_text() == "from .util import helper\n"  # the others are still fixed
    second = pre_commit(root, pre_commit_home)
    assert second.returncode == 1
    assert "app/broken.py:1:7: IL000 SyntaxError: invalid syntax" in second.stdout
    assert "files were modified" not in second.stdout
    assert "Traceback" not in first.stdout + second.stdout


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="pre-commit splits the files only with 2+ CPUs")
def test_failing_hook_never_says_all_checks_passed(
    repo_tree: RepoTree, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    files = {"app/__init__.py": "", "app/util.py": "", "app/broken.py": "def f(:\n"}
    files.update({f"app/ok{i}.py": "from .util import x\n" for i in range(8)})  # pre-commit splits 5+ files
    root = staged(repo_tree({**files, **hook_config(hook_repo, "importlint-check")}))
    result = pre_commit(root, pre_commit_home)
    assert result.returncode == 1
    assert "app/broken.py:1:7: IL000" in result.stdout
    assert "All checks passed!" not in result.stdout


@pytest.mark.slow
def test_check_hook_reports_without_modifying(
    repo_tree: RepoTree, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    root = staged(repo_tree({**SHOP, **hook_config(hook_repo, "importlint-check")}))
    before = contents(root)
    result = pre_commit(root, pre_commit_home)
    assert result.returncode == 1
    lines = _hook_lines(result.stdout)
    assert lines[:3] == [
        "importlint (check only)...Failed",
        "- hook id: importlint-check",
        "- exit code: 1",
    ], result.stdout
    assert "files were modified" not in result.stdout
    assert "shop/cart.py:2:1: IL001 [*] `shop.models` is part of `shop`" in result.stdout
    assert "shop/cart.py:5:1: IL002 [*] `import .pricing` is invalid syntax" in result.stdout
    assert "shop/payments/gateway.pyi:1:1: IL001 [*]" in result.stdout
    assert contents(root) == before
    assert git(root, "diff", "--name-only") == ""


EXCLUDES = [
    pytest.param(["shop/legacy/*"], id="glob"),
    pytest.param(["**/legacy/*.py"], id="double-star"),
    pytest.param(
        ["shop/legacy/"],
        id="directory",
    ),
    pytest.param(
        ["legacy"],
        id="directory-name",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("exclude", EXCLUDES)
def test_config_exclude_applies_to_files_pre_commit_names(
    repo_tree: RepoTree, hook_repo: tuple[Path, str], pre_commit_home: Path, exclude: list[str]
) -> None:
    files = {
        "shop/__init__.py": "",
        "shop/models.py": "",
        "shop/legacy/__init__.py": "",
        "shop/legacy/old.py": "from shop.models import Item\n",
        "shop/new.py": "from shop.models import Item\n",
    }
    root = staged(repo_tree({**files, **hook_config(hook_repo)}, config={"exclude": exclude}))
    first = pre_commit(root, pre_commit_home)
    assert first.returncode == 1
    assert (root / "shop/new.py").read_text() == "from .models import Item\n"
    assert (root / "shop/legacy/old.py").read_text() == files["shop/legacy/old.py"]
    second = pre_commit(root, pre_commit_home)
    assert second.returncode == 0, second.stdout
