"""First-order mutants of a reference solution: each one small mistake a learner could make.

Every mutant changes one node (or one statement list) of the program's syntax tree, inside the
lines a learner writes. A node is addressed by its position in `ast.walk` order, which is the
same in the tree and in a fresh copy of it, so a mutation is applied to a copy and unparsed.

Operators (the mistakes they model):
- operator swaps: + and -, * and /, @ and *, comparisons (> and >=, == and !=), a sign dropped;
- augmented assignments: -= and +=, *= and /=;
- axes: axis 0 and 1 swapped or dropped, keepdims dropped;
- transposes: a .T added to an operand of @ or to its result, or removed;
- swapped arrays: one attribute read instead of another set in the same method (self.Z for
  self.A, self.dW for self.W), a function instead of its derivative (and back);
- swapped arguments: one parameter of a function read instead of another (fan-in for fan-out);
- changed constants and return values (return None);
- statements deleted, adjacent statements swapped;
- numpy twins: np.maximum and np.minimum, np.sum and np.mean;
- in-place updates of an input: `dA = dA * s` becomes `dA *= s`, which changes the caller's array.
"""

from __future__ import annotations

import ast
import copy
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from nnkit.audit.reference import Reference

SWAPPED_OPERATORS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
                     ast.MatMult: ast.Mult}
SWAPPED_COMPARISONS = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Eq: ast.NotEq,
                       ast.NotEq: ast.Eq}
SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "@", ast.Gt: ">", ast.GtE: ">=",
          ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==", ast.NotEq: "!="}
NUMPY_TWINS = {"maximum": "minimum", "minimum": "maximum", "sum": "mean", "mean": "sum"}


@dataclass(frozen=True)
class Mutant:
    number: int
    operator: str  # which kind of mistake
    description: str  # what changed, e.g. "`dZ @ A_prev.T` -> `dZ @ A_prev`"
    line: int  # in the reference program
    source: str  # the whole mutated program


@dataclass(frozen=True)
class Mutation:
    slot: int  # position of the node (or of the statement list) in walk order
    operator: str
    description: str
    line: int
    make: Callable  # node -> replacement node (or list -> new list, for statement lists)
    on_list: bool = False


def slots(tree: ast.AST) -> Iterator[tuple[ast.AST, str, int | None, ast.AST]]:
    """Every (parent, field, index, node) in a deterministic order (ast.walk's)."""
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        yield parent, field, index, item
            elif isinstance(value, ast.AST):
                yield parent, field, None, value


