"""Each report format, from one fixed list of violations."""

from __future__ import annotations

import inspect
import io
import json
from dataclasses import replace
from typing import Any

import pytest

from importlint import output
from importlint._version import __version__
from importlint.model import Edit, Pos, Violation
from importlint.rules import ALL_RULES

FIXABLE = Violation(
    "P/a/c.py",
    Pos(1, 1),
    Pos(1, 20),
    "IL001",
    "`P.a.b` is part of `P`; import it relatively: `from .b import ...`",
    Edit(0, 19, "from .b import x"),
)
NOT_FIXABLE = Violation("P/x.py", Pos(2, 12), Pos(4, 2), "IL003", "relative import beyond top-level package")
ODD = Violation("odd%dir,x:y/m é.py", Pos(3, 5), Pos(3, 9), "IL006", "100% wrong: `.a`, b\r\nnext")
VIOLATIONS = [FIXABLE, NOT_FIXABLE, ODD]

JSON_KEYS = ["path", "line", "column", "end_line", "end_column", "code", "message", "fixable", "fix"]


# --------------------------------------------------------------------------- text


def test_text_lines() -> None:
    assert output.concise([FIXABLE, NOT_FIXABLE]).splitlines() == [
        "P/a/c.py:1:1: IL001 [*] `P.a.b` is part of `P`; import it relatively: `from .b import ...`",
        "P/x.py:2:12: IL003 relative import beyond top-level package",
    ]


def test_text_ends_every_line_with_newline() -> None:
    assert output.concise([NOT_FIXABLE]) == "P/x.py:2:12: IL003 relative import beyond top-level package\n"


def test_text_empty() -> None:
    assert output.concise([]) == ""


# --------------------------------------------------------------------------- json


FIXABLE_SOURCE = "from P.a.b import x\n"  # the text FIXABLE's fix points into


def _json(violations: list[Violation]) -> list[dict[str, Any]]:
    data = json.loads(output.as_json(violations, {"P/a/c.py": FIXABLE_SOURCE}))
    assert isinstance(data, list)
    return data


FIXABLE_FIX = {
    "applicability": "safe",
    "message": "Replace with `from .b import x`",
    "edits": [
        {"content": "from .b import x", "location": {"row": 1, "column": 1}, "end_location": {"row": 1, "column": 20}}
    ],
}


def test_json_objects() -> None:
    assert _json([FIXABLE, NOT_FIXABLE]) == [
        {
            "path": "P/a/c.py",
            "line": 1,
            "column": 1,
            "end_line": 1,
            "end_column": 20,
            "code": "IL001",
            "message": "`P.a.b` is part of `P`; import it relatively: `from .b import ...`",
            "fixable": True,
            "fix": FIXABLE_FIX,
        },
        {
            "path": "P/x.py",
            "line": 2,
            "column": 12,
            "end_line": 4,
            "end_column": 2,
            "code": "IL003",
            "message": "relative import beyond top-level package",
            "fixable": False,
            "fix": None,
        },
    ]


def test_json_unsafe_fix_is_shown_but_not_fixable() -> None:
    (item,) = _json([replace(FIXABLE, unsafe=True)])
    assert (item["fixable"], item["fix"]) == (False, {**FIXABLE_FIX, "applicability": "unsafe"})


def test_json_fix_without_the_file_text_is_null() -> None:
    assert json.loads(output.as_json([FIXABLE]))[0]["fix"] is None


@pytest.mark.parametrize(
    ("source", "start", "end", "location", "end_location"),
    [
        pytest.param("a\nb\n", 2, 3, (2, 1), (2, 2), id="second-line"),
        pytest.param("a\r\nb", 3, 4, (2, 1), (2, 2), id="crlf-last-line-without-break"),
        pytest.param("a\rb\r", 2, 4, (2, 1), (3, 1), id="cr-end-after-break"),
        pytest.param("\u00e9\U0001f600x", 2, 3, (1, 3), (1, 4), id="characters-not-bytes"),
    ],
)
def test_json_fix_locations(
    source: str, start: int, end: int, location: tuple[int, int], end_location: tuple[int, int]
) -> None:
    v = replace(FIXABLE, path="m.py", fix=Edit(start, end, "z"))
    (edit,) = json.loads(output.as_json([v], {"m.py": source}))[0]["fix"]["edits"]
    assert (edit["location"]["row"], edit["location"]["column"]) == location
    assert (edit["end_location"]["row"], edit["end_location"]["column"]) == end_location


