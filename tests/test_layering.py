"""Layering, read from the source with ``ast``: a feature's views are its own (what two features
share lives in a module that is not a view), and the demo and benchmark data in
``intranet/demo/`` stay out of what runs in production (only the ``seed-demo`` command loads them).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "intranet"
VIEWS = re.compile(r"^(\w+_)?views$")
#: What may load the demo data: the package itself and the command that seeds it.
DEMO = "intranet.demo"
DEMO_IMPORTERS = ("intranet.demo", "intranet.commands")


@dataclass(frozen=True)
class Import:
    module: str
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def known_modules() -> set[str]:
    return {module_name(path) for path in PACKAGE.rglob("*.py")}


def imports_of(name: str, source: str, is_package: bool, modules: set[str]) -> list[Import]:
    """Every module ``name`` imports (anywhere, functions included), as absolute names; for
    ``from package import name`` the submodule when ``name`` is one."""
    here = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append(Import(target, node.lineno))
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    found.append(Import(f"{target}.{alias.name}", node.lineno))
    return sorted(found, key=lambda found_import: found_import.line)


def owner(module: str) -> str:
    """The package a module belongs to (a package's ``__init__`` belongs to itself)."""
    return module.rpartition(".")[0]


def problems(name: str, imports: list[Import], is_package: bool) -> list[str]:
    mine = name if is_package else owner(name)
    found = []
    for target in imports:
        last = target.module.rpartition(".")[2]
        if VIEWS.match(last) and owner(target.module) != mine:
            found.append(f"line {target.line}: imports another package's views {target.module}")
        in_demo = target.module == DEMO or target.module.startswith(DEMO + ".")
        allowed = any(name == ok or name.startswith(ok + ".") for ok in DEMO_IMPORTERS)
        if in_demo and not allowed:
            found.append(f"line {target.line}: imports demo data {target.module}")
    return found


def check(name: str, source: str, is_package: bool, modules: set[str]) -> list[str]:
    return problems(name, imports_of(name, source, is_package, modules), is_package)


def test_the_checker_sees_views_and_demo_imports_in_every_spelling():
    modules = {"intranet.accounts.views", "intranet.resources.file_views", "intranet.demo"}
    source = """
from ..accounts.views import render_login_page
from ..resources import file_views
import intranet.demo
def later():
    from intranet.demo.samples import pdf_bytes
from . import panels
from .views import bp
"""
    assert check("intranet.home.views", source, False, modules) == [
        "line 2: imports another package's views intranet.accounts.views",
        "line 3: imports another package's views intranet.resources.file_views",
        "line 4: imports demo data intranet.demo",
        "line 6: imports demo data intranet.demo.samples",
    ]
    # A package's own views, and the demo seen from the command that seeds it, are fine.
    assert check("intranet.accounts", "from .views import bp", True, modules) == []
    seed = "def seed():\n    from .demo import seed_demo\n"
    assert check("intranet.commands", seed, False, modules) == []
    assert check("intranet.demo.forum", "from ..forum.services import reply", False, modules) == []


def test_no_module_imports_another_features_views_or_the_demo_data():
    modules = known_modules()
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = module_name(path)
        if problems_here := check(name, source, path.name == "__init__.py", modules):
            found[str(path.relative_to(ROOT))] = problems_here
    assert found == {}
