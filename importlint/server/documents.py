"""The open documents: their text and version, and what was computed for that version.

Results are kept per version, so a code action is always computed from the text the
client has now (a new version drops them), never from diagnostics the client sends back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import FileResult
from .positions import LineIndex


@dataclass
class Document:
    uri: str
    path: str  # the path it is checked as
    text: str
    version: int | None
    # for this version, by `fix`: the engine's result (None: the path is excluded)
    results: dict[bool, FileResult | None] = field(default_factory=dict)
    _index: LineIndex | None = None

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def update(self, text: str, version: int | None) -> None:
        self.text, self.version = text, version
        self.forget()

    def forget(self) -> None:
        """Drop computed results (the text, the disk or the settings changed)."""
        self.results.clear()
        self._index = None


@dataclass
class Documents:
    by_uri: dict[str, Document] = field(default_factory=dict)

    def open(self, uri: str, path: str, text: str, version: int | None) -> Document:
        document = self.by_uri[uri] = Document(uri, path, text, version)
        return document

    def get(self, uri: str) -> Document | None:
        return self.by_uri.get(uri)

    def close(self, uri: str) -> None:
        self.by_uri.pop(uri, None)

    def all(self) -> list[Document]:
        return list(self.by_uri.values())
