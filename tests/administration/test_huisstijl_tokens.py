"""Huisstijl tokens (administration/tokens.py): reading token files, hostile input, contrast."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koersvast.administration import tokens as t

STATIC = Path(__file__).parents[2] / "src" / "koersvast" / "static"
BG = "--basis-color-default-bg-document"
TEXT = "--basis-color-default-color-document"


def test_the_default_theme_file_holds_exactly_the_default_tokens() -> None:
    css = (STATIC / "koersvast" / "css" / "thema-koersvast.css").read_text()
    declared = dict(re.findall(r"(--basis-[a-z0-9-]+):\s*([^;]+);", css))
    assert declared == t.DEFAULT_TOKENS


def test_the_default_theme_reaches_wcag_aa() -> None:
    assert t.contrast_problems({}) == []


def test_every_token_the_stylesheet_reads_is_known() -> None:
    css = (STATIC / "koersvast" / "css" / "app.css").read_text()
    assert set(re.findall(r"var\((--basis-[a-z0-9-]+)", css)) == set(t.KNOWN_TOKENS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#fff", "#ffffff"),
        ("#C8102E", "#c8102e"),
        ("rgb(200, 16, 46)", "#c8102e"),
        ("rgb(200 16 46 / 1)", "#c8102e"),
        ("rgba(200,16,46,1)", "#c8102e"),
        ("hsl(0, 0%, 100%)", "#ffffff"),
        ("white", "#ffffff"),
    ],
)
def test_colours_are_written_as_hex(value: str, expected: str) -> None:
    assert t.normalise(BG, value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "url(https://evil.example/x.png)",
        "url(javascript:alert(1))",
        "expression(alert(1))",
        "red;}</style><script>alert(1)</script>",
        "#fff; background: url(x)",
        "#ffffff !important",
        "var(--elders)",
        "rgba(0, 0, 0, .5)",
        "#12345",
        "rgb(300, 0, 0)",
        "",
        "#" + "f" * 500,
        "\\23 fff",
        "attr(data-x)",
        "calc(1px + 1px)",
    ],
)
def test_hostile_or_wrong_colours_are_refused(value: str) -> None:
    with pytest.raises(t.InvalidValue):
        t.normalise(BG, value)


@pytest.mark.parametrize("value", ["4px", "0.25rem", "1em", "0"])
def test_lengths(value: str) -> None:
    assert t.normalise("--basis-border-radius-sm", value) in {"4px", "0.25rem", "1em", "0"}


@pytest.mark.parametrize("value", ["4", "url(x)", "4px;}", "1e9px", "-4px", "4vw", "500px"])
def test_wrong_lengths_are_refused(value: str) -> None:
    with pytest.raises(t.InvalidValue):
        t.normalise("--basis-border-radius-sm", value)


def test_css_token_file_with_references_and_other_tokens() -> None:
    css = """
    /* a municipality's theme.css */
    .gemeente-theme {
      --gemeente-kleur-rood: #c8102e;
      --gemeente-kleur-wit: #ffffff;
      --basis-color-action-1-inverse-bg-default: var(--gemeente-kleur-rood);
      --basis-color-action-1-inverse-color-default: var(--gemeente-kleur-wit);
      --utrecht-button-font-size: 1rem;
      --basis-text-font-family-default: 'Noto Sans', sans-serif;
    }
    """
    result = t.read_token_file(css, filename="theme.css")
    assert result.tokens == {
        "--basis-color-action-1-inverse-bg-default": "#c8102e",
        "--basis-color-action-1-inverse-color-default": "#ffffff",
    }
    assert result.ignored == 4


def test_style_dictionary_json_with_references() -> None:
    data = {
        "gemeente": {"kleur": {"groen": {"value": "#00593f"}, "wit": {"$value": "#fff"}}},
        "basis": {
            "color": {
                "accent-1": {
                    "inverse": {
                        "bg": {"document": {"value": "{gemeente.kleur.groen}", "type": "color"}},
                        "color": {"document": {"$value": "{gemeente.kleur.wit}"}},
                    }
                }
            },
            "border-radius": {"sm": {"value": "2px"}},
        },
    }
    result = t.read_token_file(json.dumps(data), filename="tokens.json")
    assert result.tokens == {
        "--basis-color-accent-1-inverse-bg-document": "#00593f",
        "--basis-color-accent-1-inverse-color-document": "#ffffff",
        "--basis-border-radius-sm": "2px",
    }


def test_flat_json_and_design_tokens_colour_objects() -> None:
    data = {BG: {"$value": {"colorSpace": "srgb", "hex": "#fafafa"}}, TEXT: "#111111"}
    assert t.read_token_file(json.dumps(data)).tokens == {BG: "#fafafa", TEXT: "#111111"}


@pytest.mark.parametrize(
    "text",
    [
        f":root {{ {BG}: #fff; }}</style><script>alert(1)</script>",
        f"@import url(https://evil.example/x.css); :root {{ {BG}: #fff; }}",
        f":root {{ {BG}: #fff; behavior: expression(alert(1)); }}",
        f":root {{ {BG}: #fff; }} a {{ background: url(javascript:alert(1)) }}",
    ],
)
def test_files_with_markup_imports_or_scripts_are_refused(text: str) -> None:
    with pytest.raises(t.TokenError):
        t.read_token_file(text, filename="theme.css")


def test_a_wrong_value_is_named() -> None:
    with pytest.raises(t.TokenError) as caught:
        t.read_token_file(f":root {{ {BG}: url(x.png); }}", filename="theme.css")
    assert BG in caught.value.messages[0]
    assert "geen kleur" in caught.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[1, 2]",
        '{"a": ' * 2000 + "1" + "}" * 2000,
        ":root { --onbekend: #fff; }",
        f":root {{ {BG}: var(--a); --a: var(--b); --b: var(--a); }}",
    ],
)
def test_empty_broken_deep_or_cyclic_files_are_refused(text: str) -> None:
    with pytest.raises(t.TokenError):
        t.read_token_file(text, filename="theme.json" if text.startswith(("{", "[")) else "x.css")


def test_a_file_over_3_mb_is_refused() -> None:
    with pytest.raises(t.TokenError):
        t.read_token_file(f":root {{ {BG}: #fff; }}" + " " * (3 * 1024 * 1024))


def test_theme_css_writes_only_known_names_and_checked_values() -> None:
    css = t.theme_css({BG: "#ffffff", TEXT: "#111"})
    assert f"{BG}: #ffffff;" in css and f"{TEXT}: #111111;" in css
    with pytest.raises(t.TokenError):
        t.theme_css({"--x}body{color:red": "#fff"})
    with pytest.raises(t.InvalidValue):
        t.theme_css({BG: "red;}</style>"})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_whatever_a_file_holds_the_css_written_is_only_tokens(text: str) -> None:
    """Any text read as a token file gives tokens whose CSS has one safe declaration a line."""
    try:
        result = t.read_token_file(f":root {{ {BG}: {text}; }}", filename="theme.css")
    except t.TokenError:
        return
    css = t.theme_css(result.tokens)
    body = css.split("{", 1)[1].rsplit("}", 1)[0]
    for line in body.strip("\n").splitlines():
        assert re.fullmatch(r"  --[a-z0-9-]+: (#[0-9a-f]{6}|[0-9.]+(px|rem|em)|0);", line), line


# --- contrast ------------------------------------------------------------------------------------


def test_contrast_ratio_matches_wcag() -> None:
    assert t.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert t.contrast("#ffffff", "#ffffff") == pytest.approx(1)
    # WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA.
    assert t.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert t.contrast("#777777", "#ffffff") < 4.5


def test_low_contrast_is_refused_with_the_pair_and_ratio() -> None:
    problems = t.contrast_problems({TEXT: "#999999"})
    assert problems
    assert "tekst" in problems[0]
    assert TEXT in problems[0] and BG in problems[0]
    assert "2,84:1" in problems[0]
    assert "4,5:1" in problems[0]


def test_a_dark_theme_can_pass() -> None:
    dark = {
        BG: "#121212",
        TEXT: "#f2f2f2",
        "--basis-color-default-color-subtle": "#c7c7c7",
        "--basis-color-default-bg-subtle": "#1f2933",
        "--basis-color-action-2-color-default": "#9ccfff",
        "--basis-color-action-1-inverse-bg-default": "#9ccfff",
        "--basis-color-action-1-inverse-bg-hover": "#cfe7ff",
        "--basis-color-action-1-inverse-color-default": "#0b1a2a",
        "--basis-color-negative-color-default": "#ff9b9b",
        "--basis-color-positive-color-default": "#a6e07a",
    }
    assert t.contrast_problems(dark) == []
    # Dark text left as it was on the dark background: refused.
    assert t.contrast_problems({BG: "#121212"})


def test_colours_from_one_chosen_colour() -> None:
    made = t.tokens_from_colours(primary="#c8102e")
    assert made["--basis-color-action-1-inverse-color-default"] == "#ffffff"
    assert t.contrast_problems(made) == []
    yellow = t.tokens_from_colours(primary="#ffcc00")
    assert yellow["--basis-color-action-1-inverse-color-default"] == "#1a1a1a"
    assert any("links" in p for p in t.contrast_problems(yellow))
