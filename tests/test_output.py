"""Each report format, from one fixed list of violations."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

from importlint import output
from importlint._version import __version__
from importlint.rules import ALL_RULES
from importlint.rules._base import Edit, Pos, Violation

FIXABLE = Violation(
    "P/a/c.py", Pos(1, 1), Pos(1, 20), "IL001", "`P.a.b` is part of `P`; import it relatively: `from .b import ...`",
    Edit(0, 19, "from .b import x"),
)
NOT_FIXABLE = Violation("P/x.py", Pos(2, 12), Pos(4, 2), "IL003", "relative import beyond top-level package")
ODD = Violation("odd%dir,x:y/m é.py", Pos(3, 5), Pos(3, 9), "IL006", "100% wrong: `.a`, b\r\nnext")
VIOLATIONS = [FIXABLE, NOT_FIXABLE, ODD]

JSON_KEYS = ["path", "line", "column", "end_line", "end_column", "code", "message", "fixable"]


# --------------------------------------------------------------------------- text


def test_text_lines() -> None:
    assert output.text([FIXABLE, NOT_FIXABLE]).splitlines() == [
        "P/a/c.py:1:1: IL001 [*] `P.a.b` is part of `P`; import it relatively: `from .b import ...`",
        "P/x.py:2:12: IL003 relative import beyond top-level package",
    ]


def test_text_ends_every_line_with_newline() -> None:
    assert output.text([NOT_FIXABLE]) == "P/x.py:2:12: IL003 relative import beyond top-level package\n"


def test_text_empty() -> None:
    assert output.text([]) == ""


# --------------------------------------------------------------------------- json


def _json(violations: list[Violation]) -> list[dict[str, Any]]:
    data = json.loads(output.as_json(violations))
    assert isinstance(data, list)
    return data


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
        },
    ]


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
        pytest.param("text", output.text, id="text"),
        pytest.param("concise", output.text, id="concise"),
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
            "a\nfrom P.a import x\nb\n",
            "a\nfrom .a import x\nb\n",
            "--- P/m.py\n+++ P/m.py\n@@ -1,3 +1,3 @@\n a\n-from P.a import x\n+from .a import x\n b\n",
            id="lf",
        ),
        pytest.param(
            "a\r\nfrom P.a import x\r\n",
            "a\r\nfrom .a import x\r\n",
            "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n a\n-from P.a import x\n+from .a import x\n",
            id="crlf-shown-with-lf",
        ),
        pytest.param(
            "a\rfrom P.a import x\r",
            "a\rfrom .a import x\r",
            "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n a\n-from P.a import x\n+from .a import x\n",
            id="cr-only-shown-with-lf",
        ),
        pytest.param(
            "a\nfrom P.a import x",
            "a\nfrom .a import x",
            "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n a\n-from P.a import x\n\\ No newline at end of file\n"
            "+from .a import x\n\\ No newline at end of file\n",
            id="no-newline-at-end-of-file",
        ),
        pytest.param("x\n", "x\n", "", id="no-change-no-diff"),
        pytest.param(
            "x = 1  # \x0c page\nfrom P.a import x\n",
            "x = 1  # \x0c page\nfrom .a import x\n",
            "--- P/m.py\n+++ P/m.py\n@@ -1,2 +1,2 @@\n x = 1  # \x0c page\n-from P.a import x\n+from .a import x\n",
            id="form-feed-does-not-split-lines",
        ),
    ],
)
def test_unified_diff(before: str, after: str, expected: str) -> None:
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
    assert output.headline(FIXABLE) + "\n" == output.text([FIXABLE])


def test_headline_with_colour() -> None:
    style = output.Style("<b>", "<r>", "<c>", "<g>", "</>")
    assert output.headline(NOT_FIXABLE, style) == (
        "<b>P/x.py</>:2:12: <r><b>IL003</> relative import beyond top-level package"
    )
