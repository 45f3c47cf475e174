"""CST builders for fixes: a statement's new text, from the statement's own CST.

Only the import head changes (`from <module>`, or the `import ...` clause); everything
else in the statement (parentheses, comments, continuations) is LibCST's exact
round trip of the original text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import libcst as cst

from .imports import ImportStmt, dotted_name, render


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
    return new_head + source[len(old_head) :]


def _import_group(aliases: Sequence[cst.ImportAlias], template: cst.Import, newline: str) -> str:
    last = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return render(template.with_changes(names=[*aliases[:-1], last]), newline)


def import_to_from(stmt: ImportStmt, targets: dict[int, tuple[int, str]]) -> str | None:
    """`import P.a.b as m, os` -> `from .a import b as m; import os`.

    `targets` maps the index of each alias to convert to its (dots, parent module)
    form; the other aliases stay plain `import`s, in their original order.
    """
    node = stmt.node
    if not stmt.exact or not isinstance(node, cst.Import):
        return None
    pieces: list[str] = []
    kept: list[cst.ImportAlias] = []
    for index, alias in enumerate(node.names):
        if index not in targets:
            kept.append(alias)
            continue
        if kept:
            pieces.append(_import_group(kept, node, stmt.newline))
            kept = []
        level, parent = targets[index]
        last = stmt.names[index].name.rpartition(".")[2]
        new_alias = cst.ImportAlias(name=cst.Name(last), asname=alias.asname)
        pieces.append(
            render(
                cst.ImportFrom(
                    module=name_node(parent) if parent else None,
                    names=[new_alias],
                    relative=[cst.Dot() for _ in range(level)],
                ),
                stmt.newline,
            )
        )
    if kept:
        pieces.append(_import_group(kept, node, stmt.newline))
    # every statement split off a `lazy import` must stay lazy
    return ("; lazy " if stmt.lazy else "; ").join(pieces)
