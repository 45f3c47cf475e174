"""`importlint server` end to end: a real LSP client (pytest-lsp) drives the server over stdio.

Every edit a code action returns is applied to the text here (with this file's own
UTF-16 arithmetic) and compared with what the command line writes for the same file.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from conftest import RepoTree  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

SERVER = [sys.executable, "-m", "importlint", "server"]
TIMEOUT = 60.0  # bounds a hang; no test waits this long when the server works
HELP_URI = "https://github.com/importlint/importlint#rules"
T = TypeVar("T")


# -- the client ------------------------------------------------------------------------------


@dataclass
class Seen:
    """What the server sent: diagnostics (with their version and arrival time), registrations."""

    published: list[tuple[float, types.PublishDiagnosticsParams]] = field(default_factory=list)
    registrations: list[types.Registration] = field(default_factory=list)

    def latest(self, uri: str) -> types.PublishDiagnosticsParams | None:
        found = [p for _, p in self.published if p.uri == uri]
        return found[-1] if found else None


def client_factory(seen: Seen) -> Callable[[], LanguageClient]:
    def make() -> LanguageClient:
        client = LanguageClient(converter_factory=default_converter)

        def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
            seen.published.append((time.perf_counter(), params))
            client.diagnostics[params.uri] = params.diagnostics

        def register(client: LanguageClient, params: types.RegistrationParams) -> None:
            seen.registrations += params.registrations

        features = {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
            types.CLIENT_REGISTER_CAPABILITY: register,
        }
        register_lsp_features(client, features)
        return client

    return make


def capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    """A client like VS Code's: watched files by dynamic registration, versioned edits."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            configuration=True,
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source"])
                )
            ),
        ),
    )


@dataclass
class Session:
    client: LanguageClient
    seen: Seen
    init: types.InitializeResult
    root: Path
    versions: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def uri(self, rel: str) -> str:
        uri = from_fs_path(str(self.root / rel))
        assert uri is not None
        return uri

    async def open(self, rel: str, text: str | None = None) -> list[types.Diagnostic]:
        uri = self.uri(rel)
        text = (self.root / rel).read_text() if text is None else text
        self.versions[uri], self.texts[uri] = 1, text
        count = len(self.seen.published)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text))
        )
        return await self.diagnostics(uri, 1, after=count)

    async def change(self, rel: str, text: str) -> list[types.Diagnostic]:
        uri = self.uri(rel)
        version = self.send_change(uri, text)
        return await self.diagnostics(uri, version)

    def send_change(self, uri: str, text: str) -> int:
        version = self.versions[uri] = self.versions[uri] + 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return version

    async def diagnostics(self, uri: str, version: int, after: int = 0) -> list[types.Diagnostic]:
        """The diagnostics published for this version of the document (waits for them)."""

        def found() -> types.PublishDiagnosticsParams | None:
            for _, params in self.seen.published[after:]:
                if params.uri == uri and params.version == version:
                    return params
            return None

        params = await until(found)
        return list(params.diagnostics)

    async def refreshed(self, uri: str, count: int) -> list[types.Diagnostic]:
        """The diagnostics of the first publication for `uri` after the first `count` ones."""

        def found() -> types.PublishDiagnosticsParams | None:
            later = [p for _, p in self.seen.published[count:] if p.uri == uri]
            return later[0] if later else None

        return list((await until(found)).diagnostics)

    async def actions(
        self, rel: str, rng: types.Range, only: list[str] | None = None, stale: list[types.Diagnostic] | None = None
    ) -> list[types.CodeAction]:
        uri = self.uri(rel)
        result = await wait(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri),
                    range=rng,
                    context=types.CodeActionContext(diagnostics=stale or [], only=only),
                )
            )
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    def applied(self, rel: str, action: types.CodeAction) -> str:
        """The document's text with the action's edit applied (the edit's version checked)."""
        uri = self.uri(rel)
        assert action.edit is not None and action.edit.document_changes is not None
        (change,) = action.edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == uri and change.text_document.version == self.versions[uri]
        return apply_edits(self.texts[uri], [e for e in change.edits if isinstance(e, types.TextEdit)])

    async def save(self, rel: str) -> None:
        uri = self.uri(rel)
        (self.root / rel).write_text(self.texts[uri])
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))

    def files_changed(self, *events: tuple[str, types.FileChangeType]) -> int:
        count = len(self.seen.published)
        self.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(self.uri(rel), kind) for rel, kind in events])
        )
        return count


