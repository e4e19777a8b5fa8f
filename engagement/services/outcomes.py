"""The words for the board's decision outcomes, shared by the decision register, the message
participants who asked are sent, and the pages (one home: decisions and notify both use them,
and decisions calls notify)."""

from __future__ import annotations

from engagement.i18n import N_
from engagement.models import DecisionOutcome

OUTCOME_LABELS = {  # marked for the catalogues: the public page shows them in Welsh too
    DecisionOutcome.APPROVE: N_("Approve"),
    DecisionOutcome.APPROVE_WITH_CONDITIONS: N_("Approve with conditions"),
    DecisionOutcome.REJECT: N_("Reject"),
    DecisionOutcome.DEFER: N_("Defer"),
}
