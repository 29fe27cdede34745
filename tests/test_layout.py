"""DESIGN.md's one rule of the layout: a feature imports the shared base, never another
feature; models import nothing above them. Read from the source (ast), so a failure names the
file and line of the import."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "partnernet"
FEATURES = {"auth", "main", "directory", "partners", "referrals", "assistance", "reports",
            "admin", "api"}
# What models may build on: modules that themselves import nothing of partnernet above them.
BELOW_MODELS = {"models", "extensions", "config", "clock", "passwords"}


def partnernet_imports(path: Path):
    """(line, top-level partnernet module) for every import of partnernet in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "partnernet" else [
                f"partnernet.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "partnernet" and len(parts) > 1:
                yield node.lineno, parts[1]


def floor_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        floor = floor_of(path)
        for line, target in partnernet_imports(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line} imports partnernet.{target}"
            if floor in FEATURES and target in FEATURES and target != floor:
                found.append(f"{where}: a feature imports another feature")
            if floor == "models" and target not in BELOW_MODELS:
                found.append(f"{where}: models import only {sorted(BELOW_MODELS)}")
    return found


def test_features_import_only_the_shared_base():
    assert violations() == []


def test_the_check_sees_a_feature_importing_another(tmp_path, monkeypatch):
    feature = tmp_path / "partnernet" / "reports"
    feature.mkdir(parents=True)
    (feature / "views.py").write_text("from partnernet.assistance.lists import staff_filter\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "partnernet")
    assert violations() == [
        "partnernet/reports/views.py:1 imports partnernet.assistance: a feature imports "
        "another feature"]