def test_excerpt_lines_place_fixes_like_the_whole_text() -> None:
    source = "import os\r\n# \u00e9\r\nx = '\u00e9'; from P import a\r\n"
    start = source.index("from")
    v = replace(FIXABLE, path="m.py", start=Pos(3, 10), end=Pos(3, 25), fix=Edit(start, start + 15, "from . import a"))
    chunks = [(3, source.index("x ="), source[source.index("x =") :])]
    whole = output.as_json([v], {"m.py": source})
    report = output.Report("json", io.StringIO())
    report.add([v], output.ExcerptLines(chunks))
    report.finish()
    assert isinstance(report.out, io.StringIO)
    assert report.out.getvalue() == whole
    assert json.loads(whole)[0]["fix"]["edits"][0]["location"] == {"row": 3, "column": 10}


def test_json_key_order() -> None:
    for item in _json(VIOLATIONS):
        assert list(item) == JSON_KEYS


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        pytest.param("path", str, id="path-str"),
        pytest.param("line", int, id="line-int"),
        pytest.param("column", int, id="column-int"),
        pytest.param("end_line", int, id="end-line-int"),
        pytest.param("end_column", int, id="end-column-int"),
        pytest.param("code", str, id="code-str"),
        pytest.param("message", str, id="message-str"),
        pytest.param("fixable", bool, id="fixable-bool"),
    ],
)
def test_json_types(key: str, kind: type) -> None:
    for item in _json(VIOLATIONS):
        assert type(item[key]) is kind


def test_json_keeps_text_as_is() -> None:
    assert _json([ODD])[0]["path"] == "odd%dir,x:y/m é.py"
    assert _json([ODD])[0]["message"] == "100% wrong: `.a`, b\r\nnext"
    assert "m é.py" in output.as_json([ODD])  # not \u-escaped


def test_json_empty() -> None:
    assert output.as_json([]) == "[]\n"


def test_json_ends_with_newline() -> None:
    assert output.as_json(VIOLATIONS).endswith("]\n")


# --------------------------------------------------------------------------- github


def test_github_lines() -> None:
    assert output.github(VIOLATIONS).splitlines() == [
        "::error title=importlint (IL001),file=P/a/c.py,line=1,col=1,endLine=1,endColumn=20::"
        "P/a/c.py:1:1: IL001 `P.a.b` is part of `P`; import it relatively: `from .b import ...`",
        "::error title=importlint (IL003),file=P/x.py,line=2,col=12,endLine=4,endColumn=2::"
        "P/x.py:2:12: IL003 relative import beyond top-level package",
        "::error title=importlint (IL006),file=odd%25dir%2Cx%3Ay/m é.py,line=3,col=5,endLine=3,endColumn=9::"
        "odd%25dir,x:y/m é.py:3:5: IL006 100%25 wrong: `.a`, b%0D%0Anext",
    ]


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        pytest.param("a%b", "a%25b", "a%25b", id="percent"),
        pytest.param("a\rb", "a%0Db", "a%0Db", id="carriage-return"),
        pytest.param("a\nb", "a%0Ab", "a%0Ab", id="line-feed"),
        pytest.param("a:b", "a:b", "a%3Ab", id="colon-only-in-properties"),
        pytest.param("a,b", "a,b", "a%2Cb", id="comma-only-in-properties"),
        pytest.param("%0A", "%250A", "%250A", id="already-escaped-looking-text"),
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    line = output.github([Violation(raw, Pos(1, 1), Pos(1, 2), "IL006", raw)])
    assert line == (
        f"::error title=importlint (IL006),file={prop},line=1,col=1,endLine=1,endColumn=2::{data}:1:1: IL006 {data}\n"
    )


def test_github_empty() -> None:
    assert output.github([]) == ""


# --------------------------------------------------------------------------- sarif


def _sarif(violations: list[Violation]) -> dict[str, Any]:
    data = json.loads(output.sarif(violations))
    assert isinstance(data, dict)
    return data


def test_sarif_skeleton_without_violations() -> None:
    log = _sarif([])
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["results"] == []
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("importlint", __version__)
    assert [r["id"] for r in driver["rules"]] == [rule.code for rule in ALL_RULES]


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.code) for r in ALL_RULES])
def test_sarif_rule_descriptor(rule: Any) -> None:
    descriptors = {r["id"]: r for r in _sarif([])["runs"][0]["tool"]["driver"]["rules"]}
    descriptor = descriptors[rule.code]
    assert descriptor["name"] == rule.name
    assert descriptor["shortDescription"] == {"text": rule.summary}
    assert isinstance(descriptor["fullDescription"]["text"], str) and descriptor["fullDescription"]["text"]
    assert descriptor["helpUri"].startswith("https://")


