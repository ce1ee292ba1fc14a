"""REST API (`/api/v1/`): token-authenticated, tenant-scoped access to the portfolio."""
