from tests.support.assistance_world import world  # noqa: F401  (a fixture)
