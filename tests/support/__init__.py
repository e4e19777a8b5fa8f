"""Test support code (database backends, concurrency workers, PDF text); what the benchmarks
share with the tests (the app server, the Streamlit client, a throwaway PostgreSQL) is in
harness/."""
