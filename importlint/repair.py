"""Repairs that let an unparseable file be linted: IL002's `import .x` and 3.15's `lazy`.

Only used after `ast.parse` failed. The tokenizer accepts `import .x`, so it finds
each such statement and builds its valid form (`from . import x`). The rewrite keeps
every line on its line, so positions in the repaired text map straight back.
Python 3.15's `lazy` soft keyword is dropped on interpreters that cannot parse it.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass

from .locate import LineTable

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
