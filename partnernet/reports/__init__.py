"""Figures of the help partners give: for the organisation itself and for the municipality."""
