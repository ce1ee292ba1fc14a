"""Reads of monitoring, one module per sub-domain, each with a fixed number of queries whatever
the portfolio's size.

Roll-ups (colours, budgets, risks, benefits) are aggregated in the database; Python only loops
over the rows of one page or over a fixed set (colours, 5 × 5 heat map cells). Import from the
module (`koersvast.monitoring.selectors.risks`); this package exports nothing itself.
"""