async def wait(awaitable: Awaitable[T]) -> T:
    return await asyncio.wait_for(awaitable, TIMEOUT)


async def until(probe: Callable[[], T | None]) -> T:
    deadline = time.monotonic() + TIMEOUT
    while (value := probe()) is None:
        if time.monotonic() > deadline:
            raise AssertionError("the server did not answer in time")
        await asyncio.sleep(0.002)
    return value


@asynccontextmanager
async def session(
    root: Path, options: Any = None, encodings: list[str] | None = None, caps: types.ClientCapabilities | None = None
) -> AsyncIterator[Session]:
    seen = Seen()
    config = ClientServerConfig(server_command=SERVER, client_factory=client_factory(seen))
    client = await wait(config.start())
    try:
        init = await wait(
            client.initialize_session(
                types.InitializeParams(
                    capabilities=caps or capabilities(encodings),
                    root_uri=from_fs_path(str(root)),
                    initialization_options=options,
                )
            )
        )
        yield Session(client, seen, init, root)
        await wait(client.shutdown_session())
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()  # a failed test must not wait for the server to finish
        await wait(client.stop())


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


# -- text helpers, independent of the server's ---------------------------------------------


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]


def offset(text: str, position: types.Position) -> int:
    """A character offset from an LSP position in UTF-16 code units."""
    starts = _line_starts(text)
    start = starts[position.line]
    end = starts[position.line + 1] if position.line + 1 < len(starts) else len(text)
    units = text[start:end].encode("utf-16-le")[: 2 * position.character]
    return start + len(units.decode("utf-16-le"))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def cli_fixed(path: Path, text: str) -> str:
    """What `importlint check --fix` makes of `text` as the file at `path` (stdin mode)."""
    proc = subprocess.run(
        [*SERVER[:3], "check", "-", "--stdin-filename", str(path), "--fix", "--no-cache"],
        input=text.encode(), capture_output=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout.decode()


def rng(line: int, start: int, end: int | None = None) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, start if end is None else end))


def codes(diagnostics: list[types.Diagnostic]) -> list[tuple[int, object]]:
    return sorted((d.range.start.line, d.code) for d in diagnostics)


@pytest.fixture
def tree(repo_tree: RepoTree) -> Path:
    """P/ (a package) with modules a and b, P/sub/ and an empty config; `.git` bounds the search."""
    return repo_tree({"P/a.py": "x = 1\ny = 2\n", "P/b.py": "z = 3\n", "P/sub/m.py": ""}, config="", packages=True)


# -- the tests ---------------------------------------------------------------------------------


