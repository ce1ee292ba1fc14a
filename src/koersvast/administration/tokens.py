"""Huisstijl: NL Design System design tokens of a municipality, read, checked and written.

A municipality's theme is a set of design tokens (CSS custom properties) with the names of the
NL Design System's common ("basis") tokens. Koersvast's stylesheet reads only the tokens in
`KNOWN_TOKENS`; a token file may hold thousands of others (a municipality's whole
design-tokens package), which are left out.

What is stored and served is never the uploaded text: every known token's value is parsed into
a colour (written back as `#rrggbb`) or a length (a number with `px`, `rem` or `em`), so no
`url()`, `expression()`, `</style>` or other CSS ever reaches a page. References between tokens
(`var(--x)` in CSS, `{a.b.c}` in Style Dictionary JSON) are resolved within the file.

Before a theme is saved its text/background pairs are checked against WCAG 2.1 AA (4.5:1 for
text): a theme that makes text unreadable is refused, with the pair and its ratio.

Pure Python (no models): the unit tests feed it hostile input directly.
"""

from __future__ import annotations

import colorsys
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(StrEnum):
    COLOUR = "colour"
    LENGTH = "length"


# The tokens Koersvast's stylesheet reads (static/koersvast/css/app.css maps them onto its own
# `--kv-*` names), with Koersvast's default value: the default theme
# (static/koersvast/css/thema-koersvast.css) holds exactly these (tests/administration).
KNOWN_TOKENS: dict[str, tuple[Kind, str]] = {
    "--basis-color-default-bg-document": (Kind.COLOUR, "#ffffff"),
    "--basis-color-default-color-document": (Kind.COLOUR, "#1a1a1a"),
    "--basis-color-default-color-subtle": (Kind.COLOUR, "#4a4a4a"),
    "--basis-color-default-bg-subtle": (Kind.COLOUR, "#f3f6f9"),
    "--basis-color-default-border-default": (Kind.COLOUR, "#b4b4b4"),
    "--basis-color-action-2-color-default": (Kind.COLOUR, "#154273"),
    "--basis-color-action-1-inverse-bg-default": (Kind.COLOUR, "#01689b"),
    "--basis-color-action-1-inverse-bg-hover": (Kind.COLOUR, "#154273"),
    "--basis-color-action-1-inverse-color-default": (Kind.COLOUR, "#ffffff"),
    "--basis-color-accent-1-inverse-bg-document": (Kind.COLOUR, "#154273"),
    "--basis-color-accent-1-inverse-color-document": (Kind.COLOUR, "#ffffff"),
    "--basis-color-accent-1-inverse-bg-default": (Kind.COLOUR, "#01689b"),
    "--basis-color-accent-1-inverse-color-default": (Kind.COLOUR, "#ffffff"),
    "--basis-color-negative-color-default": (Kind.COLOUR, "#b20000"),
    "--basis-color-positive-color-default": (Kind.COLOUR, "#2b6a00"),
    "--basis-focus-background-color": (Kind.COLOUR, "#ffb612"),
    "--basis-border-radius-sm": (Kind.LENGTH, "4px"),
    "--basis-border-radius-md": (Kind.LENGTH, "6px"),
}

DEFAULT_TOKENS: dict[str, str] = {name: value for name, (_kind, value) in KNOWN_TOKENS.items()}

# Text that sits on a status colour of its own (the RAG and heat colours, the count badge) is
# this dark grey in every theme; the focus colour is checked against it.
STATUS_TEXT = "#1a1a1a"

AA_TEXT = 4.5

