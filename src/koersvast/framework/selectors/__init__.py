"""Reads of the afwegingskader, one module per sub-domain: versions, the framework page and
whether a draft can be published (`versions`), the objective tree (`tree`), sibling groups and
their AHP results (`weights`), and rounds of judgements (`rounds`).

Each has a fixed number of queries. Import from the module; this package exports nothing.
"""
