"""The words for the board's decision outcomes, shared by the decision register, the message
participants who asked are sent, and the pages (one home: decisions and notify both use them,
and decisions calls notify)."""

from __future__ import annotations

from engagement.models import DecisionOutcome

OUTCOME_LABELS = {
    DecisionOutcome.APPROVE: "Approve",
    DecisionOutcome.APPROVE_WITH_CONDITIONS: "Approve with conditions",
    DecisionOutcome.REJECT: "Reject",
    DecisionOutcome.DEFER: "Defer",
}