# (text token, background token, what a person calls the pair): every pair the stylesheet
# puts text on. The status texts on their fixed pastel colours do not depend on the theme.
TEXT_PAIRS: tuple[tuple[str, str, Any], ...] = (
    (
        "--basis-color-default-color-document",
        "--basis-color-default-bg-document",
        gettext_lazy("tekst"),
    ),
    (
        "--basis-color-default-color-document",
        "--basis-color-default-bg-subtle",
        gettext_lazy("tekst in vlak"),
    ),
    (
        "--basis-color-default-color-subtle",
        "--basis-color-default-bg-document",
        gettext_lazy("toelichtende tekst"),
    ),
    (
        "--basis-color-default-color-subtle",
        "--basis-color-default-bg-subtle",
        gettext_lazy("toelichtende tekst in vlak"),
    ),
    (
        "--basis-color-action-2-color-default",
        "--basis-color-default-bg-document",
        gettext_lazy("links"),
    ),
    (
        "--basis-color-action-2-color-default",
        "--basis-color-default-bg-subtle",
        gettext_lazy("links in vlak"),
    ),
    (
        "--basis-color-action-1-inverse-color-default",
        "--basis-color-action-1-inverse-bg-default",
        gettext_lazy("knoppen"),
    ),
    (
        "--basis-color-action-1-inverse-color-default",
        "--basis-color-action-1-inverse-bg-hover",
        gettext_lazy("knoppen (aangewezen)"),
    ),
    (
        "--basis-color-accent-1-inverse-color-document",
        "--basis-color-accent-1-inverse-bg-document",
        gettext_lazy("kopbalk"),
    ),
    (
        "--basis-color-accent-1-inverse-color-default",
        "--basis-color-accent-1-inverse-bg-default",
        gettext_lazy("menubalk"),
    ),
    (
        "--basis-color-accent-1-inverse-color-default",
        "--basis-color-accent-1-inverse-bg-document",
        gettext_lazy("menubalk (huidige pagina)"),
    ),
    (
        "--basis-color-negative-color-default",
        "--basis-color-default-bg-document",
        gettext_lazy("foutmeldingen"),
    ),
    (
        "--basis-color-negative-color-default",
        "--basis-color-default-bg-subtle",
        gettext_lazy("foutmeldingen in vlak"),
    ),
    (
        "--basis-color-positive-color-default",
        "--basis-color-default-bg-document",
        gettext_lazy("gereed-labels"),
    ),
    ("#status", "--basis-focus-background-color", gettext_lazy("tellers (focuskleur)")),
)

MAX_FILE_BYTES = 3 * 1024 * 1024  # a municipality's whole tokens.json is 2 MB
MAX_VALUE_LENGTH = 200
MAX_REFERENCE_DEPTH = 20
MAX_JSON_DEPTH = 40

