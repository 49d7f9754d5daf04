"""No project code reaches into a framework's or a library's private internals (issue 24,
point 22): an underscored attribute or a queryset's compiled query can change in any
release without notice, and nothing but a failure in production would tell."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "tests", "migrations"}
# Underscored names that are public API: Django's documented model API, namedtuple's methods,
# and attributes the project sets on its own objects.
PUBLIC = {"_meta", "_default_manager", "_base_manager", "_replace", "_asdict", "_fields", "_make"}
OWN = {"_public_before"}  # articles/purges.py, on a story it is saving


def private_reaches(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        name, owner = node.attr, node.value
        underscored = name.startswith("_") and not name.startswith("__")
        own_object = isinstance(owner, ast.Name) and owner.id in {"self", "cls"}
        if underscored and not own_object and name not in PUBLIC | OWN:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(owner, ast.Attribute) and owner.attr == "query":  # Query's internals
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_reaches_private_internals():
    faults = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED & set(relative.parts):
            continue
        faults += [f"{relative}:{fault}" for fault in private_reaches(ast.parse(path.read_text()))]
    assert faults == []


def test_the_check_finds_each_kind_of_reach():
    """Each reach the issue found is one the check reports."""
    code = """
response._csp_config = POLICY
super()._perform_date_checks(checks)
signal_router._source_groups
queryset.query.where
self._own = model._meta
"""
    assert len(private_reaches(ast.parse(code))) == 4