def test_diagnostics_on_open_and_what_the_server_declares(tree: Path) -> None:
    text = "import os\nfrom P.a import x\nfrom .nope import z\n"

    async def scenario() -> None:
        async with session(tree) as s:
            caps = s.init.capabilities
            sync = caps.text_document_sync
            assert isinstance(sync, types.TextDocumentSyncOptions) and sync.save and sync.open_close
            assert isinstance(caps.code_action_provider, types.CodeActionOptions)
            assert list(caps.code_action_provider.code_action_kinds or []) == ["quickfix", "source.fixAll.importlint"]
            assert caps.position_encoding == "utf-16"
            diagnostics = await s.open("P/sub/m.py", text)
            (registration,) = await until(lambda: s.seen.registrations or None)
            assert registration.method == "workspace/didChangeWatchedFiles"
            globs = [w["globPattern"] for w in registration.register_options["watchers"]]  # type: ignore[index]
            assert {"**/*.py", "**/__init__.py", "**/pyproject.toml", "**/importlint.toml"} <= set(globs)

        il001, il006 = sorted(diagnostics, key=lambda d: d.range.start.line)
        assert il001.code == "IL001" and il001.range == types.Range(types.Position(1, 0), types.Position(1, 17))
        assert il001.message == (
            "`P.a` is part of `P`; import it relatively: `from ..a import ...` (absolute-self-import)"
        )
        assert il001.severity == types.DiagnosticSeverity.Warning and il001.source == "importlint"
        assert il001.code_description == types.CodeDescription(href=HELP_URI)
        assert il006.code == "IL006" and il006.range == rng(2, 0, 19) and il006.range.end.line == 2
        assert il006.message.endswith("(unresolved-relative-import)")

    run(scenario)


def test_each_quick_fix_applied_gives_what_check_fix_writes(tree: Path) -> None:
    text = "from P.a import x\nimport os\nfrom P import b as bee\nfrom P.b import (\n    z,\n)\n"
    path = tree / "P/sub/m.py"

    async def scenario() -> None:
        async with session(tree) as s:
            diagnostics = await s.open("P/sub/m.py", text)
            assert codes(diagnostics) == [(0, "IL001"), (2, "IL001"), (3, "IL001")]
            current = text
            for line in (3, 0, 2):  # each statement's own fix, in any order
                actions = await s.actions("P/sub/m.py", rng(line, 2))
                fix = next(a for a in actions if a.title == "Fix IL001 (absolute-self-import)")
                assert fix.kind == "quickfix" and fix.is_preferred
                assert [d.code for d in fix.diagnostics or []] == ["IL001"]
                new = s.applied("P/sub/m.py", fix)
                # only this statement's lines change
                changed = [i for i, (a, b) in enumerate(zip(current.splitlines(), new.splitlines())) if a != b]
                assert changed == [line]
                current = new
                remaining = await s.change("P/sub/m.py", current)
                assert line not in [d.range.start.line for d in remaining]
            assert current == cli_fixed(path, text)
            assert current == "from ..a import x\nimport os\nfrom .. import b as bee\nfrom ..b import (\n    z,\n)\n"

    run(scenario)


def test_fix_all_gives_what_check_fix_writes_to_the_file(tree: Path) -> None:
    text = "from P.a import x\nimport P.a\nfrom P.b import z  # fine\nfrom .nope import q\n"
    path = tree / "P/sub/m.py"
    path.write_text(text)

    async def scenario() -> None:
        async with session(tree) as s:
            await s.open("P/sub/m.py")
            for only in (["source.fixAll"], ["source"], ["source.fixAll.importlint"]):
                (action,) = await s.actions("P/sub/m.py", rng(0, 0), only=only)
                assert action.title == "Fix all importlint problems" and action.kind == "source.fixAll.importlint"
            fixed = s.applied("P/sub/m.py", action)
            assert await s.actions("P/sub/m.py", rng(0, 0), only=["quickfix.other"]) == []
            proc = subprocess.run([*SERVER[:3], "check", "--fix", "--no-cache", str(path)], capture_output=True)
            assert proc.returncode == 1  # `import P.a` (no fix) and IL006 remain
            assert (
                fixed
                == path.read_text()
                == ("from ..a import x\nimport P.a\nfrom ..b import z  # fine\nfrom .nope import q\n")
            )

    run(scenario)


