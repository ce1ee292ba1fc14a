"""Forms of monitoring, one module per sub-domain, each scoped to the municipality it is used in."""
