"""The shape of the package (docs/architecture.md): imports point down the layers only, no
import circle, and every import made inside a function says why.

The imports are read with ``ast``, so a test fails on the line that breaks a rule, whether or not
that line ever runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from frauddetector_mock import service
from frauddetector_mock.spec import service_model

PACKAGE = Path(__file__).resolve().parent.parent / "frauddetector_mock"
NAME = PACKAGE.name

# Lowest first. A module may import from its own group and from any lower layer; groups of one
# layer never import each other (the store and the controls, predictions and training).
LAYERS: list[list[str]] = [
    ["errors", "spec", "clock", "calls", "messages", "detectorpl"],
    ["wire.protocol", "wire.validation", "wire.hooks", "wire.control_fields"],
    ["store", "controls"],
    ["predict", "training"],
    ["backend"],
    ["service"],
    ["state_codec"],
    ["persistence"],
    ["state_database"],
    ["wire.intercept", "wire.server"],
    ["mock", "pytest_plugin", "demo", "cli", "__main__", "__init__", "wire"],
]
TOP = len(LAYERS) - 1  # the public face, whose modules gather each other


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted below the package: "store.rules"
    target: str  # the imported module, likewise
    line: int
    kind: str  # "top", "function" or "typing" (under TYPE_CHECKING)
    reason: bool  # a comment says why (function-level imports only)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(source: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = source.split(".")
            is_package = MODULES[source].name == "__init__.py"
            base = base[: len(base) - node.level + (1 if is_package else 0)]
            module = ".".join([NAME, *base, *([node.module] if node.module else [])])
        else:
            module = node.module or ""
        # ``from X import a``: the module X.a when there is one, else X itself.
        names = [
            f"{module}.{alias.name}"
            if f"{module}.{alias.name}"[len(NAME) + 1 :] in MODULES
            else module
            for alias in node.names
        ]
    found = []
    for name in names:
        if name != NAME and not name.startswith(NAME + "."):
            continue
        dotted = name[len(NAME) + 1 :] if name != NAME else "__init__"
        while dotted and dotted not in MODULES and "." in dotted:
            dotted = dotted.rsplit(".", 1)[0]
        if dotted in MODULES and dotted != source:
            found.append(dotted)
    return sorted(set(found))


def _has_reason(lines: list[str], node: ast.stmt) -> bool:
    """A comment on the import's line, or on the line above the run of imports it is part of."""
    if "#" in lines[node.lineno - 1]:
        return True
    above = node.lineno - 2
    while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def _imports() -> list[Import]:
    found: list[Import] = []
    for source, path in MODULES.items():
        text = path.read_text()
        lines = text.splitlines()

        def walk(node: ast.AST, kind: str, source: str = source, lines: list[str] = lines) -> None:
            for child in ast.iter_child_nodes(node):
                inner = kind
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    inner = "typing"
                elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and kind == "top":
                    inner = "function"
                if isinstance(child, ast.Import | ast.ImportFrom):
                    reason = kind != "function" or _has_reason(lines, child)
                    found.extend(
                        Import(source, target, child.lineno, kind, reason)
                        for target in _resolve(source, child)
                    )
                    if kind == "function" and not reason:  # stdlib or third-party, no reason
                        found.append(Import(source, "", child.lineno, kind, False))
                walk(child, inner)

        walk(ast.parse(text), "top")
    return found


IMPORTS = _imports()


def _group(module: str) -> tuple[int, str]:
    """(layer, group) of a module: the longest group name it falls under."""
    best: tuple[int, str] | None = None
    for layer, groups in enumerate(LAYERS):
        for group in groups:
            if (module == group or module.startswith(group + ".")) and (
                best is None or len(group) > len(best[1])
            ):
                best = (layer, group)
    assert best is not None, f"{module} belongs to no layer: add it to LAYERS"
    return best


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _group(module)


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for item in IMPORTS:
        if not item.target:
            continue
        source_layer, source_group = _group(item.source)
        target_layer, target_group = _group(item.target)
        if target_layer < source_layer or source_group == target_group:
            continue
        if target_layer == source_layer == TOP:
            continue
        wrong.append(f"{item.source}:{item.line} ({item.kind}) imports {item.target}")
    assert wrong == []


def test_no_import_circle() -> None:
    """Imports that run (at the top or in a function) form no circle; annotations may refer
    back within one folder (the store's state and its records)."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for item in IMPORTS:
        if item.target and item.kind != "typing":
            graph[item.source].add(item.target)
    circles = _circles(graph)
    assert circles == []


def test_type_only_imports_stay_in_their_folder_when_they_point_back() -> None:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for item in IMPORTS:
        if item.target:
            graph[item.source].add(item.target)
    for circle in _circles(graph):
        folders = {module.split(".")[0] for module in circle}
        assert len(folders) == 1, f"an import circle across folders: {circle}"


def test_every_import_inside_a_function_says_why() -> None:
    silent = sorted(
        {f"{item.source}:{item.line}" for item in IMPORTS if item.kind == "function"}
        - {
            f"{item.source}:{item.line}"
            for item in IMPORTS
            if item.kind == "function" and item.reason
        }
    )
    assert silent == [], "add a one-line comment that says why the import waits"


def test_the_codec_reads_no_private_attribute() -> None:
    """It never sees the backend (the layers see to that) nor anything's private parts."""
    tree = ast.parse((PACKAGE / "wire" / "protocol.py").read_text())
    private = [
        f"{ast.unparse(node)} at line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    assert private == []


@pytest.mark.parametrize("module", sorted(service.FAMILIES))
def test_each_family_answers_exactly_the_operations_the_table_gives_it(module: str) -> None:
    assert sorted(service.load(module)) == sorted(service.FAMILIES[module])


def test_the_table_names_every_operation_of_the_model() -> None:
    assert sorted(service.OPERATIONS) == sorted(service_model().operation_names)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of ``graph`` with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
