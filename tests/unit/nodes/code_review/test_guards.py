"""A finding the code visibly guards against is medium and says what to check."""

from __future__ import annotations

import pytest

from nodes.code_review.findings import classified
from nodes.code_review.guards import tempered
from nodes.code_review.snippets import Snippet

ALLOWLISTED = (
    'SORT_COLUMNS = {"name": "last_name"}\n'
    "def rows(conn, sort):\n"
    '    column = SORT_COLUMNS.get(sort, "last_name")\n'
    '    return conn.execute(f"SELECT id FROM people ORDER BY {column}")\n'
)
OPEN = 'def rows(conn, sort):\n    return conn.execute(f"SELECT id FROM people ORDER BY {sort}")\n'


def test_an_allowlisted_column_makes_an_injection_finding_medium_with_a_note() -> None:
    finding = classified("ruff", "S608", 4, "Possible SQL injection")
    assert finding.severity == "high"
    (kept,) = tempered([finding], [Snippet(ALLOWLISTED, "python")])
    assert kept.severity == "medium" and "allowlist" in kept.message
    assert "SQL injection" in kept.message or "injection" in kept.message.lower()


def test_a_java_column_from_a_constant_allowlist_map_is_medium_too() -> None:
    # The semgrep rule fires on the concatenation; the guard, not the rule, excuses it.
    java = (
        "class Q {\n  String list(String sort) {\n"
        '    String column = SORTS.getOrDefault(sort, "id");\n'
        '    String sql = "SELECT id FROM items "\n        + "ORDER BY " + column + " LIMIT ?";\n'
        "    return sql;\n  }\n}\n"
    )
    finding = classified("semgrep", "SG-java-sql-concat-literal", 5, "SQL injection")
    assert finding.severity == "high"
    (kept,) = tempered([finding], [Snippet(java, "java")])
    assert kept.severity == "medium"


def test_a_column_from_a_sortable_map_is_guarded_too() -> None:
    flask = (
        'SORTABLE = {"new": "created_at", "name": "name"}\n'
        "def rows(conn, args):\n"
        '    sort = SORTABLE.get(args.get("sort"), "created_at")\n'
        '    return conn.execute(f"SELECT id FROM products ORDER BY {sort}")\n'
    )
    (kept,) = tempered([classified("ruff", "S608", 4, "SQL")], [Snippet(flask, "python")])
    assert kept.severity == "medium"


def test_a_fast_hash_that_buckets_users_is_medium_but_one_over_a_password_stays_high() -> None:
    rollout = (
        "function bucket(userId) {\n"
        "  return createHash('sha1').update(userId).digest().readUInt32BE(0) % 100;\n}\n"
    )
    password = "function store(password) {\n  return createHash('sha1').update(password).digest('hex');\n}\n"
    weak = classified("semgrep", "SG-js-weak-hash", 2, "Weak hash")
    assert [f.severity for f in tempered([weak], [Snippet(rollout, "javascript")])] == ["medium"]
    assert [f.severity for f in tempered([weak], [Snippet(password, "javascript")])] == ["high"]


def test_without_a_guard_the_finding_stays_high() -> None:
    finding = classified("ruff", "S608", 2, "Possible SQL injection")
    assert tempered([finding], [Snippet(OPEN, "python")]) == [finding]


def test_a_guard_for_one_kind_leaves_other_kinds_alone() -> None:
    finding = classified("semgrep", "SG-hardcoded-password", 1, "Hard-coded credential")
    assert tempered([finding], [Snippet(ALLOWLISTED, "python")]) == [finding]


def test_placeholders_numbered_from_the_parameter_list_guard_a_dynamic_where() -> None:
    built = (
        "const where = ['owner_id = $1'];\n"
        "const params = [user.id];\n"
        "if (status) { params.push(status); where.push(`status = $${params.length}`); }\n"
        "return pool.query(`SELECT id FROM claims WHERE ${where.join(' AND ')}`, params);\n"
    )
    finding = classified("semgrep", "SG-sql-template", 4, "SQL injection")
    (kept,) = tempered([finding], [Snippet(built, "javascript")])
    assert kept.severity == "medium"


def test_a_list_of_question_marks_guards_a_dynamic_in_list() -> None:
    built = (
        'String marks = String.join(",", Collections.nCopies(ids.size(), "?"));\n'
        'String sql = "SELECT id FROM farms WHERE id IN (" + marks + ")";\n'
    )
    finding = classified("semgrep", "SG-java-sql-concat-literal", 2, "SQL injection")
    (kept,) = tempered([finding], [Snippet(built, "java")])
    assert kept.severity == "medium"


@pytest.mark.parametrize(
    ("language", "rule", "built"),
    [
        (
            "python",
            "S608",
            'marks = ", ".join(["%s"] * len(ids))\n'
            'cur.execute(f"SELECT id FROM lots WHERE id IN ({marks})", ids)\n',
        ),
        (
            "go",
            "SG-sql-sprintf",
            'for i := range ids {\n\tmarks[i] = fmt.Sprintf("$%d", i+1)\n}\n'
            'q := "SELECT id FROM lots WHERE id IN (" + strings.Join(marks, ",") + ")"\n',
        ),
        (
            "javascript",
            "SG-sql-template",
            "const marks = ids.map(() => '?').join(',');\n"
            "return db.query(`SELECT id FROM lots WHERE id IN (${marks})`, ids);\n",
        ),
    ],
)
def test_a_placeholder_per_value_guards_a_dynamic_in_list(language, rule, built) -> None:
    finding = classified("semgrep" if rule.startswith("SG-") else "ruff", rule, 2, "SQL injection")
    (kept,) = tempered([finding], [Snippet(built, language)])
    assert kept.severity == "medium"
