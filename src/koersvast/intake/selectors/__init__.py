"""Reads of the intake, one module per sub-domain: the dossier of one initiative (`dossier`),
the kanban board and one's own initiatives (`board`), the ranked backlog and priority scores
(`backlog`), and the logs of decisions (`decisions`).

Each has a constant number of queries. Import from the module; this package exports nothing.
"""
