"""A test-only program area: registered by the tests through ``rjdesk.areas.AREAS`` to show
that the window, the command line and the self-test find an area through the registries
alone. Its layers are the modules beside this one (``ui``, ``cli`` …)."""
