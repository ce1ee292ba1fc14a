"""Settings per environment: base (shared), local (default), production, test."""
