"""The layers of access: ``accounts``, ``core`` and ``network`` import no feature (not even inside
a function), and after ``create_app`` every feature's permissions are registered into the one
``can()`` from its own ``access.py``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from intranet.accounts.permissions import can, registered_actions

PACKAGE = Path(__file__).resolve().parents[1] / "intranet"
BASE = ("accounts", "core", "network")
FEATURES = (
    "forum",
    "essays",
    "events",
    "lessonstudy",
    "resources",
    "monitoring",
    "directions",
    "home",
    "notifications",
)


def _imported_packages(path: Path, source: str | None = None) -> set[str]:
    """The ``intranet`` subpackages that the module at ``path`` imports, anywhere in it."""
    module = path.relative_to(PACKAGE.parent).with_suffix("").parts  # ("intranet", "core", ...)
    if source is None:
        source = path.read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(module[: len(module) - node.level])
                target = ".".join(base + ([node.module] if node.module else []))
                # ``from .. import forum`` names the packages in the imported names.
                names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "intranet":
                found.add(parts[1])
    return found


def _modules(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


@pytest.mark.parametrize("package", BASE)
def test_the_base_imports_no_feature(package):
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(_imported_packages(path) & set(FEATURES))
        for path in _modules(package)
    }
    assert _modules(package), package
    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_import_check_sees_imports_inside_functions():
    """The check itself can fail: imports inside functions, absolute or relative, are found."""
    sample = PACKAGE / "core" / "sample.py"
    source = (
        "def later():\n"
        "    from ..forum.models import Category\n"
        "    from .. import essays\n"
        "    import intranet.events.access\n"
    )
    assert _imported_packages(sample, source) == {"forum", "essays", "events"}


#: At least these permissions, one or more of each feature, exist once the app is built.
KNOWN = {
    "app.use", "user.view", "user.manage", "audit.view",
    "network.view", "network.view_school", "network.manage", "network.manage_members",
    "forum.view_category", "forum.post", "forum.edit_post", "forum.moderate",
    "forum.manage_categories", "forum.review_reports",
    "lessonstudy.view", "lessonstudy.write", "lessonstudy.lead", "lessonstudy.publish",
    "monitoring.view", "monitoring.view_network", "monitoring.view_school",
    "directions.view", "directions.manage", "directions.record_adoption",
    "resources.view", "resources.review", "resources.decide", "resources.revise",
    "essays.view_cycle", "essays.view_essay", "essays.write", "essays.track",
    "essays.track_school", "essays.comment", "essays.give_feedback",
    "events.view", "events.view_network", "events.manage", "events.rsvp", "events.manage_years",
}  # fmt: skip


def test_every_feature_registers_its_permissions(app):
    actions = set(registered_actions())
    assert actions >= KNOWN, sorted(KNOWN - actions)
    features = {action.split(".")[0] for action in actions}
    assert features >= {"forum", "essays", "events", "lessonstudy", "resources", "monitoring"}


def test_the_templates_ask_only_for_registered_permissions(app):
    """Every ``can(..., "x.y"`` written in a template or a module names a registered one."""
    import re

    pattern = re.compile(r"""\bcan\(\s*[\w.]+\s*,\s*["']([a-z_]+\.[a-z_]+)["']""")
    sources = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "templates").rglob("*.html")]
    asked = {m for path in sources for m in pattern.findall(path.read_text(encoding="utf-8"))}
    assert asked, "the pattern finds nothing: the test proves nothing"
    assert asked <= set(registered_actions()), sorted(asked - set(registered_actions()))


def test_an_unknown_permission_is_an_error(app, factory):
    with pytest.raises(LookupError, match="no permission named"):
        can(factory.user(), "forum.fly")
