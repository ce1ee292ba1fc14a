"""Monitoring pages: how running work is doing, and whether the benefits arrive.

One module per sub-domain. Object views first fetch through `get_for_user_or_404` (404 outside
the municipality), then check the right to act (403).
"""
