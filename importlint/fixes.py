"""CST builders for fixes: a statement's new text, from the statement's own CST.

Only the import head changes (`from <module>`, or the `import ...` clause); everything
else in the statement (parentheses, comments, continuations) is LibCST's exact
round trip of the original text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import libcst as cst

from .imports import dotted_name, render
from .model import ImportStmt

_CONTINUATION_INDENT = re.compile(r"(?:\r\n|\r|\n)([ \t]*)")


def line_breaks(text: str) -> int:
    """How many lines `text` spans beyond its first (\\r\\n, \\r and \\n each count once)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _indent(source: str) -> str:
    """The indentation the statement's own continuation lines use ("    " if it has none)."""
    match = _CONTINUATION_INDENT.search(source)
    return match.group(1) if match and match.group(1) else "    "


def _continue(breaks: int, newline: str, indent: str) -> str:
    """`breaks` backslash continuations: the logical line goes on, the line count is kept."""
    if not breaks:
        return ""
    return " \\" + newline + (indent + "\\" + newline) * (breaks - 1) + indent


def name_node(dotted: str) -> cst.Name | cst.Attribute:
    """A Name/Attribute chain for `a.b.c`."""
    parts = dotted.split(".")
    node: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def from_module(stmt: ImportStmt, level: int, module: str) -> str | None:
    """The statement with its `from <module>` head replaced by `level` dots and `module`.

    Only the head is rendered from the CST; everything from the `import` keyword on is
    the original text. None when the CST's head does not reproduce the source's.
    """
    if not isinstance(stmt.node, cst.ImportFrom):
        return None
    return _from_module(stmt.node, stmt.text, level, module)


def _head(node: cst.ImportFrom) -> str:
    """The source of `from <dots><module> import`, as the CST holds it."""
    after_from, before_import = node.whitespace_after_from, node.whitespace_before_import
    plain_dots = all(
        isinstance(d.whitespace_before, cst.SimpleWhitespace)
        and isinstance(d.whitespace_after, cst.SimpleWhitespace)
        and not d.whitespace_before.value
        and not d.whitespace_after.value
        for d in node.relative
    )
    if isinstance(after_from, cst.SimpleWhitespace) and isinstance(before_import, cst.SimpleWhitespace) and plain_dots:
        # the common case, without LibCST's code generator: `from pkg.a import`
        module = dotted_name(node.module) if node.module is not None else ""
        candidate = f"from{after_from.value}{'.' * len(node.relative)}{module}{before_import.value}import"
        if node.module is None or isinstance(node.module, cst.Name) or _tight(node.module):
            return candidate
    return "".join(
        [
            "from",
            render(after_from),
            "".join(render(dot) for dot in node.relative),
            render(node.module) if node.module is not None else "",
            render(before_import),
            "import",
        ]
    )


def _tight(module: cst.BaseExpression) -> bool:
    """True if a dotted name has no whitespace or parentheses around its dots."""
    while isinstance(module, cst.Attribute):
        dot = module.dot
        if (
            module.lpar
            or module.rpar
            or not isinstance(dot.whitespace_before, cst.SimpleWhitespace)
            or not isinstance(dot.whitespace_after, cst.SimpleWhitespace)
            or dot.whitespace_before.value
            or dot.whitespace_after.value
        ):
            return False
        module = module.value
    return isinstance(module, cst.Name) and not module.lpar


def _whitespace(node: cst.BaseParenthesizableWhitespace, space_needed: bool) -> str:
    text = render(node)
    # `from..a import x` is valid; `fromP.a` is not: make sure a space separates words
    return " " if space_needed and not text else text


@functools.lru_cache(maxsize=8192)
def _from_module(node: cst.ImportFrom, source: str, level: int, module: str) -> str | None:
    # memoised with the (memoised, so shared) statement node: recurring statements render once
    old_head = _head(node)
    if not source.startswith(old_head):
        return None
    new_head = "".join(
        [
            "from",
            _whitespace(node.whitespace_after_from, space_needed=level == 0),
            "." * level,
            module,
            _whitespace(node.whitespace_before_import, space_needed=bool(module)),
            "import",
        ]
    )
    rest = source[len(old_head) :]
    breaks = line_breaks(old_head) - line_breaks(new_head)  # the whitespace kept may hold some
    if breaks > 0:  # `from P\` + newline + `    .a import x`: the statement keeps its line count
        newline = "\r\n" if "\r\n" in old_head else ("\r" if "\r" in old_head else "\n")
        last_line = re.split(r"\r\n|\r|\n", old_head)[-1]
        indent = last_line[: len(last_line) - len(last_line.lstrip(" \t\f"))] or "    "
        return new_head + _continue(breaks, newline, indent) + rest.lstrip(" \t\f")
    return new_head + rest


