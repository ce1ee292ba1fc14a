"""Planning pages, one module per sub-domain: scenarios, runs and adoption, urgency, marginal
value, and the plan of record (capacity map, roadmap)."""
