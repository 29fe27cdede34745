"""The public directory: residents find help near them, without an account."""
