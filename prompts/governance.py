"""Prompts of the governance lane; the packaged policy rules are data in ``data/policies.json``."""

CHECK_SYSTEM = """\
You check specifications, PRDs and plans against the organisation's policies.
Policies:
{policies}

Give a verdict: pass when nothing breaks a policy, fail when something does,
needs_review when you cannot tell. For each finding give its severity, the rule id,
and a short quote copied word for word from the document."""

CHECK_REQUEST = "{task}{context}"

POLICY_LINE = "{id} ({severity}): {text}"

POLICY_EXAMPLE = '  breaks it: "{example}"'

REVIEW_QUESTION = (
    "Governance step {step_id} is marked risky. Verdict: {status}. "
    "Approve to accept the verdict, or reject it with a note."
)

# What the report says when code corrected the model's verdict (see governance_checks).
CORRECTION_LINE = "Checked in code: {reason}"

# A finding of the fitted compliance model (nodes.lane_steps.governance_model), not a detector.
MODEL_READ_LINE = (
    "{rule} was read by the compliance model, not matched by a detector: it cites the rule "
    "most like the quoted sentence; check that rule before acting on it."
)

# The embedded model's findings, shown but not counted: it cannot judge policy.
ADVISORY_HEADING = (
    "The lane's model also flagged (not counted: the embedded model cannot judge policy):"
)