def test_sarif_full_description_is_dedented() -> None:
    descriptors = {r["id"]: r for r in _sarif([])["runs"][0]["tool"]["driver"]["rules"]}
    assert {code: d["fullDescription"]["text"] for code, d in descriptors.items()} == {
        rule.code: inspect.cleandoc(type(rule).__doc__ or "") for rule in ALL_RULES
    }


def test_sarif_results() -> None:
    results = _sarif([FIXABLE, ODD])["runs"][0]["results"]
    rule_ids = [rule.code for rule in ALL_RULES]
    assert results == [
        {
            "ruleId": "IL001",
            "ruleIndex": rule_ids.index("IL001"),
            "level": "error",
            "message": {"text": FIXABLE.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "P/a/c.py", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 20},
                    }
                }
            ],
        },
        {
            "ruleId": "IL006",
            "ruleIndex": rule_ids.index("IL006"),
            "level": "error",
            "message": {"text": ODD.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "odd%25dir%2Cx%3Ay/m%20%C3%A9.py", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9},
                    }
                }
            ],
        },
    ]


def test_sarif_uri_uses_forward_slashes() -> None:
    v = Violation("P\\sub\\m.py", Pos(1, 1), Pos(1, 2), "IL005", "m")
    location = _sarif([v])["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "P/sub/m.py"


# --------------------------------------------------------------------------- render


@pytest.mark.parametrize(
    ("fmt", "function"),
    [
        pytest.param("text", output.concise, id="text"),
        pytest.param("concise", output.concise, id="concise"),
        pytest.param("json", output.as_json, id="json"),
        pytest.param("github", output.github, id="github"),
        pytest.param("sarif", output.sarif, id="sarif"),
    ],
)
def test_render_dispatch(fmt: str, function: Any) -> None:
    assert output.render(fmt, VIOLATIONS) == function(VIOLATIONS)


# --------------------------------------------------------------------------- unified_diff


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        pytest.param(
            b"a\nfrom P.a import x\nb\n",
            b"a\nfrom .a import x\nb\n",
            b"--- P/m.py\n+++ P/m.py\n@@ -1,3 +1,3 @@\n a\n-from P.a import x\n+from .a import x\n b\n",
            id="lf",
        ),
        pytest.param(
            b"a\r\nfrom P.a import x\r\n",
            b"a\r\nfrom .a import x\r\n",
            b"--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n a\r\n-from P.a import x\r\n+from .a import x\r\n",
            id="crlf-kept-so-that-patch-applies",
        ),
        pytest.param(
            b"a\rfrom P.a import x\r",
            b"a\rfrom .a import x\r",
            b"--- P/m.py\n+++ P/m.py\n@@ -1 +1 @@\n-a\rfrom P.a import x\r\n\\ No newline at end of file\n"
            b"+a\rfrom .a import x\r\n\\ No newline at end of file\n",
            id="cr-only-is-one-line-to-patch",
        ),
        pytest.param(
            b"a\nfrom P.a import x",
            b"a\nfrom .a import x",
            b"--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n a\n-from P.a import x\n\\ No newline at end of file\n"
            b"+from .a import x\n\\ No newline at end of file\n",
            id="no-newline-at-end-of-file",
        ),
        pytest.param(b"x\n", b"x\n", b"", id="no-change-no-diff"),
        pytest.param(
            b"x = 1  # \x0c page\nfrom P.a import x\n",
            b"x = 1  # \x0c page\nfrom .a import x\n",
            b"--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n x = 1  # \x0c page\n-from P.a import x\n+from .a import x\n",
            id="form-feed-does-not-split-lines",
        ),
        pytest.param(
            b"# coding: latin-1\nfrom P.a import x  # \xe9\n",
            b"# coding: latin-1\nfrom .a import x  # \xe9\n",
            b"--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n # coding: latin-1\n"
            b"-from P.a import x  # \xe9\n+from .a import x  # \xe9\n",
            id="latin-1-bytes-kept",
        ),
    ],
)
def test_unified_diff(before: bytes, after: bytes, expected: bytes) -> None:
    assert output.unified_diff("P/m.py", before, after) == expected


# --------------------------------------------------------------------------- summary


