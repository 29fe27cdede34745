"""All views of the partners blueprint: each module adds its routes to `bp`."""

from partnernet.partners import (  # noqa: F401  (imported for the routes they add)
    registration,
    self_service,
    staff,
    team,
)
from partnernet.partners.blueprint import bp

__all__ = ["bp"]
