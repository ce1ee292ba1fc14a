"""Planning workflows, one module per sub-domain (settings, scenarios and levers, runs, adoption,
urgency, marginal value) plus the job machinery they share (`jobs`).

Every write is keyword-only, checks the right to act (`planning.rules`) and runs in one
transaction. Import from the module; this package exports nothing itself.
"""
