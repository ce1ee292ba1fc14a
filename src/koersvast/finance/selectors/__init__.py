"""Finance reads, one module per sub-domain: the meerjarenraming and its building blocks
(`estimate`), one initiative's money (`initiative`), the MIP (`investments`), the
weerstandsvermogen (`resistance`), the claims planning weighs (`claims`), budget versions and
realisatie (`versions`) and the draft begrotingswijziging (`amendment`).

Each has a fixed number of queries whatever the portfolio's size. Import from the module; this
package exports nothing.
"""
