"""The package is layered and its imports point one way (down), with no cycle.

Every import is read from the source (at the top of a module or inside a function: both are
imports), and every module is imported alone in a fresh interpreter, as pip-tools'
test_circular_imports does, so that an import that only works after another is caught.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "materiel"

# Lowest first: a module may import from its own layer and the layers above it in this list.
LAYERS = [
    ("errors",),  # one root for every error materiel raises
    ("format",),  # vocabulary, quantities, models, catalog, problems, schema
    ("reading",),  # strict and fast YAML: document.py alone knows there are two paths
    ("dataset",),  # validation, ids, references, the built-in catalog
    ("analysis",),  # rules and queries returning typed rows
    ("output",),  # tables, CSV/JSON/Markdown, terminal, charts, HTML
    ("writing",),  # the YAML emitter, add, draft
    ("importers",),  # the public record
    ("api",),  # the Python API
    ("cli", "__main__"),  # the command line
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(module_name(p) for p in PACKAGE.rglob("*.py"))


def layer(module: str) -> int | None:
    """The rank of a module of the package (None for the package's own `__init__`)."""
    parts = module.split(".")
    return RANK[parts[1]] if len(parts) > 1 else None


def imports_of(module: str) -> set[str]:
    """Every module of the package that `module` imports, anywhere in its source."""
    path = PACKAGE.parent.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("materiel"):
                for alias in node.names:  # `from . import queries` imports a module
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in MODULES else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("materiel"))
    found.discard(module)
    return found


def test_every_module_has_a_layer():
    unknown = [m for m in MODULES if m != "materiel" and m.split(".")[1] not in RANK]
    assert not unknown, f"add these to LAYERS: {unknown}"


def test_imports_point_down_the_layers():
    upward = []
    for module in MODULES:
        here = layer(module)
        for target in imports_of(module):
            there = layer(target)
            if here is not None and there is not None and there > here:
                upward.append(f"{module} -> {target}")
    assert not upward, "imports that point up a layer:\n" + "\n".join(upward)


def test_no_import_cycle():
    graph = {m: imports_of(m) & set(MODULES) for m in MODULES}
    # `materiel/__init__.py` only re-exports lazily; `from materiel import __version__` is a leaf read.
    for targets in graph.values():
        targets.discard("materiel")
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for module in MODULES:
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_layer_test_reads_imports_of_every_kind():
    # It must be able to fail: it sees `from ..analysis import queries` (a module named in a
    # from-import) and relative imports, and ranks them.
    assert "materiel.analysis.queries" in imports_of("materiel.output.report")
    assert layer("materiel.analysis.queries") < layer("materiel.output.report")
    assert "materiel.errors" in imports_of("materiel.dataset.build")


def test_every_module_imports_alone_in_a_fresh_interpreter():
    script = ("import importlib, sys\n"
              "failed = []\n"
              "for name in sys.argv[1:]:\n"
              "    for loaded in [m for m in sys.modules if m == 'materiel' or m.startswith('materiel.')]:\n"
              "        del sys.modules[loaded]\n"
              "    try:\n"
              "        importlib.import_module(name)\n"
              "    except Exception as error:\n"
              "        failed.append(f'{name}: {type(error).__name__}: {error}')\n"
              "print('\\n'.join(failed))\n")
    result = subprocess.run([sys.executable, "-c", script, *MODULES], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", result.stdout


@pytest.mark.parametrize("module", ["materiel", "materiel.cli"])
def test_the_command_line_starts_without_pydantic_or_rich(module):
    # `materiel --help` must start quickly: the app's modules import neither.
    code = (f"import sys, {module}; "
            "print(sorted(m for m in ('pydantic', 'rich', 'yaml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
