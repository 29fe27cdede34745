"""Referrals: staff refer a resident to a partner offer and follow it until it is closed."""
