"""Tables for noqa.py: which codes a comment suppresses, and which comments count for a statement."""

from __future__ import annotations

import pytest

from importlint.locate import LineTable
from importlint.noqa import ALL, codes_in, is_suppressed, suppressions

# --------------------------------------------------------------------------- codes_in


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        pytest.param("# noqa", {ALL}, id="bare"),
        pytest.param("#noqa", {ALL}, id="no-space-after-hash"),
        pytest.param("#  noqa  ", {ALL}, id="extra-spaces"),
        pytest.param("# NOQA", {ALL}, id="upper-case"),
        pytest.param("# NoQA", {ALL}, id="mixed-case"),
        pytest.param("# noqa:IL001", {"IL001"}, id="one-code-no-space"),
        pytest.param("# NOQA:IL001", {"IL001"}, id="upper-case-with-code"),
        pytest.param("# noqa: IL001", {"IL001"}, id="one-code"),
        pytest.param("# noqa: il001", {"IL001"}, id="lower-case-code-upper-cased"),
        pytest.param("# noqa: IL001,IL004", {"IL001", "IL004"}, id="comma-list"),
        pytest.param("# noqa: IL001, IL004", {"IL001", "IL004"}, id="comma-space-list"),
        pytest.param("# noqa:IL001 IL004", {"IL001", "IL004"}, id="space-separated-list"),
        pytest.param("# noqa: IL001,", {"IL001"}, id="trailing-comma"),
        pytest.param("# noqa: E501", {"E501"}, id="another-tools-code"),
        pytest.param("# noqa: IL001 because reasons", {"IL001"}, id="text-after-codes"),
        pytest.param("# type: ignore  # noqa: IL001", {"IL001"}, id="after-another-pragma"),
        pytest.param("# noqa IL001", {ALL}, id="missing-colon-is-blanket"),
        pytest.param("# noqa : IL001", {ALL}, id="space-before-colon-is-blanket"),
        pytest.param(
            "# noqa:  IL001",
            {"IL001"},
            id="two-spaces-after-colon",
        ),
        pytest.param("# a comment", None, id="plain-comment"),
        pytest.param("# no qa", None, id="split-word"),
        pytest.param("", None, id="empty"),
    ],
)
def test_codes_in(comment: str, expected: set[str] | None) -> None:
    assert codes_in(comment) == expected


@pytest.mark.parametrize(
    ("code", "suppressed", "expected"),
    [
        pytest.param("IL001", {ALL}, True, id="blanket"),
        pytest.param("IL001", {"IL001"}, True, id="same-code"),
        pytest.param("IL001", {"IL004", "IL001"}, True, id="in-list"),
        pytest.param("IL001", {"IL004"}, False, id="other-code"),
        pytest.param("IL001", set(), False, id="nothing"),
        pytest.param("IL001", {"IL00"}, False, id="prefix-is-not-a-code"),
    ],
)
def test_is_suppressed(code: str, suppressed: set[str], expected: bool) -> None:
    assert is_suppressed(code, suppressed) is expected


# --------------------------------------------------------------------------- suppressions


def _suppressed(text: str, statement: str) -> set[str]:
    start = text.index(statement)
    return suppressions(LineTable(text), start, start + len(statement))


STMT = "from P.a import x"
MULTI = "from P.a import (\n    x,\n)"


@pytest.mark.parametrize(
    ("text", "statement", "expected"),
    [
        pytest.param(f"{STMT}  # noqa\n", STMT, {ALL}, id="bare-noqa"),
        pytest.param(f"{STMT}  #noqa\n", STMT, {ALL}, id="no-space-noqa"),
        pytest.param(f"{STMT}  # NOQA:IL001\n", STMT, {"IL001"}, id="upper-case-code"),
        pytest.param(f"{STMT}  # noqa: IL001,IL004\n", STMT, {"IL001", "IL004"}, id="comma-list"),
        pytest.param(f"{STMT}  # noqa: IL001, IL004\n", STMT, {"IL001", "IL004"}, id="comma-space-list"),
        pytest.param(f"{STMT}  # noqa: IL004\n", STMT, {"IL004"}, id="another-code"),
        pytest.param(f"{STMT}  # noqa: IL001\r\n", STMT, {"IL001"}, id="crlf"),
        pytest.param(f"{STMT}  # noqa: IL001\rx = 1\r", STMT, {"IL001"}, id="cr-only"),
        pytest.param(f"{STMT}\n", STMT, set(), id="no-comment"),
        pytest.param(f"{STMT}  # just a comment\n", STMT, set(), id="other-comment"),
        pytest.param(f"x = '# noqa'; {STMT}\n", STMT, set(), id="noqa-in-string-before"),
        pytest.param(f"{STMT}; y = '# noqa'\n", STMT, set(), id="noqa-in-string-after"),
        pytest.param(f'{STMT}; s = """  # noqa\n"""\n', STMT, set(), id="noqa-in-unterminated-line-string"),
        pytest.param(f"{STMT}; y = 1  # noqa\n", STMT, {ALL}, id="same-line-after-neighbour"),
        pytest.param(f"# noqa\n{STMT}\n", STMT, set(), id="line-above"),
        pytest.param(f"{STMT}\n# noqa\n", STMT, set(), id="line-below"),
        pytest.param(f"x = 1  # noqa\n{STMT}\n", STMT, set(), id="previous-statement"),
        pytest.param(
            "from P.a import (  # noqa: IL001\n    x,\n)\n",
            "from P.a import (  # noqa: IL001\n    x,\n)",
            {"IL001"},
            id="first-line-of-multi-line",
        ),
        pytest.param(f"{MULTI}  # noqa: IL001\n", MULTI, {"IL001"}, id="last-line-of-multi-line"),
        pytest.param(
            "from P.a import (\n    x,  # noqa\n    y,\n)\n",
            "from P.a import (\n    x,  # noqa\n    y,\n)",
            set(),
            id="middle-line-of-multi-line",
        ),
        pytest.param(
            "from P.a import x, \\\n    y  # noqa\n",
            "from P.a import x, \\\n    y",
            {ALL},
            id="last-line-of-backslash-continuation",
        ),
        pytest.param(
            "from P.a import (  # noqa: IL001\n    x,\n)  # noqa: IL004\n",
            "from P.a import (  # noqa: IL001\n    x,\n)",
            {"IL001", "IL004"},
            id="first-and-last-line-combined",
        ),
        pytest.param(
            "from P.a import (\r\n    x,\r\n)  # noqa: IL001\r\n",
            "from P.a import (\r\n    x,\r\n)",
            {"IL001"},
            id="crlf-multi-line",
        ),
        pytest.param(
            'x = "é€"; from P.a import y  # noqa: IL001\n',
            "from P.a import y",
            {"IL001"},
            id="non-ascii-before",
        ),
    ],
)
def test_suppressions(text: str, statement: str, expected: set[str]) -> None:
    assert _suppressed(text, statement) == expected