_NAME = re.compile(r"^--[a-z0-9]+(?:-[a-z0-9]+)*$")
_DECLARATION = re.compile(r"(--[A-Za-z0-9_-]+)\s*:\s*([^;{}]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_VAR = re.compile(r"^var\(\s*(--[A-Za-z0-9_-]+)\s*(?:,\s*(.*))?\)$", re.S)
_REF = re.compile(r"^\{([A-Za-z0-9_.-]+)\}$")
_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_FUNCTION = re.compile(rf"^(rgba?|hsla?)\(\s*({_NUMBER}%?(?:\s*[,/ ]\s*{_NUMBER}%?){{2,3}})\s*\)$")
_LENGTH = re.compile(rf"^({_NUMBER})(px|rem|em)$|^0$")
_NAMED = {"white": "#ffffff", "black": "#000000"}
# Never in a token file: markup, imports, scripts in CSS.
_HOSTILE = re.compile(r"</?\s*(style|script)|@import|expression\s*\(|javascript:", re.I)


class InvalidValue(ValueError):
    """A value that is not a colour or length Koersvast writes."""


class TokenError(ValueError):
    """A token file or value Koersvast does not accept; the message is for the beheerder."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class ReadResult:
    """The known tokens of a file (checked, normalised) and how many others were left out."""

    tokens: dict[str, str]
    ignored: int


# --- values ----------------------------------------------------------------------------------


def parse_colour(value: str) -> tuple[int, int, int]:
    """An opaque colour as RGB; ValueError for anything else (also a transparent colour)."""
    text = value.strip().lower()
    if text in _NAMED:
        text = _NAMED[text]
    if match := _HEX.match(text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    if match := _FUNCTION.match(text):
        function = match.group(1)
        parts = re.split(r"\s*[,/ ]\s*", match.group(2).strip())
        if len(parts) == 4:
            alpha = parts.pop()
            amount = float(alpha.rstrip("%")) / (100 if alpha.endswith("%") else 1)
            if amount < 1:
                raise InvalidValue("transparent")
        if function.startswith("rgb"):
            channels = [float(p[:-1]) * 2.55 if p.endswith("%") else float(p) for p in parts]
            if not all(0 <= c <= 255 for c in channels):
                raise InvalidValue("out of range")
            red, green, blue = (round(c) for c in channels)
            return (red, green, blue)
        hue = float(parts[0].rstrip("%")) % 360 / 360
        if not (parts[1].endswith("%") and parts[2].endswith("%")):
            raise InvalidValue("hsl needs percentages")
        saturation, lightness = float(parts[1][:-1]) / 100, float(parts[2][:-1]) / 100
        if not (0 <= saturation <= 1 and 0 <= lightness <= 1):
            raise InvalidValue("out of range")
        r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
        return (round(r * 255), round(g * 255), round(b * 255))
    raise InvalidValue("not a colour")


def hex_of(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def normalise(name: str, value: str) -> str:
    """The safe written form of a known token's value; ValueError when it is not of its kind."""
    kind = KNOWN_TOKENS[name][0]
    text = value.strip()
    if len(text) > MAX_VALUE_LENGTH:
        raise InvalidValue("too long")
    if kind == Kind.COLOUR:
        return hex_of(parse_colour(text))
    match = _LENGTH.match(text.lower())
    if not match:
        raise InvalidValue("not a length")
    if text == "0":
        return "0"
    number = float(match.group(1))
    if not 0 <= number <= 100:
        raise InvalidValue("out of range")
    return f"{number:g}{match.group(2)}"


# --- contrast --------------------------------------------------------------------------------


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    a, b = luminance(parse_colour(first)), luminance(parse_colour(second))
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def contrast_problems(tokens: dict[str, str]) -> list[str]:
    """The text/background pairs of the theme (the defaults completed with `tokens`) that do
    not reach WCAG AA, each as a Dutch sentence naming the pair and its ratio."""
    theme = {**DEFAULT_TOKENS, **tokens}
    problems = []
    for text, background, label in TEXT_PAIRS:
        text_colour = STATUS_TEXT if text == "#status" else theme[text]
        ratio = contrast(text_colour, theme[background])
        if ratio < AA_TEXT:
            problems.append(
                _(
                    "Te weinig contrast bij %(pair)s: %(text)s (%(text_colour)s) op "
                    "%(background)s (%(background_colour)s) heeft %(ratio)s:1; WCAG AA vraagt "
                    "minstens 4,5:1."
                )
                % {
                    "pair": label,
                    "text": text if text != "#status" else _("donkere tekst"),
                    "text_colour": text_colour,
                    "background": background,
                    "background_colour": theme[background],
                    "ratio": number_format(int(ratio * 100) / 100, 2),
                }
            )
    return problems


# --- files -----------------------------------------------------------------------------------


def _declarations_css(text: str) -> dict[str, str]:
    """Every custom property declared in a CSS text (the last one wins), whatever its selector."""
    found: dict[str, str] = {}
    for name, value in _DECLARATION.findall(_COMMENT.sub("", text)):
        found[name.lower()] = value.strip()
    return found


def _declarations_json(text: str) -> dict[str, str]:
    """The tokens of a Style Dictionary / Design Tokens JSON file: `{"basis": {"color": …
    {"value": "#fff"}}}` (or `$value`) becomes `--basis-color-…`; a flat object of
    `"--name": "value"` is read as it is. References `{a.b}` become `var(--a-b)`."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise TokenError([_("Het bestand is geen geldige JSON.")]) from exc
    if not isinstance(data, dict):
        raise TokenError([_("Het JSON-bestand bevat geen tokens (verwacht: een object).")])
    found: dict[str, str] = {}

    def value_text(value: object) -> str | None:
        if isinstance(value, dict) and isinstance(value.get("hex"), str):
            return value["hex"]  # the Design Tokens colour object
        if isinstance(value, str):
            ref = _REF.match(value.strip())
            if ref:
                return f"var(--{ref.group(1).replace('.', '-')})"
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return None

    def walk(node: dict, path: list[str], depth: int) -> None:
        if depth > MAX_JSON_DEPTH:
            raise TokenError([_("Het JSON-bestand is te diep genest.")])
        for key, child in node.items():
            if not isinstance(key, str):
                continue
            if key.startswith("--") and not path:
                if isinstance(child, dict) and ("value" in child or "$value" in child):
                    child = child.get("$value", child.get("value"))
                text = value_text(child)
                if text is not None:
                    found[key.lower()] = text
                continue
            if not isinstance(child, dict):
                continue
            if "value" in child or "$value" in child:
                text = value_text(child.get("$value", child.get("value")))
                if text is not None:
                    found["--" + "-".join([*path, key]).lower()] = text
            else:
                walk(child, [*path, key], depth + 1)

    walk(data, [], 0)
    return found


def _resolve(name: str, declared: dict[str, str]) -> str:
    """A declared value with its `var()` references replaced, within the file."""
    value = declared[name]
    seen = {name}
    for _step in range(MAX_REFERENCE_DEPTH):
        match = _VAR.match(value.strip())
        if not match:
            return value
        target, fallback = match.group(1).lower(), match.group(2)
        if target in declared and target not in seen:
            seen.add(target)
            value = declared[target]
        elif fallback is not None:
            value = fallback
        else:
            raise InvalidValue("unresolved")
    raise InvalidValue("too deep")


def read_token_file(text: str, *, filename: str = "") -> ReadResult:
    """The known tokens of a CSS or JSON token file, checked; TokenError says what is wrong."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise TokenError([_("Het tokenbestand is groter dan 3 MB.")])
    if _HOSTILE.search(text):
        raise TokenError(
            [_("Het tokenbestand bevat HTML, een script of een import; dat wordt niet gelezen.")]
        )
    stripped = text.lstrip("\ufeff \t\r\n")
    is_json = filename.lower().endswith(".json") or stripped.startswith("{")
    declared = _declarations_json(stripped) if is_json else _declarations_css(stripped)
    tokens = read_tokens(declared)
    ignored = sum(1 for name in declared if name not in KNOWN_TOKENS)
    return ReadResult(tokens, ignored)


def read_tokens(declared: dict[str, str]) -> dict[str, str]:
    """The known tokens among `declared` (name → raw value, references allowed), normalised;
    TokenError lists every value that is not of its kind."""
    errors: list[str] = []
    tokens: dict[str, str] = {}
    for name in KNOWN_TOKENS:
        if name not in declared:
            continue
        try:
            tokens[name] = normalise(name, _resolve(name, declared))
        except InvalidValue:
            raw = declared[name].strip()
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            if KNOWN_TOKENS[name][0] == Kind.COLOUR:
                errors.append(
                    _(
                        "%(name)s: '%(value)s' is geen kleur (gebruik #rrggbb, rgb() of hsl(), "
                        "zonder doorzichtigheid)."
                    )
                    % {"name": name, "value": shown}
                )
            else:
                errors.append(
                    _("%(name)s: '%(value)s' is geen lengte (gebruik px, rem of em).")
                    % {"name": name, "value": shown}
                )
    if errors:
        raise TokenError(errors)
    if not tokens:
        raise TokenError(
            [
                _(
                    "Het bestand bevat geen van de tokens die Koersvast gebruikt (bijv. "
                    "--basis-color-default-bg-document)."
                )
            ]
        )
    return tokens


def check_names(tokens: dict[str, str]) -> None:
    """Refuse names Koersvast does not know (for tokens given one by one)."""
    unknown = sorted(name for name in tokens if name not in KNOWN_TOKENS or not _NAME.match(name))
    if unknown:
        raise TokenError([_("Onbekende tokens: %(names)s.") % {"names": ", ".join(unknown[:10])}])


def theme_css(tokens: dict[str, str]) -> str:
    """The CSS of a theme: only known names, only values `normalise` wrote (checked again)."""
    check_names(tokens)
    lines = ["/* Huisstijl van de gemeente (Koersvast, NL Design System-tokens). */", ":root {"]
    for name in KNOWN_TOKENS:
        if name in tokens:
            lines.append(f"  {name}: {normalise(name, tokens[name])};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- colours chosen in the form ----------------------------------------------------------------


def _best_text_on(background: str) -> str:
    """White or Koersvast's dark text, whichever reads better on `background`."""
    return max(("#ffffff", STATUS_TEXT), key=lambda text: contrast(text, background))


def _darker(colour: str, amount: float = 0.25) -> str:
    r, g, b = parse_colour(colour)
    h, lightness, s = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
    r2, g2, b2 = colorsys.hls_to_rgb(h, max(0.0, lightness * (1 - amount)), s)
    return hex_of((round(r2 * 255), round(g2 * 255), round(b2 * 255)))


def tokens_from_colours(*, primary: str, secondary: str = "", link: str = "") -> dict[str, str]:
    """The tokens of a theme made from one to three chosen colours: the primary colour for the
    menu bar and buttons, the secondary (default: the primary, darker) for the header bar and
    the buttons' hover, the link colour (default: the secondary) for links. The text on each is
    white or dark, whichever reads better."""
    primary = hex_of(parse_colour(primary))
    secondary = hex_of(parse_colour(secondary)) if secondary else _darker(primary)
    link = hex_of(parse_colour(link)) if link else secondary
    return {
        "--basis-color-action-1-inverse-bg-default": primary,
        "--basis-color-action-1-inverse-color-default": _best_text_on(primary),
        "--basis-color-accent-1-inverse-bg-default": primary,
        "--basis-color-accent-1-inverse-color-default": _best_text_on(primary),
        "--basis-color-action-1-inverse-bg-hover": secondary,
        "--basis-color-accent-1-inverse-bg-document": secondary,
        "--basis-color-accent-1-inverse-color-document": _best_text_on(secondary),
        "--basis-color-action-2-color-default": link,
    }
