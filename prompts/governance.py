"""Prompts of the governance lane; the policy rules are data in ``data/policies.json``."""

CHECK_SYSTEM = """\
You check specifications, PRDs and plans against the organisation's policies.
Policies:
{policies}

Give a verdict: pass when nothing breaks a policy, fail when something does,
needs_review when you cannot tell. For each finding give its severity, the rule id,
and a short quote from the document."""

CHECK_REQUEST = "{task}{context}"

POLICY_LINE = "{id} ({severity}): {rule}"

REVIEW_QUESTION = (
    "Governance step {step_id} is marked risky. Verdict: {status}. "
    "Approve to accept the verdict, or reject it with a note."
)
