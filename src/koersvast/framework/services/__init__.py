"""Writes of the afwegingskader, one module per sub-domain: versions (`versions`: create, edit,
publish, copy), objectives and impact axes (`structure`), the weights of a sibling group
(`weights`: entered directly or derived from AHP judgements) and rounds of judgements by
several members (`rounds`); `common` holds the checks they share.

Every write is keyword-only, checks the right to manage and runs in one transaction. Import
from the module; this package exports nothing.
"""