@pytest.mark.parametrize(
    ("remaining", "fixable", "fixed", "expected"),
    [
        pytest.param(0, 0, 0, "All checks passed!", id="clean"),
        pytest.param(1, 0, 0, "Found 1 error.", id="one-error"),
        pytest.param(2, 0, 0, "Found 2 errors.", id="two-errors"),
        pytest.param(1, 1, 0, "Found 1 error.\n[*] 1 fixable with the `--fix` option.", id="one-fixable"),
        pytest.param(3, 2, 0, "Found 3 errors.\n[*] 2 fixable with the `--fix` option.", id="some-fixable"),
        pytest.param(0, 0, 1, "Found 1 error (1 fixed, 0 remaining).", id="one-fixed-none-left"),
        pytest.param(0, 0, 2, "Found 2 errors (2 fixed, 0 remaining).", id="all-fixed"),
        pytest.param(1, 0, 1, "Found 2 errors (1 fixed, 1 remaining).", id="fixed-and-remaining"),
        pytest.param(2, 0, 3, "Found 5 errors (3 fixed, 2 remaining).", id="more-fixed-than-remaining"),
    ],
)
def test_summary(remaining: int, fixable: int, fixed: int, expected: str) -> None:
    assert output.summary(remaining, fixable, fixed) == expected


def test_headline_matches_text_line() -> None:
    assert output.headline(FIXABLE) + "\n" == output.concise([FIXABLE])


def test_headline_with_colour() -> None:
    style = output.Style("<b>", "<r>", "<c>", "<g>", "</>")
    assert output.headline(NOT_FIXABLE, style) == (
        "<b>P/x.py</>:2:12: <r><b>IL003</> relative import beyond top-level package"
    )


# --------------------------------------------------------------------------- full text: excerpts, fixes, pointers

MSG = "`P.a` is part of `P`; import it relatively: `from .a import ...`"


def _violation(source: str, statement: str, fixed: str | None, code: str = "IL001", path: str = "P/m.py") -> Violation:
    """A violation of `statement` (found in `source`), with `fixed` as its fix."""
    start = source.index(statement)
    end = start + len(statement)
    before = source[:start]
    line = before.count("\n") + 1
    column = start - (before.rfind("\n") + 1) + 1
    end_line = source[:end].count("\n") + 1
    end_column = end - (source[:end].rfind("\n") + 1) + 1
    fix = Edit(start, end, fixed) if fixed is not None else None
    return Violation(path, Pos(line, column), Pos(end_line, end_column), code, MSG, fix)


def test_full_points_to_explain_once_per_code() -> None:
    source = "from P.a import x\nfrom P.b import y\nfrom ... import z\n"
    first = _violation(source, "from P.a import x", "from .a import x")
    second = _violation(source, "from P.b import y", "from .b import y")
    third = _violation(source, "from ... import z", None, code="IL003")
    assert output.text([first, second, third], {"P/m.py": source}) == (
        f"P/m.py:1:1: IL001 [*] {MSG}\n"
        "  |\n"
        "1 | from P.a import x\n"
        "  | ^^^^^^^^^^^^^^^^^\n"
        "  | fix: from .a import x\n"
        "  = help: run `importlint explain IL001` for details\n"
        "\n"
        f"P/m.py:2:1: IL001 [*] {MSG}\n"
        "  |\n"
        "2 | from P.b import y\n"
        "  | ^^^^^^^^^^^^^^^^^\n"
        "  | fix: from .b import y\n"
        "\n"
        f"P/m.py:3:1: IL003 {MSG}\n"
        "  |\n"
        "3 | from ... import z\n"
        "  | ^^^^^^^^^^^^^^^^^\n"
        "  = help: run `importlint explain IL003` for details\n"
        "\n"
    )


def test_full_pointer_lines_up_with_a_wide_gutter_and_without_source() -> None:
    source = "\n" * 11 + "from P.a import x\n"
    v = _violation(source, "from P.a import x", None)
    assert output.text([v], {"P/m.py": source}).splitlines()[-2:] == [
        "   = help: run `importlint explain IL001` for details",
        "",
    ]
    assert output.text([v], {}) == (
        f"P/m.py:12:1: IL001 {MSG}\n  = help: run `importlint explain IL001` for details\n\n"
    )


def test_full_multi_line_fix_counts_the_unchanged_lines_instead_of_an_ellipsis() -> None:
    statement = "from P.a import (  # keep\n    x,\n)"
    source = f"import os\n{statement}\n"
    v = _violation(source, statement, "from .a import (  # keep\n    x,\n)")
    assert output.text([v], {"P/m.py": source}) == (
        f"P/m.py:2:1: IL001 [*] {MSG}\n"
        "  |\n"
        "2 | from P.a import (  # keep\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "3 |     x,\n"
        "4 | )\n"
        "  | fix: from .a import (  # keep\n"
        "  |      (2 more lines, unchanged)\n"
        "  = help: run `importlint explain IL001` for details\n"
        "\n"
    )


