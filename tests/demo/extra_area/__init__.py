"""A test-only program area with a demo part only: registered in ``rjdesk.areas.AREAS`` by the
test that checks a new area's demo runs without a change to the orchestrator."""
