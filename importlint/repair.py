"""Repairs that let an unparseable file be linted: IL002's `import .x` and 3.15's `lazy`.

Only used after `ast.parse` failed. The tokenizer accepts `import .x`, so it finds
each such statement and builds its valid form (`from . import x`). The rewrite keeps
every line on its line, so positions in the repaired text map straight back.
Python 3.15's `lazy` soft keyword is dropped on interpreters that cannot parse it.

`RepairedText` is the one owner of the offset mapping between the original text and
its repair: everything that reads the repaired text and reports on the original asks it.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .locate import LineTable

if TYPE_CHECKING:
    from .model import Edit

_STARTERS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
_SKIP = {tokenize.NL, tokenize.COMMENT}


@dataclass(frozen=True)
class Repair:
    """A rewrite of text[start:end]; `invalid_form` marks an IL002 statement."""

    start: int
    end: int
    text: str
    invalid_form: bool
    statement: int = -1  # for a removed `lazy`: where its statement's head starts in the text


@dataclass(frozen=True)
class _Item:
    level: int
    dotted: str  # the name after the dots
    asname: str | None
    comma: int = -1  # index of the token of the comma before this item (-1 for the first)


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    """The significant tokens of `text`, up to the first tokenizer error."""
    out: list[tokenize.TokenInfo] = []
    readline = io.StringIO(text, newline=None).readline  # universal newlines: \r counts
    try:
        for tok in tokenize.generate_tokens(readline):
            if tok.type not in _SKIP:
                out.append(tok)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return out


def _starts_statement(tokens: list[tokenize.TokenInfo], index: int, after_lazy: bool = False) -> bool:
    if index == 0:
        return True
    prev = tokens[index - 1]
    if after_lazy and prev.type == tokenize.NAME and prev.string == "lazy":
        return _starts_statement(tokens, index - 1)  # `lazy import .x`
    return prev.type in _STARTERS or (prev.type == tokenize.OP and prev.string in (";", ":"))


def _parse_items(tokens: list[tokenize.TokenInfo], index: int) -> tuple[list[_Item], int] | None:
    """Parse `import`'s clause from tokens[index] on; (items, index of the last token)."""
    items: list[_Item] = []
    i = index
    comma = -1
    while True:
        level = 0
        while i < len(tokens) and tokens[i].type == tokenize.OP and tokens[i].string in (".", "..."):
            level += len(tokens[i].string)
            i += 1
        parts: list[str] = []
        dangling = False  # a dot that no name follows: `import .a.` is invalid twice over
        while i < len(tokens) and tokens[i].type == tokenize.NAME:
            parts.append(tokens[i].string)
            if i + 1 < len(tokens) and tokens[i + 1].type == tokenize.OP and tokens[i + 1].string == ".":
                i += 2
                dangling = True
                continue
            i += 1
            dangling = False
            break
        if not parts or dangling:
            return None  # no valid form to offer: CPython's own error is reported (IL000)
        asname = None
        if i + 1 < len(tokens) and tokens[i].string == "as" and tokens[i + 1].type == tokenize.NAME:
            asname = tokens[i + 1].string
            i += 2
        items.append(_Item(level, ".".join(parts), asname, comma))
        if i < len(tokens) and tokens[i].type == tokenize.OP and tokens[i].string == ",":
            comma = i
            i += 1
            continue
        return items, i - 1


def _alias(name: str, asname: str | None) -> str:
    return f"{name} as {asname}" if asname else name


def build(items: list[_Item], line_breaks: int = 0, newline: str = "\n", lazy: bool = False) -> str:
    """The valid statement(s) for an `import` clause that holds relative names.

    `import .a, .b` -> `from . import a, b`; names with different parents become
    `;`-separated statements on the same line, in their original order.
    """
    statements: list[tuple[str, list[str]]] = []  # (head, aliases)
    for item in items:
        if item.level == 0:
            head, alias = "import", _alias(item.dotted, item.asname)
        else:
            parent, _, last = item.dotted.rpartition(".")
            head, alias = f"from {'.' * item.level}{parent} import", _alias(last, item.asname)
        if statements and statements[-1][0] == head:
            statements[-1][1].append(alias)
        else:
            statements.append((head, [alias]))
    rendered = [f"{head} {', '.join(aliases)}" for head, aliases in statements]
    if line_breaks:
        # keep the statement's line count, so that later lines keep their numbers
        head, aliases = statements[-1]
        if head == "import":  # `import` takes no parentheses: continue the line instead
            rendered[-1] = "import " + ("\\" + newline) * line_breaks + ", ".join(aliases)
        else:
            rendered[-1] = f"{head} ({', '.join(aliases)}" + newline * line_breaks + ")"
    # a `lazy import` split into several statements keeps every one of them lazy
    return ("; lazy " if lazy else "; ").join(rendered)


def _continued(
    text: str,
    lines: LineTable,
    tokens: list[tokenize.TokenInfo],
    keyword: tokenize.TokenInfo,
    items: list[_Item],
    end: int,
    newline: str,
    lazy: bool,
) -> str:
    """A continued clause that ends in absolute names (`import .a, \\` + `    os`): the
    relative part becomes `from` statements, the absolute tail keeps its original text
    (and with it the line breaks)."""
    first_absolute = len(items)
    while first_absolute > 0 and items[first_absolute - 1].level == 0:
        first_absolute -= 1
    comma = tokens[items[first_absolute].comma]
    comma_end = lines.starts[comma.end[0] - 1] + comma.end[1]
    head = build(items[:first_absolute], comma.start[0] - keyword.start[0], newline, lazy)
    return head + ("; lazy import" if lazy else "; import") + text[comma_end:end]


