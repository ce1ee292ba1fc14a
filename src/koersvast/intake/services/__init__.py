"""Intake workflows, one module per sub-domain: saving an initiative and moving it through its
lifecycle (`submission`), expert advice (`advice`), scores and ranking (`scoring`), a body's
decision (`decisions`) and proposals about running work (`governance`); `common` holds the
error and the people to notify that they share.

Every write is keyword-only, checks the right to act and runs in one transaction. Import from
the module; this package exports nothing.
"""
