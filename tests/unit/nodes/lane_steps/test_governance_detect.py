"""Deterministic detectors: common controls found without a model, and kept as data."""

from __future__ import annotations

import pytest

from lanes.config.policy_rules import packaged_policies, parse_policies
from lanes.core.errors import ConfigError
from nodes.lane_steps.governance_detect import detected


def _rules_hit(text: str) -> list[str]:
    return [f.rule for f in detected(packaged_policies(), text)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Failed payments are logged with the full card number and CVV.", "PCI-1"),
        ("Chat transcripts are kept indefinitely for training.", "RET-1"),
        ('The newsletter box: {"id": "marketing", "default": true}', "CONSENT-1"),
        ("Ops engineers get permanent root on the database hosts.", "ACCESS-1"),
        ("We statically link libfoo (AGPL-3.0) into the desktop app.", "LIC-1"),
        ('db:\n  password: "Tq8#vLz2!mR4"', "PRIV-2"),
        ("Exports are pushed over plain FTP to the bank.", "SEC-3"),
        ("Role changes are not written to any audit log.", "AUDIT-1"),
        ("ALTER TABLE bookings ADD COLUMN card_cvc VARCHAR(4);", "PCI-1"),
        ('logger.info(f"check-in for {guest.name}, passport {guest.passport_no}")', "LOG-1"),
        ("pg_dump $PROD_DB_URL | psql $QA_DB_URL  # nightly refresh of QA", "TEST-1"),
        ("cloudtrail:\n  enable_logging = false", "AUDIT-1"),
        ('<input type="checkbox" name="partner_offers" checked>', "CONSENT-1"),
        ("We cloned the CRM replica from eu-west-1 into us-east-2 for the BI team.", "TRANSFER-1"),
        ("Admin accounts use password_only sign-in on the VPN portal.", "MFA-1"),
        ("gsutil iam ch allUsers:objectViewer gs://acme-invoices-2024", "STORE-1"),
        ('resource "aws_s3_bucket_acl" "exports" {\n  acl = "public-read"\n}', "STORE-1"),
        ("[WARN] reset requested email=li.wei@example.org ip=10.2.3.4", "LOG-1"),
        ("return Buffer.from(password).toString('base64');", "PRIV-2"),
        ("We don't currently run access reviews for the prod-admin group.", "ACCESS-1"),
        ("The whole finance team uses one shared login for the bank portal.", "ACCESS-4"),
        ("Deploys go through a single root account shared by the entire ops team.", "ACCESS-4"),
        ("| svc-etl | nightly loads | AdministratorAccess |", "ACCESS-5"),
        ("The CI service account was granted roles/owner on the prod project.", "ACCESS-5"),
    ],
)
def test_a_clear_breach_is_found_and_quoted(text, rule):
    (finding,) = [f for f in detected(packaged_policies(), text) if f.rule == rule]
    assert finding.quote in text and finding.severity == "high"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Root account for the legacy billing org: MFA status unknown.", "GAP-1"),
        ("I think the volumes are encrypted by default? not sure tbh, haven't checked", "GAP-1"),
        ("Who can read the share hasn't been checked since the handover.", "GAP-1"),
        ("Whether the pause is wired in is something your admin would need to confirm.", "GAP-1"),
        ("Encryption at rest: not sure whether the borrowed server has TDE switched on.", "GAP-1"),
        ("We've asked Estates but had no reply yet.", "GAP-1"),
        ("Auth is handled at the gateway; I haven't seen what they've configured yet.", "GAP-1"),
        ("Unclear whether the replica volumes are encrypted; ask the DBA.", "GAP-1"),
        ("| Deletion | TBD, waiting on legal |", "GAP-1"),
        ("Not sure the old admin panel is behind SSO at all.", "GAP-1"),
        ("Team to confirm who rotates the vendor keys.", "GAP-1"),
        ("DR drills supposedly happen, but I couldn't find a record of the last one.", "GAP-1"),
        ("Facilities is checking whether the badge logs are kept past 90 days.", "GAP-1"),
        ("Who may read the exports is still being discussed with HR, not decided.", "GAP-1"),
        ("Rollout waits on the vendor; I don't have the contract in front of me.", "GAP-1"),
        ("Not sure where the token lives, the contractor set it up.", "GAP-1"),
        ("| cache | Encrypted: Unknown, platform team to confirm |", "GAP-1"),
        ("Asked the vendor about SSO; they haven't answered yet.", "GAP-1"),
        ("Restore drill: not scheduled yet, nobody has tried it.", "GAP-1"),
        ("There's a nightly dump to the NAS and I can't tell whether it is encrypted.", "GAP-1"),
        ("Asked their support what the blob holds, will circle back when they answer.", "GAP-1"),
        ("Until we hear back from the vendor with those details we can't sign off.", "GAP-1"),
        ("Whether that is allowed depends on details I don't have yet.", "GAP-1"),
        ("They have one in their terms of service, you accept it at sign-up.", "DPA-2"),
        ("I couldn't find the seal's issuer on any regulator list.", "TRANSFER-2"),
    ],
)
def test_a_control_left_unknown_or_a_doubtful_agreement_asks_a_person(text, rule):
    (finding,) = [f for f in detected(packaged_policies(), text) if f.rule == rule]
    assert finding.quote in text and finding.severity == "medium"


