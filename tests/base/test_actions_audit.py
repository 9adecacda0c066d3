"""Every action writes ONE audit entry (docs/architecture.md, "Rules").

Reads every product module with `ast`, finds the public functions decorated with
`transaction.atomic` (the actions), and follows each path through them, into the
functions they call (of any product module): an action that calls `audit.record` (or
`audit.log_deletion`, which writes one entry) inside a loop, or more than once on one
path, fails here, unless ALLOWED says why it may.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("makelaar", "initiatives", "signals")

#: Calls that append one audit entry.
WRITES = frozenset({"record", "log_deletion"})

#: "module:function" -> why it may write more than one entry per call.
ALLOWED: dict[str, str] = {
    "signals.actions:start_initiative_from_need": (
        "two records begin or move: a new initiative, whose history starts with its own "
        "create_initiative entry as from the form, and the need it answers, with one "
        "answer_signal_by_need entry naming the initiative and every signal"
    ),
}

#: Stands for "unbounded": a write inside a loop.
LOOP = 10**6


def product_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or "management" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), ast.parse(path.read_text(), filename=str(path))


def is_atomic(decorator) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(target) in {"transaction.atomic", "atomic"}


class Graph:
    """The functions of all product modules, and how many entries a call of each writes."""

    def __init__(self):
        self.functions = {}  # "module:name" -> FunctionDef
        self.aliases = {}  # module -> {local name: "module:name" or "module"}
        for module, tree in product_modules():
            names = self.aliases.setdefault(module, {})
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions[f"{module}:{node.name}"] = node
                    names[node.name] = f"{module}:{node.name}"
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    for alias in node.names:
                        local = alias.asname or alias.name
                        names.setdefault(local, f"{node.module}:{alias.name}")
                        names.setdefault(f"module {local}", f"{node.module}.{alias.name}")
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        names.setdefault(f"module {alias.asname or alias.name}", alias.name)
        self.costs = {}
        self.loops = {}  # "module:name" -> line numbers of writes inside loops

    def resolve(self, module, func) -> str | None:
        names = self.aliases.get(module, {})
        if isinstance(func, ast.Name):
            key = names.get(func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            target = names.get(f"module {func.value.id}")
            key = f"{target}:{func.attr}" if target else None
        else:
            return None
        return key if key in self.functions else None

    def cost(self, key) -> int:
        """How many entries one call of `key` writes on its longest path."""
        if key not in self.costs:
            self.costs[key] = 0  # recursion: counted once
            module = key.split(":")[0]
            self.costs[key] = self.block(module, key, self.functions[key].body)[0]
        return self.costs[key]

    def calls(self, module, key, node, in_loop=False) -> int:
        """Entries written by evaluating the expression (or simple statement) `node`."""
        if node is None or isinstance(node, (ast.Lambda, ast.FunctionDef, ast.ClassDef)):
            return 0
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            in_loop = True
        total = 0
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in WRITES:
                total += 1
            else:
                callee = self.resolve(module, func)
                if callee is not None:
                    total += self.cost(callee)
            if total and in_loop:
                self.loops.setdefault(key, []).append(node.lineno)
                total = LOOP
        for child in ast.iter_child_nodes(node):
            total += self.calls(module, key, child, in_loop)
        return min(total, LOOP)

    def block(self, module, key, statements) -> tuple[int, bool]:
        """(entries on the longest path through `statements`, whether every path ends)."""
        total = 0
        for index, statement in enumerate(statements):
            if isinstance(statement, ast.If):
                test = self.calls(module, key, statement.test)
                body, body_ends = self.block(module, key, statement.body)
                other, other_ends = self.block(module, key, statement.orelse)
                if body_ends and other_ends:
                    return total + test + max(body, other), True
                if body_ends or other_ends:
                    rest, rest_ends = self.block(module, key, statements[index + 1 :])
                    ended, going = (body, other) if body_ends else (other, body)
                    return total + test + max(ended, going + rest), rest_ends
                total += test + max(body, other)
            elif isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
                head = self.calls(module, key, getattr(statement, "iter", None))
                head += self.calls(module, key, getattr(statement, "test", None))
                body = self.block(module, key, statement.body)[0]
                if body:
                    self.loops.setdefault(key, []).append(statement.lineno)
                    body = LOOP
                total += head + body + self.block(module, key, statement.orelse)[0]
            elif isinstance(statement, (ast.With, ast.AsyncWith)):
                heads = sum(self.calls(module, key, item) for item in statement.items)
                body, ends = self.block(module, key, statement.body)
                total += heads + body
                if ends:
                    return total, True
            elif isinstance(statement, ast.Try):
                body = self.block(module, key, statement.body)[0]
                handlers = [self.block(module, key, h.body)[0] for h in statement.handlers]
                total += body + max(handlers, default=0)
                total += self.block(module, key, statement.orelse)[0]
                total += self.block(module, key, statement.finalbody)[0]
            elif isinstance(statement, (ast.Return, ast.Raise)):
                return total + self.calls(module, key, statement), True
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            else:
                total += self.calls(module, key, statement)
        return min(total, LOOP), False


def actions(graph):
    for key, node in graph.functions.items():
        if not node.name.startswith("_") and any(map(is_atomic, node.decorator_list)):
            yield key


def test_the_check_finds_the_actions():
    graph = Graph()
    found = set(actions(graph))
    for key in (
        "initiatives.actions:stop_initiative",
        "initiatives.tasks:flag_due_check_ins",
        "signals.actions:remind_overdue_signals",
        "makelaar.base.actions:delete_in_admin",
        "makelaar.reporting.actions:request_export",
    ):
        assert key in found


def test_every_action_writes_at_most_one_audit_entry_per_call():
    graph = Graph()
    wrong = []
    for key in actions(graph):
        count = graph.cost(key)
        if count > 1 and key not in ALLOWED:
            where = graph.loops.get(key)
            how = f"in a loop (line {where[0]})" if where else f"{count} on one path"
            wrong.append(f"{key}: audit entries {how}")
    assert not wrong, "One audit entry per action (docs/architecture.md, Rules):\n" + "\n".join(
        wrong
    )


def test_every_action_writes_an_audit_entry():
    graph = Graph()
    silent = [key for key in actions(graph) if graph.cost(key) == 0]
    assert not silent, "Actions that write no audit entry on any path:\n" + "\n".join(silent)


def test_the_allow_list_names_actions_that_need_it():
    graph = Graph()
    for key, reason in ALLOWED.items():
        assert reason.strip(), key
        assert key in graph.functions, f"{key} is gone: remove it from ALLOWED"
        assert graph.cost(key) > 1, f"{key} writes one entry now: remove it from ALLOWED"


def test_the_check_counts_loops_branches_and_called_functions():
    source = """
from django.db import transaction
from makelaar.base import audit

def _helper(x):
    audit.record(obj=x)

@transaction.atomic
def one_per_branch(x, flag):
    if flag:
        audit.record(obj=x)
        return x
    audit.record(obj=x)

@transaction.atomic
def twice(x):
    audit.record(obj=x)
    _helper(x)

@transaction.atomic
def looped(xs):
    for x in xs:
        _helper(x)

@transaction.atomic
def comprehension(xs):
    return [audit.record(obj=x) for x in xs]
"""
    graph = Graph.__new__(Graph)
    graph.functions, graph.aliases, graph.costs, graph.loops = {}, {"m": {}}, {}, {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            graph.functions[f"m:{node.name}"] = node
            graph.aliases["m"][node.name] = f"m:{node.name}"
    assert graph.cost("m:one_per_branch") == 1
    assert graph.cost("m:twice") == 2
    assert graph.cost("m:looped") == LOOP
    assert graph.cost("m:comprehension") == LOOP
