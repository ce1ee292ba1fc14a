"""Monitoring workflows, one module per sub-domain (programmes, reports, milestones, risks,
benefits, phases, budget, meetings).

Every function is keyword-only, checks the right to act (`monitoring.rules`), and runs in one
transaction. Import from the module; this package exports nothing itself.
"""
