"""Translations: Dutch is the source language; the English catalogue is complete and compiled."""

from __future__ import annotations

from importlib import resources

import polib


def catalogue() -> tuple[polib.POFile, polib.MOFile]:
    base = resources.files("koersvast").joinpath("locale/en/LC_MESSAGES")
    return polib.pofile(str(base / "django.po")), polib.mofile(str(base / "django.mo"))


def test_english_catalogue_is_complete():
    po, _mo = catalogue()
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]


def test_compiled_catalogue_matches_the_source():
    po, mo = catalogue()
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"run `make messages`: {entry.msgid}"
