"""Partner organisations: registration and approval, and (later) their own pages."""
