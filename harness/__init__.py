"""What the tests and the benchmarks both run: the real app on a free port with a seeded
dialogue (``app_server``), a client speaking Streamlit's websocket protocol
(``streamlit_client``) and a throwaway PostgreSQL server (``pg_server``). Its one home: tests/
and bench/ each import it, never each other (tests/unit/test_harness_home.py)."""
