"""Afwegingskader pages, one module per sub-domain: versions (`versions`), objectives and impact
axes (`structure`), the weights of a sibling group (`weights`) and rounds of judgements
(`rounds`); `common` holds what they share.

Import from the module; this package exports nothing.
"""
