"""Apps depend one way (README "How it fits together"): each layer imports only the layers below it.

From the bottom: roles, fileformats, councils, trainings, assessments, portal, demo. `councils` imports
nothing of ours but `roles` and `fileformats`, `portal` may read every app, and the demo tools read all.
Every import statement counts, including those inside functions; migrations are left out (they name
other apps' migrations, not their code).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["roles", "fileformats", "councils", "trainings", "assessments", "portal", "demo"]


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno


def upward_imports(root=ROOT, layers=LAYERS):
    """(file, line, imported module) for every import of a layer above the importing one."""
    found = []
    for rank, layer in enumerate(layers):
        package = root / layer
        files = sorted(package.rglob("*.py")) if package.is_dir() else [root / f"{layer}.py"]
        for path in files:
            if "migrations" in path.relative_to(root).parts or not path.exists():
                continue
            for module, line in imported_modules(ast.parse(path.read_text(), str(path))):
                top = module.split(".")[0]
                if top in layers and layers.index(top) > rank:
                    found.append((str(path.relative_to(root)), line, module))
    return found


def test_apps_import_only_the_layers_below_them():
    assert upward_imports() == []


def test_the_check_finds_an_upward_import_inside_a_function(tmp_path):
    (tmp_path / "low").mkdir()
    (tmp_path / "low" / "views.py").write_text("def page():\n    from high.models import Thing\n")
    (tmp_path / "low" / "migrations").mkdir()
    (tmp_path / "low" / "migrations" / "0001.py").write_text("import high\n")
    (tmp_path / "high").mkdir()
    (tmp_path / "high" / "models.py").write_text("from low.views import page\n")
    assert upward_imports(tmp_path, ["low", "high"]) == [("low/views.py", 2, "high.models")]
