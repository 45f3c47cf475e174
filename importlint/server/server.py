"""The language server: pygls wiring for documents, diagnostics, code actions, settings
and file events. The linting itself is lint.py; the edits, edits.py and actions.py."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .._version import __version__
from ..errors import ConfigError, UsageError
from ..model import FileResult
from . import actions
from .diagnostics import to_diagnostic
from .documents import Document, Documents
from .lint import SECTION, Checker, document_path, parse_client_settings
from .positions import UTF16, LineIndex

DEBOUNCE = 0.15  # seconds after the last keystroke before a buffer is checked
WATCHED = ("**/*.py", "**/*.pyi", "**/__init__.py", "**/pyproject.toml", "**/importlint.toml")
log = logging.getLogger(__name__)


class ImportlintServer(LanguageServer):
    """pygls' server with the open documents, the checker and the pending checks."""

    def __init__(self) -> None:
        super().__init__("importlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.documents = Documents()
        self.checker = Checker()
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.shown_errors: set[str] = set()  # each configuration error is shown once

    # -- state --------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        """The negotiated position encoding ("utf-16" unless the client offered another)."""
        chosen = self.workspace.position_encoding
        return str(getattr(chosen, "value", chosen) or UTF16)

    def roots(self) -> list[str]:
        folders = [to_fs_path(f.uri) for f in (self.workspace.folders or {}).values()]
        root = self.workspace.root_path
        return [f for f in [*folders, root] if f]

    def result(self, document: Document, fix: bool) -> FileResult | None:
        """The engine's result for the document's current text (kept for its version)."""
        if fix not in document.results:
            result = self.run(document.text, document.path, fix)
            if result is not None and not fix:
                result = self.checker.add_tree_rules(result, document.text, document.path)
            document.results[fix] = result
        return document.results[fix]

    def run(self, text: str, path: str, fix: bool) -> FileResult | None:
        """The checker's result; a bad configuration is shown once and checks nothing."""
        try:
            return self.checker.run(text, path, fix)
        except (ConfigError, UsageError) as exc:
            self.show_once(f"importlint: {' '.join(str(exc).split())}")
            return None

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        if message not in self.shown_errors:
            self.shown_errors.add(message)
            self.window_show_message(types.ShowMessageParams(kind, message))

    # -- diagnostics --------------------------------------------------------------------

    def publish(self, uri: str) -> None:
        """Check the document now and push its diagnostics (for the version checked)."""
        self.cancel(uri)
        document = self.documents.get(uri)
        if document is None:
            return
        result = self.result(document, fix=False)
        violations = result.violations if result is not None else []
        diagnostics = [to_diagnostic(v, document.index, self.encoding) for v in violations]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )

    def publish_later(self, uri: str) -> None:
        """Check after a pause in typing: each change restarts the wait."""
        self.cancel(uri)
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(DEBOUNCE, self.publish, uri)

    def cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def refresh(self) -> None:
        """The disk or the settings changed: forget what was computed, check every open document."""
        self.checker.invalidate()
        self.shown_errors.clear()
        for document in self.documents.all():
            document.forget()
            self.publish(document.uri)

    # -- settings -----------------------------------------------------------------------

    def apply_settings(self, raw: object) -> bool:
        """Take the client's settings; whether they were importlint settings at all."""
        settings, problems = parse_client_settings(raw)
        for problem in problems:
            self.show_once(f"importlint: {problem}", types.MessageType.Warning)
        if settings is None:
            return False
        self.checker.client = settings
        return True

    async def pull_settings(self) -> bool:
        """Ask the client for the `importlint` section (`workspace/configuration`)."""
        capabilities = self.client_capabilities.workspace
        if capabilities is None or not capabilities.configuration:
            return False
        try:
            answer = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
        except Exception as exc:  # a client that fails the request keeps the settings it gave
            log.warning("workspace/configuration failed: %s", exc)
            return False
        return bool(answer) and self.apply_settings(answer[0])

    # -- file events --------------------------------------------------------------------

    async def watch_files(self) -> None:
        """Register the file watchers (Neovim and Helix send file events only for
        registered globs); while they work, package trees are kept between checks."""
        capabilities = self.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is None or not watched.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        )
        registration = types.Registration(
            id="importlint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
        )
        try:
            await self.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
        except Exception as exc:  # without file events every check reads the tree afresh
            log.warning("client/registerCapability failed: %s", exc)
            return
        self.checker.keep_trees = True


def build() -> ImportlintServer:
    server = ImportlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ImportlintServer, params: types.InitializeParams) -> None:
        ls.apply_settings(params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ImportlintServer, params: types.InitializedParams) -> None:
        await ls.watch_files()
        if await ls.pull_settings():
            ls.refresh()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ImportlintServer, params: Any) -> None:
        for uri in list(ls.pending):
            ls.cancel(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ImportlintServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents.open(item.uri, _path(ls, item.uri), item.text, item.version)
        ls.publish(item.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ImportlintServer, params: types.DidChangeTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is None:
            return
        text = document.text
        for change in params.content_changes:  # the whole text (we ask for Full sync), or a range of it
            if isinstance(change, types.TextDocumentContentChangePartial):
                index, encoding = LineIndex(text), ls.encoding
                start = index.offset(change.range.start.line, change.range.start.character, encoding)
                end = index.offset(change.range.end.line, change.range.end.character, encoding)
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
        document.update(text, params.text_document.version)
        ls.publish_later(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: ImportlintServer, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is not None:  # a save is when a missed file event would show: read the disk again
            ls.checker.invalidate()
            document.forget()
            ls.publish(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ImportlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        ls.documents.close(uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: ImportlintServer, params: types.DidChangeConfigurationParams) -> None:
        if ls.apply_settings(params.settings) or await ls.pull_settings():
            ls.refresh()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: ImportlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        # any event can change a verdict: a module or config created, deleted or renamed,
        # a config edited, and (for the whole-tree rules) another module's imports edited
        ls.refresh()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]),
    )
    def code_action(ls: ImportlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        document = ls.documents.get(params.text_document.uri)
        checked = ls.result(document, fix=False) if document is not None else None
        if document is None or checked is None:
            return None
        request = actions.Request(
            document,
            checked,
            fixed=lambda: ls.result(document, fix=True),
            recheck=lambda text: ls.run(text, document.path, fix=False),
            encoding=ls.encoding,
            versioned=_versioned_edits(ls),
        )
        index, encoding = document.index, ls.encoding
        start = index.offset(params.range.start.line, params.range.start.character, encoding)
        end = index.offset(params.range.end.line, params.range.end.character, encoding)
        return actions.code_actions(request, start, end, params.context.only) or None

    return server


def _path(ls: ImportlintServer, uri: str) -> str:
    return document_path(to_fs_path(uri) if uri.startswith("file:") else None, ls.roots())


def _versioned_edits(ls: ImportlintServer) -> bool:
    workspace = ls.client_capabilities.workspace
    edit = workspace.workspace_edit if workspace else None
    return bool(edit and edit.document_changes)


def serve() -> None:
    build().start_io()
