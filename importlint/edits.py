"""Text edits and what they must preserve: applying fixes, the text outside them, and the
bindings a rewritten statement must keep (repaired text: see repair.RepairedText)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence

from .model import Edit
from .tree import is_within, resolve

# parse 3.15 syntax on any Python: drop `lazy` where a statement starts (also after `;` and
# backslash continuations, which the fixes use to keep a statement's line count)
_GAP = r"(?:[ \t\f]|\\(?:\r\n|\r|\n))"
_NOT_LAZY = re.compile(rf"(^{_GAP}*|;{_GAP}*)lazy{_GAP}+(?=(?:import|from)\b)")


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with non-overlapping edits applied; they are applied back to front so
    earlier offsets stay valid."""
    out = text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out


def outside_unchanged(before: str, after: str, edits: Sequence[Edit]) -> bool:
    """True if `after` equals `before` everywhere outside the edited spans (checked, not
    assumed: it is what a fix promises about every other byte of the file)."""
    position, shift = 0, 0
    for edit in sorted(edits, key=lambda e: e.start):
        if before[position : edit.start] != after[position + shift : edit.start + shift]:
            return False
        if after[edit.start + shift : edit.start + shift + len(edit.text)] != edit.text:
            return False
        shift += len(edit.text) - (edit.end - edit.start)
        position = edit.end
    return before[position:] == after[position + shift :] and len(after) == len(before) + shift


def bindings(statement: str, package: str) -> list[tuple[str, str, str]] | None:
    """What a statement binds: (absolute module, name, bound name) per name, or None
    if the text does not parse. `import a.b as m` and `from a import b as m` agree."""
    try:
        module = ast.parse(_NOT_LAZY.sub(r"\1", statement.strip()))
    except (SyntaxError, ValueError):
        return None
    out = []
    for node in module.body:
        if isinstance(node, ast.ImportFrom):
            try:
                base = resolve(node.level, node.module, package)
            except ValueError:
                base = "." * node.level + (node.module or "")
            out += [(base, a.name, a.asname or a.name) for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                parent, _, last = a.name.rpartition(".")
                if a.asname is None and parent:
                    out.append(("", a.name, a.name.partition(".")[0]))  # `import a.b` binds `a`
                else:
                    out.append((parent, last, a.asname or a.name))
        else:
            return None
    return out


Binding = tuple[str, str, str]


def rename_bindings(found: list[Binding], result: list[Binding], alternate: str, canonical: str) -> list[Binding]:
    """`found` (a statement's `bindings`) with each binding inside module `alternate` named
    inside `canonical` instead (`src.P.a` -> `P.a`) where `result` has it so: IL009's fix
    names each binding it rewrites canonically and keeps the others (one per round)."""
    out = []
    for index, (module, name, bound) in enumerate(found):
        full = f"{module}.{name}" if module else name
        if is_within(full, alternate):
            full = canonical + full[len(alternate) :]
            renamed = (full.rpartition(".")[0], full.rpartition(".")[2], bound)
            if index < len(result) and result[index] == renamed:
                module, name = renamed[0], renamed[1]
        out.append((module, name, bound))
    return out
