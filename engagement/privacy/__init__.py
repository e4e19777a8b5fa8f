"""Privacy: redaction of personal data, small-cell suppression."""
