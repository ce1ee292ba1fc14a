"""The typed documents of the optimiser bridge (planning/documents.py) name the same keys as
the extension constants (optimizer/extensions.py) and the urgency options."""

from __future__ import annotations

from koersvast.optimizer import extensions
from koersvast.planning import documents
from koersvast.planning.choices import UrgencyOption


def test_every_extension_key_is_a_key_of_a_typed_document():
    keys = {
        key
        for typed in (
            documents.ProblemDocument,
            documents.ProblemPool,
            documents.ProblemItem,
            documents.SolutionDocument,
        )
        for key in typed.__annotations__
    }
    constants = {value for name, value in vars(extensions).items() if name.startswith("X_")}
    assert constants <= keys
    assert {key for key in keys if extensions.is_extension(key)} == constants
    assert all(
        getattr(documents, name) == getattr(extensions, name)
        for name in vars(extensions)
        if name.startswith("X_")
    )


def test_the_urgency_options_are_keyed_by_the_options_values():
    assert {option.value for option in UrgencyOption} <= set(
        documents.UrgencyOptions.__annotations__
    )
