"""Arithmetic over a question's drawn numbers: `(n_out, n_in)`, `sigmoid(z) * (1 - sigmoid(z))`.

A parameterised question computes its answer from the numbers it drew, with an expression
written in the bank. The expressions are our own data, but they are evaluated by walking the
syntax tree over a short list of operations and math functions, not by `eval`: a typo in a bank
file gives a clear BankError, never a call of something unexpected. Only `math` is needed, so
asking a question never imports numpy (the tests recompute every answer with numpy instead).
"""

from __future__ import annotations

import ast
import math
import operator

BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
          ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
           ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


def logistic(z: float) -> float:
    # the two branches keep exp's argument <= 0: no overflow for any z a bank file can draw
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


FUNCTIONS = {
    "sqrt": math.sqrt, "exp": math.exp, "log": math.log, "log10": math.log10, "log2": math.log2,
    "tanh": math.tanh, "sigmoid": logistic, "relu": lambda z: max(z, 0.0), "abs": abs, "min": min, "max": max,
    "round": round, "floor": math.floor, "ceil": math.ceil, "int": int, "float": float, "len": len, "sum": sum,
    "prod": math.prod, "comb": math.comb, "range": range,
}
CONSTANTS = {"pi": math.pi, "e": math.e, "True": True, "False": False}


class ExpressionError(ValueError):
    """An expression uses something outside the small language above, or fails to compute."""


def evaluate(source: str, names: dict[str, object]) -> object:
    """The value of `source` with `names` (the drawn parameters) bound."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"cannot read {source!r}: {error.msg}") from None
    try:
        return _value(tree.body, names)
    except ExpressionError:
        raise
    except (ArithmeticError, ValueError, TypeError) as error:
        raise ExpressionError(f"{source!r} failed: {error}") from None


def _value(node: ast.AST, names: dict[str, object]) -> object:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise ExpressionError(f"unknown name {node.id!r}")
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        return BINARY[type(node.op)](_value(node.left, names), _value(node.right, names))
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        return UNARY[type(node.op)](_value(node.operand, names))
    if isinstance(node, ast.BoolOp):
        values = (_value(item, names) for item in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare) and all(type(op) in COMPARE for op in node.ops):
        left = _value(node.left, names)
        for op, right_node in zip(node.ops, node.comparators):
            right = _value(right_node, names)
            if not COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _value(node.body if _value(node.test, names) else node.orelse, names)
    if isinstance(node, (ast.Tuple, ast.List)):
        return tuple(_value(item, names) for item in node.elts)
    if isinstance(node, ast.Subscript):
        return _value(node.value, names)[_value(node.slice, names)]
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)) and len(node.generators) == 1:
        return tuple(_comprehension(node, names))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS and not node.keywords:
        return FUNCTIONS[node.func.id](*(_value(arg, names) for arg in node.args))
    raise ExpressionError(f"not allowed in a bank expression: {ast.unparse(node)!r}")


def _comprehension(node: ast.GeneratorExp | ast.ListComp, names: dict[str, object]):
    """`f(i) for i in range(n) if c(i)`: one loop over a plain name, as a sum over layers needs."""
    loop = node.generators[0]
    if not isinstance(loop.target, ast.Name) or loop.is_async:
        raise ExpressionError(f"not allowed in a bank expression: {ast.unparse(node)!r}")
    for item in _value(loop.iter, names):
        inner = {**names, loop.target.id: item}
        if all(_value(condition, inner) for condition in loop.ifs):
            yield _value(node.elt, inner)
