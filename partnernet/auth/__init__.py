"""Accounts: login, logout, passwords, sessions and the access checks every route uses."""