def test_ignore_action_puts_noqa_where_ruff_does(tree: Path) -> None:
    text = (
        "from P.a import (\n"
        "    x,\n"
        ")\n"
        "from P.a \\\n"
        "    import y\n"
        "from P.b import z  # noqa: E501\n"
        "from P import b  # why\n"
    )
    expected = (
        "from P.a import (  # noqa: IL001\n"
        "    x,\n"
        ")\n"
        "from P.a \\\n"
        "    import y  # noqa: IL001\n"
        "from P.b import z  # noqa: E501, IL001\n"
        "from P import b  # why  # noqa: IL001\n"
    )
    path = tree / "P/sub/m.py"

    async def scenario() -> None:
        async with session(tree) as s:
            diagnostics = await s.open("P/sub/m.py", text)
            assert codes(diagnostics) == [(0, "IL001"), (3, "IL001"), (5, "IL001"), (6, "IL001")]
            current = text
            for line in (0, 3, 5, 6):
                actions = await s.actions("P/sub/m.py", rng(line, 1))
                (ignore,) = [a for a in actions if a.title.startswith("Ignore")]
                assert ignore.title == "Ignore IL001 for this line" and ignore.kind == "quickfix"
                current = s.applied("P/sub/m.py", ignore)
                await s.change("P/sub/m.py", current)
            assert current == expected
            assert await s.change("P/sub/m.py", current) == []
            # nothing left to ignore or fix
            assert await s.actions("P/sub/m.py", rng(0, 0, 40)) == []

    run(scenario)
    proc = subprocess.run(
        [*SERVER[:3], "check", "-", "--stdin-filename", str(path), "--no-cache"],
        input=expected.encode(), capture_output=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout


def test_client_settings_override_the_config_file(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree(config={"ignore": ["IL006"]})
    text = "from P.a import x\nfrom ..a import y\nfrom .nope import q\n"

    async def scenario() -> None:
        async with session(tree, options={"importlint": {"ignore": ["IL001"]}}) as s:
            # the client's ignore (IL001) comes after the file's (IL006), as --ignore would
            assert codes(await s.open("P/sub/m.py", text)) == []
            uri = s.uri("P/sub/m.py")
            count = len(s.seen.published)
            settings = {"importlint": {"select": ["IL001", "IL004", "IL006"], "maxLevel": 1}}
            s.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))
            # a client `select` replaces the file's select and ignore (ruff's rule)
            # (IL001's relative form would need two dots: with maxLevel 1 it is not reported)
            assert codes(await s.refreshed(uri, count)) == [(1, "IL004"), (2, "IL006")]
            # pulled settings (`workspace/configuration`) when the notification carries none
            s.client.set_configuration({"maxLevel": 2}, section="importlint")
            count = len(s.seen.published)
            s.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
            assert codes(await s.refreshed(uri, count)) == [(0, "IL001")]
            # a bad value is named once and dropped
            count = len(s.seen.published)
            s.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings={"importlint": {"select": ["IL999"]}})
            )
            assert codes(await s.refreshed(uri, count)) == [(0, "IL001")]
            (message,) = s.client.messages
            assert message.message == "importlint: `importlint.select`: unknown rule selector `IL999`"

    run(scenario)


