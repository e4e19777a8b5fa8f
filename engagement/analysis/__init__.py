"""Pure analysis: arrays and dataclasses in, typed results out. No database, no UI."""
