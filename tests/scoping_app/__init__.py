"""A test-only app with the shapes of records the next apps bring (installed by config/settings_test.py)."""