def statement_lists(tree: ast.AST) -> Iterator[tuple[ast.AST, str, list]]:
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            value = getattr(parent, field, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                yield parent, field, value


def text(node: ast.AST) -> str:
    return ast.unparse(node)


class Finder:
    """Collects the mutations of one program, restricted to the learner's lines."""

    def __init__(self, tree: ast.Module, learner_lines: frozenset[int]):
        self.tree = tree
        self.learner_lines = learner_lines
        self.found: list[Mutation] = []
        self.assigned_together = self.attributes_by_method()
        self.twins = self.function_twins()

    def mine(self, node: ast.AST) -> bool:
        return getattr(node, "lineno", None) in self.learner_lines

    def add(self, slot: int, operator: str, before: ast.AST, make: Callable, what: str | None = None) -> None:
        try:
            after = text(make(copy.deepcopy(before)))
        except Exception:  # a mutation that cannot be built here is simply not offered
            return
        if after != text(before):
            self.found.append(Mutation(slot, operator, what or f"`{text(before)}` -> `{after}`",
                                       before.lineno, make))

    # -- context the operators need ----------------------------------------------
    def attributes_by_method(self) -> dict[ast.AST, set[str]]:
        """For each function: the self attributes it assigns (its "twins" for a swap)."""
        groups: dict[ast.AST, set[str]] = {}
        for function in ast.walk(self.tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                groups[function] = {target.attr for node in ast.walk(function)
                                    for target in getattr(node, "targets", [getattr(node, "target", None)])
                                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                                    and target.value.id == "self"}
        return groups

    def function_twins(self) -> dict[str, str]:
        """Module-level function names paired with their derivative (f <-> f_derivative)."""
        names = {node.name for node in ast.walk(self.tree) if isinstance(node, ast.FunctionDef)}
        twins = {}
        for name in names:
            for other in (f"{name}_derivative", f"{name}_prime", f"d{name}"):
                if other in names:
                    twins[name], twins[other] = other, name
        return twins

    # -- the walk --------------------------------------------------------------------
    def find(self) -> list[Mutation]:
        owner = self.enclosing_functions()
        for slot, (parent, field, index, node) in enumerate(slots(self.tree)):
            if not self.mine(node):
                continue
            self.operators(slot, parent, node, owner.get(node))
        for slot, (parent, field, body) in enumerate(statement_lists(self.tree)):
            self.statement_mutations(slot, body)
        return self.found

    def enclosing_functions(self) -> dict[ast.AST, ast.AST]:
        """node -> the innermost function holding it (ast.walk meets outer functions first)."""
        owner = {}
        for function in ast.walk(self.tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if node is not function:
                        owner[node] = function
        return owner

    def operators(self, slot: int, parent: ast.AST, node: ast.AST, function: ast.AST | None) -> None:
        if isinstance(node, ast.BinOp) and type(node.op) in SWAPPED_OPERATORS:
            new = SWAPPED_OPERATORS[type(node.op)]
            self.add(slot, "operator swap", node, lambda n, new=new: ast.BinOp(n.left, new(), n.right))
            if isinstance(node.op, ast.MatMult):
                self.add(slot, "transpose added", node, lambda n: ast.Attribute(n, "T", ast.Load()))
                for side in ("left", "right"):
                    operand = getattr(node, side)
                    if isinstance(operand, ast.Attribute) and operand.attr == "T":
                        continue
                    self.add(slot, "transpose added", node,
                             lambda n, side=side: transposed_operand(n, side))
        if isinstance(node, ast.AugAssign) and type(node.op) in SWAPPED_OPERATORS:
            new = SWAPPED_OPERATORS[type(node.op)]
            self.add(slot, "augmented assignment swap", node,
                     lambda n, new=new: ast.AugAssign(n.target, new(), n.value))
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in SWAPPED_COMPARISONS:
            new = SWAPPED_COMPARISONS[type(node.ops[0])]
            self.add(slot, "comparison swap", node,
                     lambda n, new=new: ast.Compare(n.left, [new()], n.comparators))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            self.add(slot, "sign dropped", node, lambda n: n.operand)
        if isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
            self.add(slot, "transpose removed", node, lambda n: n.value)
        if isinstance(node, ast.Call):
            self.call_mutations(slot, node)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
            self.constant_mutations(slot, parent, node)
        if isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            self.add(slot, "return value", node, lambda n: ast.Return(ast.Constant(None)))
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name) \
                and node.value.id == "self" and function is not None:
            for other in sorted(self.twin_attributes(node.attr)):
                self.add(slot, "swapped attribute", node,
                         lambda n, other=other: ast.Attribute(n.value, other, ast.Load()))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            self.name_mutations(slot, node, function)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, ast.BinOp) and isinstance(node.value.left, ast.Name) \
                and node.value.left.id == node.targets[0].id and function is not None \
                and node.targets[0].id in parameter_names(function):
            self.add(slot, "input changed in place", node,
                     lambda n: ast.AugAssign(ast.Name(n.targets[0].id, ast.Store()), n.value.op, n.value.right))

    def twin_attributes(self, attribute: str) -> set[str]:
        """Attributes assigned in the same method as `attribute` (Z, A and A_prev in forward)."""
        twins: set[str] = set()
        for group in self.assigned_together.values():
            if attribute in group:
                twins |= group
        return twins - {attribute}

    def call_mutations(self, slot: int, node: ast.Call) -> None:
        for index, keyword in enumerate(node.keywords):
            if keyword.arg == "axis" and isinstance(keyword.value, ast.Constant) and keyword.value.value in (0, 1):
                self.add(slot, "axis", node, lambda n, i=index: with_keyword(n, i, ast.Constant(1 - n.keywords[i].value.value)))
            if keyword.arg in ("axis", "keepdims"):
                self.add(slot, keyword.arg, node, lambda n, i=index: without_keyword(n, i))
        function = node.func
        if isinstance(function, ast.Attribute) and function.attr in NUMPY_TWINS:
            self.add(slot, "numpy twin", node, lambda n: ast.Call(
                ast.Attribute(n.func.value, NUMPY_TWINS[n.func.attr], ast.Load()), n.args, n.keywords))

    def constant_mutations(self, slot: int, parent: ast.AST, node: ast.Constant) -> None:
        value = node.value
        if isinstance(parent, ast.keyword) and parent.arg in ("axis", "keepdims"):
            return  # the axis operators cover these
        if isinstance(value, bool):
            self.add(slot, "constant", node, lambda n: ast.Constant(not n.value))
            return
        for changed in dict.fromkeys((0 if value else 1, value * 2 if value else -1)):
            if changed != value:
                self.add(slot, "constant", node, lambda n, c=changed: ast.Constant(type(n.value)(c)))

    def name_mutations(self, slot: int, node: ast.Name, function: ast.AST | None) -> None:
        if node.id in self.twins:
            self.add(slot, "function vs derivative", node, lambda n: ast.Name(self.twins[n.id], ast.Load()))
        if function is None:
            return
        parameters = [p for p in parameter_names(function) if p != "self"]
        if node.id in parameters:
            for other in parameters:
                if other != node.id:
                    self.add(slot, "swapped argument", node, lambda n, other=other: ast.Name(other, ast.Load()))

    def statement_mutations(self, slot: int, body: list) -> None:
        for index, statement in enumerate(body):
            if not self.mine(statement) or isinstance(statement, (ast.FunctionDef, ast.ClassDef)):
                continue
            if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)):  # docstrings
                self.found.append(Mutation(slot, "statement deleted", f"deleted `{text(statement).splitlines()[0]}`",
                                           statement.lineno, lambda b, i=index: b[:i] + [ast.Pass()] + b[i + 1:],
                                           on_list=True))
            if index + 1 < len(body) and self.mine(body[index + 1]) \
                    and not isinstance(body[index + 1], (ast.FunctionDef, ast.ClassDef, ast.Return)):
                first, second = text(statement).splitlines()[0], text(body[index + 1]).splitlines()[0]
                self.found.append(Mutation(slot, "statements swapped", f"swapped `{first}` and `{second}`",
                                           statement.lineno,
                                           lambda b, i=index: b[:i] + [b[i + 1], b[i]] + b[i + 2:], on_list=True))


