"""Text edits and what they must preserve: applying fixes and repairs, mapping
positions back through repairs, and the bindings a rewritten statement must keep."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence

from . import repair
from .rules._base import Edit
from .tree import is_within, resolve

# parse 3.15 syntax on any Python: drop `lazy` where a statement starts (also after `;` and
# backslash continuations, which the fixes use to keep a statement's line count)
_GAP = r"(?:[ \t\f]|\\(?:\r\n|\r|\n))"
_NOT_LAZY = re.compile(rf"(^{_GAP}*|;{_GAP}*)lazy{_GAP}+(?=(?:import|from)\b)")


def apply_edits(text: str, edits: Iterable[Edit | repair.Repair]) -> str:
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


def map_back(offset: int, repairs: Sequence[repair.Repair], end: bool = False) -> int:
    """An offset in the repaired text -> the offset in the original text. An offset inside
    a repaired region maps to the region's start (or, for an `end`, its end)."""
    delta = 0
    for rep in repairs:
        new_start = rep.start + delta
        if offset < new_start:
            break
        if offset < new_start + len(rep.text):
            return rep.end if end and offset > new_start else rep.start
        delta += len(rep.text) - (rep.end - rep.start)
    return offset - delta


def in_repaired_statement(start: int, end: int, repairs: Sequence[repair.Repair]) -> bool:
    """True if the span [start, end) of the repaired text overlaps a rewritten IL002 statement:
    a fix there waits until the IL002 fix is applied (the next round)."""
    delta = 0
    for rep in repairs:
        new_start, new_end = rep.start + delta, rep.start + delta + len(rep.text)
        if rep.invalid_form and start < new_end and end > new_start:
            return True
        delta += len(rep.text) - (rep.end - rep.start)
    return False


def lazy_offsets(repairs: Sequence[repair.Repair]) -> frozenset[int]:
    """Where the statements whose `lazy` keyword was removed start in the repaired text."""
    out, delta = set(), 0
    for rep in repairs:
        delta += len(rep.text) - (rep.end - rep.start)
        if not rep.invalid_form:  # the head follows the repair (on the same line or a later one)
            out.add(rep.statement + delta)
    return frozenset(out)


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
