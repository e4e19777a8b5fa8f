"""Test support code (a throwaway PostgreSQL server, concurrency workers)."""
