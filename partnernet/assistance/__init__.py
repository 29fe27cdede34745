"""Volunteers log the help they give; partners and the municipality see what it adds up to."""