def test_full_multi_line_fix_shows_every_changed_line() -> None:
    statement = "from ....a import (\n    x,\n)"
    source = f"{statement}\n"
    v = _violation(source, statement, "from P.a import (\n    x as x,\n)", code="IL004")
    assert output.text([v], {"P/m.py": source}).splitlines()[6:10] == [
        "  | fix: from P.a import (",
        "  |          x as x,",
        "  |      (1 more line, unchanged)",
        "  = help: run `importlint explain IL004` for details",
    ]


def test_full_long_statement_shows_three_lines_and_says_how_many_more() -> None:
    statement = "from P.a import (\n    a,\n    b,\n    c,\n    d,\n)"
    source = f"{statement}\n"
    v = _violation(source, statement, statement.replace("P.a", ".a", 1))
    assert output.text([v], {"P/m.py": source}) == (
        f"P/m.py:1:1: IL001 [*] {MSG}\n"
        "  |\n"
        "1 | from P.a import (\n"
        "  | ^^^^^^^^^^^^^^^^^\n"
        "2 |     a,\n"
        "3 |     b,\n"
        "  | (3 more lines of this statement)\n"
        "  | fix: from .a import (\n"
        "  |      (5 more lines, unchanged)\n"
        "  = help: run `importlint explain IL001` for details\n"
        "\n"
    )


def test_full_escapes_control_characters_in_excerpts() -> None:
    source = "x = '\x00'\x1b[2J; from P.a import y\x7f\n"
    v = _violation(source, "from P.a import y", "from .a import y")
    v = Violation(v.path, v.start, v.end, "IL001", "`\x00` \x1b[31mred", v.fix)
    assert output.text([v], {"P/m.py": source}) == (
        "P/m.py:1:14: IL001 [*] `\u2400` \u241b[31mred\n"
        "  |\n"
        "1 | x = '\u2400'\u241b[2J; from P.a import y\u2421\n"
        "  |              ^^^^^^^^^^^^^^^^^\n"  # still under the statement: one picture per character
        "  | fix: from .a import y\n"
        "  = help: run `importlint explain IL001` for details\n"
        "\n"
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("plain é text", "plain é text", id="untouched"),
        pytest.param("a\x00b", "a\u2400b", id="nul"),
        pytest.param("\x1b[2J", "\u241b[2J", id="escape"),
        pytest.param("\x0c\x0b\x08", "\u240c\u240b\u2408", id="form-feed-vertical-tab-backspace"),
        pytest.param("a\x7fb\x9bc", "a\u2421b\ufffdc", id="del-and-c1"),
        pytest.param("tab\tstays", "tab\tstays", id="tab"),
    ],
)
def test_printable(raw: str, shown: str) -> None:
    assert output.printable(raw) == shown


def test_concise_escapes_control_characters_in_path_and_message() -> None:
    v = Violation("P/a\x1bb.py", Pos(1, 1), Pos(1, 1), "IL000", "SyntaxError: bad \x00")
    assert output.concise([v]) == "P/a\u241bb.py:1:1: IL000 SyntaxError: bad \u2400\n"


@pytest.mark.parametrize(
    ("suppressed", "expected"),
    [
        pytest.param(0, "", id="none"),
        pytest.param(1, "1 suppressed by `# noqa`.\n", id="one"),
        pytest.param(12, "12 suppressed by `# noqa`.\n", id="several"),
    ],
)
def test_noqa_note(suppressed: int, expected: str) -> None:
    assert output.noqa_note(suppressed) == expected


@pytest.mark.parametrize(
    ("violations", "legend"),
    [
        pytest.param([FIXABLE], "[*] fixable with `importlint check --fix`\n", id="all-fixable"),
        pytest.param(
            [FIXABLE, replace(FIXABLE, fix=None)], "[-] partly fixable with `importlint check --fix`\n", id="partly"
        ),  # fmt: skip
        pytest.param(
            [FIXABLE, replace(FIXABLE, fix=None), replace(FIXABLE, code="IL002")],
            "[*] fixable, [-] partly fixable with `importlint check --fix`\n",
            id="both",
        ),
        pytest.param([NOT_FIXABLE], "", id="nothing-fixable-no-legend"),
    ],
)
def test_statistics_legend(violations: list[Violation], legend: str) -> None:
    table = output.statistics(violations)
    rows = len({v.code for v in violations})
    assert "".join(table.splitlines(keepends=True)[rows:]) == legend
