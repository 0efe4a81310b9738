"""The demo data set: fixtures/demo/*.yaml read (data), placed (places) and loaded (loader)."""
