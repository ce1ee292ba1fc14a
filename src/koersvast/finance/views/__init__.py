"""Finance pages, one module per sub-domain: an initiative's money (`initiative`), the
meerjarenraming, budget versions and begrotingswijziging (`budget`), the MIP (`investments`),
the weerstandsvermogen (`resistance`), the settings and asset categories (`settings`) and the
Excel imports (`excel_import`); `common` holds what they share.

Import from the module; this package exports nothing.
"""
