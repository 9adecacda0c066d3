"""Fail when our packages import each other in a circle, or a layer imports one above it.

    .venv/bin/python tooling/lint/check_imports.py

Reads every module of makelaar, initiatives, signals and tooling (migrations left out)
with `ast`, without importing anything (no Django, no database), and draws an edge for
each import of one of our modules by another. `from x import y` counts as an import of
x.y where y is a module. An import done while the module loads (at the top, in a class
body, under an `if`) is a module-level edge; one inside a function runs only when the
function is called and is listed apart.

Two rules:

1. No cycle, whether its imports run at load time or in a function. At module level,
   which module of the circle loads first decides what the others see half-built; an
   import moved into a function only hides that, and usually means code sits in the
   wrong module: move it down to a module both sides can import. The one exception is
   a function-level import listed in ALLOWED_IN_FUNCTIONS with the reason it is still
   there; an entry whose import is gone fails the check too, so the list only shrinks.
2. No upward import. LAYERS lists the layers, lowest first (the base, initiatives,
   signals, the pages that read across both apps, the project's settings and urls,
   tooling); a module imports its own layer and those below it. Management commands
   are entry points and may import any layer (the demo and benchmark commands call
   into tooling). ALLOWED_UPWARD names the one other exception and why.

The message names each cycle's modules and the imports that close it (function-level
ones marked), and each upward import. Exit status 1 when one is found, 0 otherwise.
tests/tooling/test_import_graph.py runs the same check in the suite; `make lint` runs this
script.
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ("makelaar", "initiatives", "signals", "tooling")
SKIP_DIRS = {"migrations", "__pycache__"}

#: (importer, imported) -> why this import inside a function still closes a cycle.
ALLOWED_IN_FUNCTIONS: dict[tuple[str, str], str] = {}

#: The layers, lowest first: (name, package prefixes). A module belongs to the layer of
#: its longest matching prefix and may import modules of its own layer and lower ones.
LAYERS = (
    ("base", ("makelaar.base",)),
    ("initiatives", ("initiatives",)),
    ("signals", ("signals",)),
    ("reporting", ("makelaar.reporting",)),
    ("project", ("makelaar",)),
    ("tooling", ("tooling",)),
)

#: (importer, imported) -> why this import may point upward.
ALLOWED_UPWARD = {
    ("makelaar.urls", "tooling.bench.middleware"): (
        "only under settings.BENCH_TIMING (make bench): the benchmark's no-op view and "
        "the admin lists it compares with"
    ),
}


def find_modules(root: pathlib.Path = ROOT) -> dict[str, pathlib.Path]:
    """Dotted module name -> file, for every module of the product packages."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if SKIP_DIRS.intersection(parts):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _target(name: str, modules: dict) -> str | None:
    """The longest prefix of `name` that is one of our modules."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _imported(node: ast.AST, module: str, is_package: bool, modules: dict) -> set[str]:
    """Our modules that one import statement imports."""
    found = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            target = _target(alias.name, modules)
            if target:
                found.add(target)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([base] if base else []))
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            target = submodule if submodule in modules else _target(base, modules)
            if target:
                found.add(target)
    found.discard(module)
    return found


def _walk(node: ast.AST, in_function: bool = False):
    """(import statement, inside a function?) for every import under `node`."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        yield from _walk(child, nested)


def import_graph(modules: dict) -> tuple[dict[str, set], dict[str, set]]:
    """Two graphs (module -> modules it imports): at module level, and in functions."""
    top = {name: set() for name in modules}
    lazy = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node, in_function in _walk(tree):
            (lazy if in_function else top)[name] |= _imported(node, name, is_package, modules)
    for name in modules:
        lazy[name] -= top[name]
    return top, lazy


def cycles(graph: dict[str, set]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def describe(component: list[str], top: dict[str, set], lazy: dict[str, set]) -> str:
    """One cycle, with the imports that close it: 'a -> b' lines."""
    members = set(component)
    lines = [f"  {' <-> '.join(component)}"]
    for module in component:
        for target in sorted(top[module] & members):
            lines.append(f"      {module} -> {target}")
        for target in sorted(lazy[module] & members):
            lines.append(f"      {module} -> {target}  (inside a function)")
    return "\n".join(lines)


def layer(module: str) -> int:
    """The index in LAYERS of the layer `module` belongs to."""
    best, best_length = 0, -1
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


def is_entry_point(module: str) -> bool:
    """A management command: run by manage.py, imported by no module of ours."""
    return ".management.commands." in module


def upward_imports(top: dict, lazy: dict, allowed: dict) -> list[list[str]]:
    """[importer, imported] for every import of a higher layer, sorted."""
    found = []
    for importer in sorted(top):
        if is_entry_point(importer):
            continue
        for imported in sorted(top[importer] | lazy[importer]):
            if layer(imported) > layer(importer) and (importer, imported) not in allowed:
                found.append([importer, imported])
    return found


def check(
    root: pathlib.Path = ROOT,
    allowed: dict = ALLOWED_IN_FUNCTIONS,
    allowed_upward: dict = ALLOWED_UPWARD,
) -> tuple[list[list[str]], str]:
    """(cycles, stale allowances and upward imports; report text); empty when imports
    point one way."""
    top, lazy = import_graph(find_modules(root))
    upward = upward_imports(top, lazy, allowed_upward)
    stale = []
    for importer, imported in allowed:
        if imported in lazy.get(importer, ()):
            lazy[importer] = lazy[importer] - {imported}
        else:
            stale.append([importer, imported])
    found = cycles({name: top[name] | lazy[name] for name in top})
    report = []
    if found:
        report.append("Import cycles (modules that import each other, directly or round a circle):")
        report.extend(describe(c, top, lazy) for c in found)
    if stale:
        report.append("Allowed in ALLOWED_IN_FUNCTIONS, but no longer imported in a function:")
        report.extend(f"  {importer} -> {imported}" for importer, imported in stale)
    if upward:
        report.append("Upward imports (a layer imports one above it; LAYERS, lowest first):")
        report.extend(
            f"  {importer} ({LAYERS[layer(importer)][0]}) -> {imported} "
            f"({LAYERS[layer(imported)][0]})"
            for importer, imported in upward
        )
    return found + stale + upward, "\n".join(report)


def main() -> int:
    found, report = check()
    if found:
        print(report, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