def _import_group(aliases: Sequence[cst.ImportAlias], template: cst.Import, newline: str) -> str:
    last = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return render(template.with_changes(names=[*aliases[:-1], last]), newline)


def import_to_from(stmt: ImportStmt, targets: dict[int, tuple[int, str]]) -> str | None:
    """`import P.a.b as m, os` -> `from .a import b as m; import os`.

    `targets` maps the index of each alias to convert to its (dots, parent module)
    form; the other aliases stay plain `import`s, in their original order. CPython
    attributes every alias of an `import` statement to the statement's first line, so
    every new statement starts on that line; the text keeps the statement's line count,
    so every later line keeps its number in tracebacks and warnings.
    """
    node = stmt.node
    if not stmt.exact or not isinstance(node, cst.Import):
        return None
    pieces: list[str] = []  # each starting with `import`/`from`
    kept: list[cst.ImportAlias] = []
    for index, alias in enumerate(node.names):
        if index not in targets:
            kept.append(alias)
            continue
        if kept:
            pieces.append(_import_group(kept, node, stmt.newline))
            kept = []
        level, parent = targets[index]
        last = dotted_name(alias.name).rpartition(".")[2]  # the user's spelling of the name
        new_alias = cst.ImportAlias(name=cst.Name(last), asname=alias.asname)
        statement = cst.ImportFrom(
            module=name_node(parent) if parent else None,
            names=[new_alias],
            relative=[cst.Dot() for _ in range(level)],
        )
        pieces.append(render(statement, stmt.newline))
    if kept:
        pieces.append(_import_group(kept, node, stmt.newline))
    return _lay_out(pieces, line_breaks(stmt.text), stmt, _indent(stmt.text))


# a backslash continuation with the blanks around it (an `import` without parentheses
# has no strings or comments: every backslash in it is a continuation)
_CONTINUATION = re.compile(r"[ \t\f]*\\(?:\r\n|\r|\n)[ \t\f]*")
_LEADING = re.compile(r"(?:[ \t\f]|\\(?:\r\n|\r|\n))*")  # blanks and continuations


def _lay_out(pieces: Sequence[str], total: int, stmt: ImportStmt, indent: str) -> str:
    """Join statements with `;` on the statement's first line, keeping its line count.

    A statement's line is the line of its first token, so the line breaks go after the
    LAST statement's keyword (`...; import \\` + newline + `    sys`): there they move
    no statement's start, and what follows on the last line (a comment, `; x = 1`) stays
    on that line.
    """
    *init, last = [*(_CONTINUATION.sub(" ", text) for text in pieces[:-1]), pieces[-1]]
    keyword = "import" if last.startswith("import") else last[: last.index(" import") + len(" import")]
    match = _LEADING.match(last, len(keyword))
    lead = match.group() if match else ""  # always a match: the pattern allows nothing
    body = last[len(keyword) + len(lead) :]
    missing = total - line_breaks(body)
    if missing < 0:  # cannot happen (the last piece's breaks are the source's); stay exact
        body = _CONTINUATION.sub(" ", body)
        missing = total
    if missing != line_breaks(lead):  # else the source's own layout already fits
        last = keyword + (_continue(missing, stmt.newline, indent) or " ") + body
    # every statement split off a `lazy import` must stay lazy
    return ("; lazy " if stmt.lazy else "; ").join([*init, last])


def rename_imports(stmt: ImportStmt, names: dict[int, str]) -> str | None:
    """`import src.P.a as m` -> `import P.a as m`: the aliases at the indexes of `names` get
    those dotted names; everything else is the statement's exact text (IL009)."""
    node = stmt.node
    if not stmt.exact or not isinstance(node, cst.Import):
        return None
    aliases = [
        alias.with_changes(name=name_node(names[index])) if index in names else alias
        for index, alias in enumerate(node.names)
    ]
    return render(node.with_changes(names=aliases), stmt.newline)
