"""Intake pages, one module per sub-domain: an initiative's way in (`initiatives`), the board,
backlog and own initiatives (`lists`), advice (`advice`), scores (`scoring`), decisions and
meetings (`decisions`), entry criteria and settings (`settings`), and running work
(`governance`); `common` fetches an initiative with the right to act on it.

Import from the module; this package exports nothing.
"""
