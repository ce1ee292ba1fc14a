"""Reads of planning, one module per sub-domain: scenarios, a run's result, its digest,
comparisons, urgency, marginal value, and the plan of record (roadmap, heat-map cells).

Each has a constant number of queries. Import from the module; this package exports nothing.
"""