def parameter_names(function: ast.AST) -> list[str]:
    arguments = function.args
    return [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]


def transposed_operand(node: ast.BinOp, side: str) -> ast.BinOp:
    operand = getattr(node, side)
    new = ast.Attribute(operand, "T", ast.Load())
    return ast.BinOp(new, node.op, node.right) if side == "left" else ast.BinOp(node.left, node.op, new)


def with_keyword(node: ast.Call, index: int, value: ast.AST) -> ast.Call:
    keywords = list(node.keywords)
    keywords[index] = ast.keyword(keywords[index].arg, value)
    return ast.Call(node.func, node.args, keywords)


def without_keyword(node: ast.Call, index: int) -> ast.Call:
    return ast.Call(node.func, node.args, node.keywords[:index] + node.keywords[index + 1:])


def apply(tree: ast.Module, mutation: Mutation) -> ast.Module:
    mutated = copy.deepcopy(tree)
    if mutation.on_list:
        parent, field, body = list(statement_lists(mutated))[mutation.slot]
        setattr(parent, field, mutation.make(body))
    else:
        parent, field, index, node = next(s for i, s in enumerate(slots(mutated)) if i == mutation.slot)
        replacement = mutation.make(node)
        if index is None:
            setattr(parent, field, replacement)
        else:
            getattr(parent, field)[index] = replacement
    return ast.fix_missing_locations(mutated)


def spread(mutations: list[Mutation], limit: int | None) -> list[Mutation]:
    """At most `limit` mutations, taken in turn from each operator so every kind is represented."""
    if limit is None or len(mutations) <= limit:
        return mutations
    by_operator: dict[str, list[Mutation]] = defaultdict(list)
    for mutation in mutations:
        by_operator[mutation.operator].append(mutation)
    chosen: list[Mutation] = []
    queues = [list(group) for group in by_operator.values()]
    while len(chosen) < limit:
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return sorted(chosen, key=lambda m: (m.line, m.slot))


def mutants(reference: Reference, limit: int | None = None) -> tuple[str, list[Mutant]]:
    """(the reference as the mutants are written, unparsed; its mutants, each compiling)."""
    tree = ast.parse(reference.source)
    baseline = ast.unparse(tree)
    found, seen = [], {baseline}
    for mutation in spread(Finder(tree, reference.learner_lines).find(), None):
        try:
            source = ast.unparse(apply(tree, mutation))
            compile(source, "<mutant>", "exec")
        except (SyntaxError, ValueError, TypeError, StopIteration):
            continue
        if source in seen:
            continue
        seen.add(source)
        found.append((mutation, source))
    chosen = {id(m) for m in spread([m for m, _ in found], limit)}
    result = [Mutant(0, m.operator, m.description, m.line, source) for m, source in found if id(m) in chosen]
    return baseline, [Mutant(i + 1, m.operator, m.description, m.line, m.source) for i, m in enumerate(result)]
