"""Privacy: redaction of personal data (small-cell rules live in engagement.disclosure)."""
