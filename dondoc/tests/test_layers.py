"""Dependencies point one way: lib ← units ← directives ← submissions ← monitoring / reminders / paperwork / api.

A lower app never imports a higher one (at the top of a module or inside a function); tests are exempt.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACES = {"monitoring", "reminders", "paperwork", "api"}
FORBIDDEN = {
    "lib": {"units", "directives", "submissions", "accounts", "ingest", "core", *FACES},
    "units": {"directives", "submissions", "ingest", "core", *FACES},
    # directives' document form reads references with ingest's pure header parser: allowed.
    "directives": {"submissions", "core", *FACES},
    "submissions": {"ingest", "core", *FACES},
}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "dondoc" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_lower_app_imports_no_higher_one(app):
    offending = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" in path.relative_to(ROOT / app).parts:
            continue
        bad = imported_apps(path) & FORBIDDEN[app]
        if bad:
            offending.append(f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert not offending, "\n".join(offending)