def _drop_lazy(text: str, lines: LineTable, tok: tokenize.TokenInfo, after: tokenize.TokenInfo) -> Repair:
    """Remove the `lazy` soft keyword. On the keyword's line: `lazy ` up to the next token.
    When the statement continues on a later line (`lazy \\` + newline), the word becomes
    `pass;`: the line keeps its indentation and its continuation, so every line keeps its
    number (a line that starts with `\\` is indented differently by 3.9 and 3.10+)."""
    start = lines.starts[tok.start[0] - 1] + tok.start[1]
    head = lines.starts[after.start[0] - 1] + after.start[1]
    if after.start[0] == tok.start[0]:
        return Repair(start, head, "", False, head)
    return Repair(start, start + len(tok.string), "pass;", False, head)


def find(text: str, lines: LineTable) -> list[Repair]:
    """Every `import .x` statement, and every `lazy` soft keyword (removed), of an unparseable text."""
    tokens = _tokens(text)
    repairs: list[Repair] = []
    for index, tok in enumerate(tokens):
        if tok.type != tokenize.NAME or not _starts_statement(tokens, index, after_lazy=tok.string == "import"):
            continue
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if after is None:
            continue
        if tok.string == "lazy" and after.type == tokenize.NAME and after.string in ("import", "from"):
            repairs.append(_drop_lazy(text, lines, tok, after))
            continue
        if tok.string != "import":
            continue
        parsed = _parse_items(tokens, index + 1)
        if parsed is None or not any(item.level for item in parsed[0]):
            continue  # a valid `import a, b` (or not an import clause at all)
        items, last = parsed
        start = lines.starts[tok.start[0] - 1] + tok.start[1]
        end = lines.starts[tokens[last].end[0] - 1] + tokens[last].end[1]
        breaks = tokens[last].end[0] - tok.start[0]
        lazy = index > 0 and tokens[index - 1].string == "lazy" and tokens[index - 1].type == tokenize.NAME
        newline = lines.newline(tok.start[0])
        if breaks and items[-1].level == 0:
            replacement = _continued(text, lines, tokens, tok, items, end, newline, lazy)
        else:
            replacement = build(items, breaks, newline, lazy)
        repairs.append(Repair(start, end, replacement, invalid_form=True))
    return repairs


@dataclass(frozen=True)
class RepairedText:
    """An unparseable text, its repairs (in text order) and the repaired text."""

    original: str
    repairs: tuple[Repair, ...]
    text: str

    @classmethod
    def of(cls, original: str, lines: LineTable) -> RepairedText | None:
        """The repair of `original` (whose line table is `lines`), None if nothing to repair."""
        repairs = tuple(find(original, lines))
        if not repairs:
            return None
        pieces, position = [], 0
        for rep in repairs:
            pieces += [original[position : rep.start], rep.text]
            position = rep.end
        pieces.append(original[position:])
        return cls(original, repairs, "".join(pieces))

    def _walk(self) -> Iterator[tuple[Repair, int, int]]:
        """Each repair with where its text starts in the repaired text, and the shift
        (repaired offset minus original offset) after it: the one walk over the offsets."""
        shift = 0
        for rep in self.repairs:
            new_start = rep.start + shift
            shift += len(rep.text) - (rep.end - rep.start)
            yield rep, new_start, shift

    @property
    def invalid_forms(self) -> tuple[Repair, ...]:
        """The `import .x` statements rewritten: each one is an IL002 finding."""
        return tuple(rep for rep in self.repairs if rep.invalid_form)

    @property
    def lazy_starts(self) -> frozenset[int]:
        """Where the statements whose `lazy` keyword was removed start in the repaired text."""
        # the head follows the repair (on the same line or a later one)
        return frozenset(rep.statement + shift for rep, _, shift in self._walk() if not rep.invalid_form)

    def to_original(self, offset: int, end: bool = False) -> int:
        """An offset in the repaired text -> the offset in the original text. An offset
        inside a repaired region maps to the region's start (or, for an `end`, its end)."""
        before = 0
        for rep, new_start, shift in self._walk():
            if offset < new_start:
                break
            if offset < new_start + len(rep.text):
                return rep.end if end and offset > new_start else rep.start
            before = shift
        return offset - before

    def overlaps_repair(self, start: int, end: int) -> bool:
        """True if the span [start, end) of the repaired text overlaps a rewritten IL002
        statement: a fix there waits until the IL002 fix is applied (the next round)."""
        return any(
            rep.invalid_form and start < new_start + len(rep.text) and end > new_start
            for rep, new_start, _ in self._walk()
        )

    def statement_start(self, start: int) -> int:
        """An original offset where a statement starts -> where it starts for the report:
        at its `lazy` keyword when the repair removed one right before it."""
        for rep in self.repairs:
            if not rep.invalid_form and rep.end <= start and not self.original[rep.end : start].strip(" \t\f\\\r\n"):
                return rep.start
        return start

    def edit_to_original(self, edit: Edit) -> Edit | None:
        """A fix of the repaired text as an edit of the original, None while it overlaps an
        IL002 rewrite."""
        if self.overlaps_repair(edit.start, edit.end):
            return None
        return replace(edit, start=self.to_original(edit.start), end=self.to_original(edit.end, end=True))
