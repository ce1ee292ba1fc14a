"""Forms of the intake, each scoped to the municipality, one module per sub-domain: the
initiative and its steps (`initiative`), advice (`advice`), entry criteria (`criteria`), WSJF
and ranking (`scoring`), decisions and meetings (`decisions`), and running work (`governance`).

Import from the module; this package exports nothing.
"""
