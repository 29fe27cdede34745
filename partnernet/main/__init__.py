"""Public base pages: home, about, health check, and the signed-in landing page."""
