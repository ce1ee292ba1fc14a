"""$filter: a tokenizer and recursive-descent parser for the subset the feed supports.

Grammar (OData v4 URL conventions §5.1.1, comparison and logical operators only)::

    expr       := and ("or" and)*
    and        := unary ("and" unary)*
    unary      := "not" unary | primary
    primary    := "(" expr ")" | function | operand op operand
    function   := (contains | startswith | endswith) "(" Property "," 'text' ")"
    operand    := Property | literal
    op         := eq | ne | gt | ge | lt | le
    literal    := 'text' | 12 | -3.5 | 2026-01-31 | 2026-01-31T10:00:00Z | true | false | null

The tree is translated into a Django `Q` over whitelisted properties only (names are looked up
in the entity set; nothing of the request reaches the ORM as a field name), or evaluated in
Python for sets computed from stored plans. Both follow the same null rules as SQL under
Django: a comparison with null is false except `eq null`/`ne null`, and `ne` includes nulls.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q

from .edm import INTEGERS, NUMBERS, Edm, Prop, python_value
from .errors import ODataError

COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")
KEYWORDS = {"and", "or", "not", *COMPARISONS}
FUNCTIONS = ("contains", "startswith", "endswith")
FLIPPED = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
MAX_LENGTH = 2000  # a filter longer than this is not a Power BI query but abuse
MAX_DEPTH = 40  # nesting of parentheses / not; keeps recursion far below Python's limit

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>'(?:[^']|'')*')
  | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2}))
  | (?P<date>\d{4}-\d{2}-\d{2})
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


@dataclass(frozen=True)
class Literal:
    kind: str  # string, number, date, datetime, boolean, null
    value: Any


@dataclass(frozen=True)
class Compare:
    op: str
    prop: Prop
    value: Any  # already converted to the property's Python type, or None for null


@dataclass(frozen=True)
class Function:
    name: str  # contains, startswith, endswith (case-sensitive, as OData specifies)
    prop: Prop
    value: str


@dataclass(frozen=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True)
class Or:
    left: Node
    right: Node


@dataclass(frozen=True)
class Not:
    operand: Node


Node = Compare | Function | And | Or | Not


def _error(message: str) -> ODataError:
    return ODataError("InvalidFilter", message)


def tokenize(text: str) -> list[Token]:
    """The tokens of a filter expression; 400 on any character outside the grammar."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise _error(f"Onverwacht teken op positie {pos + 1}: {text[pos]!r}.")
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("eof", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str, props: Mapping[str, Prop]) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.props = props
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.current
        self.index += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.current
        if token.kind == "ident" and token.text == word:
            self.index += 1
            return True
        return False

    def parse(self) -> Node:
        node = self.expr()
        if self.current.kind != "eof":
            raise _error(f"Onverwacht {self.current.text!r} op positie {self.current.pos + 1}.")
        return node

    def expr(self) -> Node:
        node = self.conjunction()
        while self.keyword("or"):
            node = Or(node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.unary()
        while self.keyword("and"):
            node = And(node, self.unary())
        return node

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error("Het filter is te diep genest.")
        try:
            if self.keyword("not"):
                return Not(self.unary())
            return self.primary()
        finally:
            self.depth -= 1

    def primary(self) -> Node:
        if self.current.kind == "lparen":
            self.advance()
            node = self.expr()
            if self.current.kind != "rparen":
                raise _error(f"Sluithaakje ')' verwacht op positie {self.current.pos + 1}.")
            self.advance()
            return node
        if self.current.text in FUNCTIONS and self.tokens[self.index + 1].kind == "lparen":
            return self.function()
        left = self.operand()
        op_token = self.advance()
        if op_token.kind != "ident" or op_token.text not in COMPARISONS:
            raise _error(
                f"Vergelijking (eq, ne, gt, ge, lt, le) verwacht op positie {op_token.pos + 1}."
            )
        right = self.operand()
        return self.comparison(left, op_token.text, right)

    def expect(self, kind: str, what: str) -> Token:
        token = self.advance()
        if token.kind != kind:
            raise _error(f"{what} verwacht op positie {token.pos + 1}.")
        return token

    def function(self) -> Function:
        name = self.advance().text
        self.expect("lparen", "'('")
        prop = self.operand()
        self.expect("comma", "','")
        literal = self.operand()
        self.expect("rparen", "')'")
        if not isinstance(prop, Prop) or prop.type != Edm.STRING:
            raise _error(f"{name} werkt alleen op een teksteigenschap.")
        if not isinstance(literal, Literal) or literal.kind != "string":
            raise _error(f"{name} vergelijkt met een tekst tussen enkele aanhalingstekens.")
        return Function(name, prop, text_value(literal.value))

    def operand(self) -> Prop | Literal:
        token = self.advance()
        if token.kind == "ident":
            if token.text in ("true", "false"):
                return Literal("boolean", token.text == "true")
            if token.text == "null":
                return Literal("null", None)
            if token.text in KEYWORDS:
                raise _error(f"Eigenschap of waarde verwacht op positie {token.pos + 1}.")
            if self.current.kind == "lparen":
                raise _error(f"Functie {token.text!r} wordt niet ondersteund.")
            prop = self.props.get(token.text)
            if prop is None:
                raise _error(f"Onbekende eigenschap {token.text!r}.")
            return prop
        if token.kind == "string":
            return Literal("string", token.text[1:-1].replace("''", "'"))
        if token.kind in ("number", "date", "datetime"):
            return Literal(token.kind, token.text)
        if token.kind == "eof":
            raise _error("Het filter houdt onverwacht op.")
        raise _error(f"Eigenschap of waarde verwacht op positie {token.pos + 1}.")

    def comparison(self, left: Prop | Literal, op: str, right: Prop | Literal) -> Compare:
        if isinstance(left, Literal) and isinstance(right, Prop):
            left, right, op = right, left, FLIPPED[op]
        if not isinstance(left, Prop) or not isinstance(right, Literal):
            raise _error("Een vergelijking is 'Eigenschap operator waarde'.")
        if right.kind == "null":
            if op not in ("eq", "ne"):
                raise _error(f"Met null kan alleen eq of ne vergeleken worden ({left.name}).")
            return Compare(op, left, None)
        return Compare(op, left, convert(left, right))


def convert(prop: Prop, literal: Literal) -> Any:
    """The literal as the property's Python type; 400 when the types do not match."""
    mismatch = _error(f"De waarde past niet bij het type van {prop.name} ({prop.type}).")
    kind, raw = literal.kind, literal.value
    if prop.type == Edm.STRING and kind == "string":
        return text_value(raw)
    if prop.type == Edm.BOOLEAN and kind == "boolean":
        return raw
    if prop.type in NUMBERS and kind == "number":
        try:
            number = Decimal(raw)
        except InvalidOperation as exc:  # pragma: no cover - the tokenizer only lets digits in
            raise mismatch from exc
        if prop.type in INTEGERS:
            if number != number.to_integral_value():
                raise mismatch
            return int(number)
        return number
    if prop.type == Edm.DATE and kind == "date":
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as exc:
            raise _error(f"Ongeldige datum {raw!r}.") from exc
    if prop.type == Edm.DATETIME and kind == "datetime":
        try:
            return datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError as exc:
            raise _error(f"Ongeldig tijdstip {raw!r}.") from exc
    raise mismatch


def text_value(raw: str) -> str:
    """A text literal; a NUL character cannot be stored, so it is a 400 (PostgreSQL would 500)."""
    if "\x00" in raw:
        raise _error("Een tekst mag geen NUL-teken (U+0000) bevatten.")
    return raw


def parse_filter(text: str, props: Mapping[str, Prop]) -> Node:
    """The parsed filter over the given properties (by OData name); ODataError on bad syntax."""
    if len(text) > MAX_LENGTH:
        raise _error(f"Het filter is langer dan {MAX_LENGTH} tekens.")
    if not text.strip():
        raise _error("Het filter is leeg.")
    return _Parser(text, props).parse()


_LOOKUPS = {"gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}
_OPPOSITE = {"gt": "le", "ge": "lt", "lt": "ge", "le": "gt"}


def to_q(node: Node, negated: bool = False) -> Q:
    """The filter as a Django Q over the properties' ORM lookups.

    OData is two-valued (a comparison with null is false, so its negation is true); SQL is
    three-valued. Negations are therefore pushed down to the comparisons (De Morgan) and each
    negated comparison says explicitly what happens to null, instead of relying on `~Q`,
    whose null handling depends on how the ORM happens to join related tables.
    """
    if isinstance(node, Not):
        return to_q(node.operand, not negated)
    if isinstance(node, And | Or):
        left, right = to_q(node.left, negated), to_q(node.right, negated)
        conjunction = isinstance(node, And) != negated  # not (a and b) = not a or not b
        return left & right if conjunction else left | right
    lookup = node.prop.lookup
    is_null = Q(**{f"{lookup}__isnull": True})
    if isinstance(node, Function):
        matches = Q(**{f"{lookup}__{node.name}": node.value})
        return is_null | ~matches if negated else matches
    if node.value is None:  # eq null / ne null
        return Q(**{f"{lookup}__isnull": (node.op == "eq") != negated})
    equal = Q(**{lookup: node.value})
    if node.op in ("eq", "ne"):
        wants_equal = (node.op == "eq") != negated
        return equal if wants_equal else is_null | ~equal
    op = _OPPOSITE[node.op] if negated else node.op
    compared = Q(**{f"{lookup}__{_LOOKUPS[op]}": node.value})
    return is_null | compared if negated else compared


def evaluate(node: Node, row: Mapping[str, Any]) -> bool:
    """The filter applied to one row (keyed by OData property name), in Python."""
    if isinstance(node, And):
        return evaluate(node.left, row) and evaluate(node.right, row)
    if isinstance(node, Or):
        return evaluate(node.left, row) or evaluate(node.right, row)
    if isinstance(node, Not):
        return not evaluate(node.operand, row)
    if isinstance(node, Function):
        text = row.get(node.prop.name)
        if text is None:
            return False
        if node.name == "contains":
            return node.value in text
        return (
            text.startswith(node.value) if node.name == "startswith" else text.endswith(node.value)
        )
    value = python_value(node.prop, row.get(node.prop.name))
    if node.op == "eq":
        return value == node.value
    if node.op == "ne":
        return value != node.value
    if value is None:
        return False
    if node.op == "gt":
        return bool(value > node.value)
    if node.op == "ge":
        return bool(value >= node.value)
    if node.op == "lt":
        return bool(value < node.value)
    return bool(value <= node.value)