def test_an_init_py_appearing_or_a_module_deleted_refreshes_diagnostics(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree({"Q/m.py": "from . import helper\n", "Q/helper.py": ""})

    async def scenario() -> None:
        async with session(tree) as s:
            await until(lambda: s.seen.registrations or None)
            assert codes(await s.open("Q/m.py")) == [(0, "IL005")]
            assert codes(await s.open("P/sub/m.py", "from ..b import z\n")) == []
            (tree / "Q/__init__.py").write_text("")
            count = s.files_changed(("Q/__init__.py", types.FileChangeType.Created))
            assert codes(await s.refreshed(s.uri("Q/m.py"), count)) == []
            (tree / "P/b.py").unlink()
            count = s.files_changed(("P/b.py", types.FileChangeType.Deleted))
            assert codes(await s.refreshed(s.uri("P/sub/m.py"), count)) == [(0, "IL006")]
            # a config change is a file event too
            (tree / "pyproject.toml").write_text('[tool.importlint]\nignore = ["IL006"]\n')
            count = s.files_changed(("pyproject.toml", types.FileChangeType.Changed))
            assert codes(await s.refreshed(s.uri("P/sub/m.py"), count)) == []

    run(scenario)


def test_whole_tree_rules_follow_the_files_on_the_disk(tree: Path, repo_tree: RepoTree) -> None:
    """IL008 reads the whole package from the disk: it is reported for a buffer that is its
    saved file, re-read when another module changes, and honours an added noqa."""
    repo_tree({"P/c.py": "from .d import helper\nVALUE = 1\n", "P/d.py": "from .c import VALUE\n"})

    async def scenario() -> None:
        async with session(tree) as s:
            await until(lambda: s.seen.registrations or None)
            (il008,) = await s.open("P/d.py")
            assert (il008.code, il008.range) == ("IL008", rng(0, 0, 20))
            assert il008.message.endswith("(partially-initialized-import)")
            (ignore,) = [a for a in await s.actions("P/d.py", il008.range) if a.title.startswith("Ignore")]
            assert ignore.title == "Ignore IL008 for this line"
            noqa = s.applied("P/d.py", ignore)
            assert noqa == "from .c import VALUE  # noqa: IL008\n"
            assert await s.change("P/d.py", "from .c import VALUE\nimport os\n") == []  # unsaved: not judged
            assert codes(await s.change("P/d.py", "from .c import VALUE\n")) == [(0, "IL008")]  # the disk's text
            # another module fixed on the disk: the event re-reads the package
            (tree / "P/c.py").write_text("VALUE = 1\nfrom .d import helper\n")
            count = s.files_changed(("P/c.py", types.FileChangeType.Changed))
            assert await s.refreshed(s.uri("P/d.py"), count) == []

    run(scenario)


def test_a_syntax_error_while_typing_never_gives_a_stale_fix(tree: Path) -> None:
    good = "from P.a import x\nimport os\n"

    async def scenario() -> None:
        async with session(tree) as s:
            old = await s.open("P/sub/m.py", good)
            assert codes(old) == [(0, "IL001")]
            for broken in ("from P.a import (x\nimport os\n", "from P.a import x\nimport os\ndef f(:\n"):
                diagnostics = await s.change("P/sub/m.py", broken)
                assert {d.code for d in diagnostics} == {"IL000"}
                (il000,) = diagnostics
                assert il000.severity == types.DiagnosticSeverity.Error
                # the client sends back the old IL001: no fix is computed from it
                actions = await s.actions("P/sub/m.py", rng(0, 0, 17), stale=old)
                assert [a.title for a in actions if "IL001" in a.title or "Fix all" in a.title] == []
            assert codes(await s.change("P/sub/m.py", good)) == [(0, "IL001")]
            (fix,) = [a for a in await s.actions("P/sub/m.py", rng(0, 3)) if a.title.startswith("Fix IL001")]
            assert s.applied("P/sub/m.py", fix) == "from ..a import x\nimport os\n"

    run(scenario)


@pytest.mark.parametrize(("encodings", "start"), [(None, 10), (["utf-8", "utf-16"], 12), (["utf-32"], 9)])
def test_positions_count_the_negotiated_code_units(tree: Path, encodings: list[str] | None, start: int) -> None:
    # 9 characters before the import: 10 UTF-16 code units (the emoji is a surrogate pair), 12 UTF-8 bytes
    text = 'x = "😀"; from P.a import y\n'

    async def scenario() -> None:
        async with session(tree, encodings=encodings) as s:
            assert s.init.capabilities.position_encoding == (encodings or ["utf-16"])[0]
            (diagnostic,) = await s.open("P/sub/m.py", text)
            assert diagnostic.range == rng(0, start, start + len("from P.a import y"))
            if encodings is None:  # this file's helpers count UTF-16
                (fix,) = [a for a in await s.actions("P/sub/m.py", diagnostic.range) if a.title.startswith("Fix IL")]
                assert s.applied("P/sub/m.py", fix) == cli_fixed(tree / "P/sub/m.py", text)
                assert s.applied("P/sub/m.py", fix) == 'x = "😀"; from ..a import y\n'
                # an incremental change (UTF-16 positions) is applied where the client means it
                uri = s.uri("P/sub/m.py")
                s.versions[uri] = 2
                s.client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                        [types.TextDocumentContentChangePartial(range=rng(0, start + 7, start + 8), text="b")],
                    )
                )
                (moved,) = await s.diagnostics(uri, 2)
                assert moved.range == diagnostic.range and "`P.b` is part of `P`" in moved.message

    run(scenario)