@pytest.mark.parametrize(
    "text",
    [
        "Card numbers are tokenised; logs show only the last 4 digits.",
        "Transcripts are kept for 30 days, then deleted by a nightly job.",
        'The newsletter box: {"id": "marketing", "default": false}',
        "Admin access is just-in-time and expires after 4 hours; nobody holds standing admin.",
        "The database password is read from Vault at start-up.",
        "We use the LGPL library, dynamically linked, and MIT packages.",
        "Exports go over SFTP with key authentication.",
        "SFTP with ed25519 keys. Password auth disabled on both sides; plain FTP endpoints stay off.",
        "The payment page is hosted by the PSP: no full card number or CVC reaches us.",
        "QA is refreshed nightly from production, masked by the anonymiser before restore.",
        '<input type="checkbox" name="partner_offers">',
        "Website assets bucket: acl = public-read (the marketing site build, no customer data)",
        "We keep shellcheck (GPL-3.0) as a CI build tool; it is not linked into the app.",
        "Legacy hashes were wrapped: argon2id(sha1(password)) with a per-user salt.",
        "The shared support login was disabled; every agent now signs in with their own seat.",
        "We ship the LGPL build, configured without --enable-gpl and linked dynamically.",
        "svc-reports has read-only access; AdministratorAccess was removed in March.",
    ],
)
def test_the_right_way_to_do_it_is_not_a_finding(text):
    assert _rules_hit(text) == []


def test_a_team_rule_brings_its_own_detector_and_a_bad_one_is_refused():
    team = [{"id": "FLAG-1", "text": "Flags have owners.", "severity": "medium",
             "detect": [r"\bflag\b[^.]*\bno owner\b"], "unless": [r"\bremoved\b"]}]  # fmt: skip
    rules = parse_policies(team, variable="ARGOS_POLICIES", source="team.json")
    assert [f.rule for f in detected(rules, "The beta flag has no owner.")] == ["FLAG-1"]
    assert detected(rules, "The beta flag has no owner and was removed.") == []
    team[0]["detect"] = ["(unclosed"]
    with pytest.raises(ConfigError, match=r"rule \[0\] \(FLAG-1\): detect pattern .* is not a"):
        parse_policies(team, variable="ARGOS_POLICIES", source="team.json")


TRACKING_ROW = "| signup_completed | account created | user_id, email, phone |"


def test_a_rule_with_context_applies_only_where_its_context_is() -> None:
    analytics = f"Tracking plan\n{TRACKING_ROW}\nDestinations: Mixpanel"
    assert "LOG-3" in _rules_hit(analytics)
    assert "LOG-3" not in _rules_hit(f"Signup form fields\n{TRACKING_ROW}")


def test_a_teams_rule_can_carry_context() -> None:
    (rule,) = parse_policies(
        [{"id": "FLAG-1", "text": "Flags have owners.", "severity": "medium",
          "detect": ["\\bno owner\\b"], "context": ["\\bfeature flags?\\b"]}],
        variable="ARGOS_POLICIES", source="policies.json",
    )  # fmt: skip
    assert rule.context == ("\\bfeature flags?\\b",)
    assert [f.rule for f in detected([rule], "Feature flags:\n- beta-x: no owner")] == ["FLAG-1"]
    assert detected([rule], "Services:\n- billing: no owner") == []