def test_diagnostics_on_save_and_close(tree: Path) -> None:
    async def scenario() -> None:
        async with session(tree) as s:
            uri = s.uri("P/sub/m.py")
            await s.open("P/sub/m.py", "from .gone import x\n")
            (tree / "P/sub/gone.py").write_text("x = 1\n")  # created outside the editor, no event
            count = len(s.seen.published)
            await s.save("P/sub/m.py")
            assert await s.refreshed(uri, count) == []  # the tree was read again on save
            count = len(s.seen.published)
            s.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
            assert await s.refreshed(uri, count) == []

    run(scenario)


def test_excluded_files_get_no_diagnostics(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree(config={"exclude": ["P/sub/"]})

    async def scenario() -> None:
        async with session(tree) as s:
            assert await s.open("P/sub/m.py", "from P.a import x\n") == []
            assert codes(await s.open("P/b.py", "from P.a import x\n")) == [(0, "IL001")]

    run(scenario)


def test_a_bad_config_file_is_shown_once_and_checks_nothing(tree: Path, repo_tree: RepoTree) -> None:
    repo_tree(config={"max-levels": 1})

    async def scenario() -> None:
        async with session(tree) as s:
            assert await s.open("P/sub/m.py", "from P.a import x\n") == []
            assert await s.change("P/sub/m.py", "from P.b import z\n") == []
            (message,) = s.client.messages
            assert message.type == types.MessageType.Error
            assert message.message.startswith("importlint: ") and "max-levels" in message.message

    run(scenario)


def test_a_5000_line_buffer_edited_50_times(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Latency from didChange to publishDiagnostics, printed (measured, never asserted)."""
    lines = [f"value_{i} = {i}\n" if i % 100 else "from P.a import x\n" for i in range(5000)]
    latencies: list[float] = []

    async def scenario() -> None:
        async with session(tree) as s:
            uri = s.uri("P/sub/m.py")
            assert len(await s.open("P/sub/m.py", "".join(lines))) == 50
            for edit in range(50):
                lines[edit * 100 + 50] = "from P.b import z\n"  # one more violation per edit
                version = s.send_change(uri, "".join(lines))
                sent = time.perf_counter()
                diagnostics = await s.diagnostics(uri, version)
                arrived = next(t for t, p in s.seen.published if p.uri == uri and p.version == version)
                latencies.append(arrived - sent)
                assert len(diagnostics) == 51 + edit
                assert diagnostics[-1].range.start.line == edit * 100 + 50 or edit < 49

    run(scenario)
    median = statistics.median(latencies)
    p95 = sorted(latencies)[int(0.95 * len(latencies)) - 1]
    with capsys.disabled():
        print(
            f"\n[server latency] 5000-line buffer, 50 edits, didChange -> publishDiagnostics "
            f"(debounce included): median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms"
        )


def test_server_runs_under_the_console_script_name(tree: Path) -> None:
    """`importlint server` (the console script editors start) speaks LSP on stdio."""
    script = Path(sys.executable).with_name("importlint")
    if not script.exists():
        pytest.skip("no console script beside this interpreter")
    body = b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}'
    message = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    exit_body = b'{"jsonrpc":"2.0","method":"exit"}'
    message += b"Content-Length: %d\r\n\r\n%s" % (len(exit_body), exit_body)
    proc = subprocess.run([str(script), "server"], input=message, capture_output=True, timeout=60, env=os.environ)
    assert b'"name":"importlint"' in proc.stdout.replace(b" ", b"")
