"""The shapes notes come in, read by the rules: who owns what, and what is only context."""

from __future__ import annotations

from datetime import date

import pytest

from nodes.pm.notes.layout import lay_out
from nodes.pm.notes.reading import read_by_rules
from nodes.pm.notes.tables import read_table

TODAY = date(2026, 11, 23)  # a Monday


def owners(text: str) -> list[tuple[str | None, str]]:
    return [(item.owner, item.title) for item in read_by_rules(text, TODAY).items]


def context(text: str) -> dict[str, str]:
    return dict(read_by_rules(text, TODAY).context)


def test_a_standup_gives_todays_work_to_its_speaker_and_keeps_yesterday_as_context():
    text = (
        "Team standup\n"
        "Oskar: yesterday: merged the cache fix. today: profile the search endpoint. "
        "blockers: none\n"
        "Mirela: Yesterday I paired on billing. Today I'm writing the webhook docs.\n"
        "Tobi: no update, at the dentist"
    )
    assert owners(text) == [
        ("Oskar", "Profile the search endpoint"),
        ("Mirela", "Writing the webhook docs"),
    ]
    assert context(text)["merged the cache fix."] == "done already"
    assert "no update, at the dentist" in context(text)


def test_a_name_above_its_bullets_owns_them():
    text = (
        "daily\n\n**Ines**\n- done: release notes\n- doing: review the auth PR\n\n"
        "**Bo**\n- next: rotate the staging keys"
    )
    assert owners(text) == [("Ines", "Review the auth PR"), ("Bo", "Rotate the staging keys")]


def test_initials_above_done_and_next_lines_own_them_but_an_out_of_office_answer_does_not():
    text = (
        "Team Mobile daily\n\nKS\ndone: nothing, was sick\nnext: start the dark mode\n\n"
        "JPL\ndone: release 3.4.1 to store\nnext: prepare release notes 3.5"
    )
    assert owners(text) == [("KS", "Start the dark mode"), ("JPL", "Prepare release notes 3.5")]
    answered = (
        "Daily Standup\n\nLeo Brandt\nWhat did you do yesterday?\nOOO\n"
        "What will you do today?\nResize the banner set for Meta placements"
    )
    assert owners(answered) == [("Leo Brandt", "Resize the banner set for Meta placements")]
    retro = "Retro\n\nKEEP\n- pairing on reviews\n\nTRY\n- Ana to book a demo slot"
    assert "KEEP" not in [owner for owner, _ in owners(retro)]


def test_a_table_is_read_by_its_headers_in_any_order():
    text = (
        "| Due | Who | What | Status |\n|---|---|---|---|\n"
        "| Fri | Lars | Renew the wildcard cert | open |\n"
        "| - | TBD | Pick a load-test tool | |\n"
        "| Mon | Ada | Archive old dashboards | done |"
    )
    rows = read_table(text.splitlines())
    assert rows is not None and [(r.action, r.owner, r.done) for r in rows] == [
        ("Renew the wildcard cert", "Lars", False),
        ("Pick a load-test tool", None, False),
        ("Archive old dashboards", "Ada", True),
    ]
    assert owners(text) == [("Lars", "Renew the wildcard cert"), (None, "Pick a load-test tool")]


def test_columns_aligned_with_spaces_are_a_table_too():
    text = (
        "ops weekly\n\nOWNER   TASK                     DUE\n"
        "------  -----------------------  -----\n"
        "Femi    patch the bastion host   06-30\n"
        "?       write the restore drill  asap\n"
    )
    assert owners(text) == [("Femi", "Patch the bastion host"), (None, "Write the restore drill")]


def test_terse_arrows_give_the_fix_with_its_problem_and_the_owner_after_it():
    text = (
        "handover\n"
        "- queue depth spiking on worker-3 -> add a second consumer (ravi)\n"
        "- tls cert on cdn expires 12/20 => renew - kim\n"
        "- disk alerts on db-2 -> known, fixed already\n"
        "- flaky e2e on safari -> quarantine it, owner tbd"
    )
    assert owners(text) == [
        ("ravi", "Add a second consumer (Queue depth spiking on worker-3)"),
        ("kim", "Renew (Tls cert on cdn expires 12/20)"),
        (None, "Quarantine it (Flaky e2e on safari)"),
    ]


def test_a_transcript_owner_is_who_volunteers_or_who_agrees_when_asked():
    text = (
        "Design sync\n"
        "Hana: the invite email still shows the old logo.\n"
        "Hana: Piet, can you swap it?\n"
        "Piet: can't this week, sorry\n"
        "Uma: I'll take it\n"
        "Piet: I'll update the icon set by Thursday.\n"
        "Hana: who wants to write the release post?\n"
        "Hana: lol ok, we'll see"
    )
    assert owners(text) == [
        ("Uma", "Swap the invite email"),
        ("Piet", "Update the icon set"),
        (None, "Write the release post"),
    ]
    assert context(text)["can't this week, sorry"] == "declined"


def test_a_speaker_names_who_will_do_the_work_asked_for_even_a_name_that_is_a_word():
    text = (
        "Flight test debrief\n"
        "Ilse: We need someone to go through the logs and find why the compass drifted.\n"
        "Ravi: Dev will do that, he wrote the EKF tuning.\n"
        "Dev: Sure."
    )
    assert owners(text)[0] == ("Dev", "Go through the logs and find why the compass drifted")


def test_a_pronoun_takes_the_person_named_before():
    text = (
        "Weekly minutes\n\nGreta raised the slow export again. She will profile it by Friday. "
        "The budget was approved. Noor mentioned the vendor is late; he'll chase them."
    )
    found = read_by_rules(text, TODAY).items
    assert [(i.owner, i.title) for i in found] == [
        ("Greta", "Profile the slow export"),
        ("Noor", "Chase the vendor"),
    ]
    assert found[0].due == date(2026, 11, 27)


def test_an_email_signer_owns_i_and_the_greeted_person_owns_could_you():
    text = (
        "Hi Joan,\n\nthanks for the call. Could you send the signed DPA by Friday?\n"
        "I'll share the rollout plan tomorrow.\n\nBest,\nMarta"
    )
    layout = lay_out(text)
    assert (layout.author, layout.addressee) == ("Marta", "Joan")
    assert owners(text) == [("Joan", "Send the signed DPA"), ("Marta", "Share the rollout plan")]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("Shipped the importer to 100% yesterday.", "done or a status"),
        ("We decided to keep Postgres.", "a decision"),
        ("Thanks Lee for the quick rollback!", "thanks or a joke"),
        ("Do we still need the legacy API?", "an open question"),
        ("Reminder: code freeze starts Thursday.", "an announcement"),
        ("Still blocked on the vendor keys.", "a blocker, not a task"),
        ("Root cause: a stale DNS record.", "context"),
    ],
)
def test_chatter_is_context_with_the_reason_said(line, why):
    text = f"Notes\n\n{line}\nAmal will write the runbook."
    assert context(text)[line] == why
    assert owners(text) == [("Amal", "Write the runbook")]


def test_an_owner_is_always_a_name_written_in_the_note():
    text = "retro\n\nwhat we'll do:\n- timebox spikes (Sam)\n- archive the wiki - unassigned"
    found = owners(text)
    assert found == [("Sam", "Timebox spikes"), (None, "Archive the wiki")]
    assert all(owner is None or owner in text for owner, _ in found)


def test_captions_and_chat_exports_name_their_speakers():
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Ines Costa>Right, the pricing page.</v>\n\n"
        "2\n00:00:05.000 --> 00:00:08.000\n<v Omar Said>I'll rewrite the FAQ block.</v>"
    )
    assert owners(vtt) == [("Omar Said", "Rewrite the FAQ block")]
    teams = (
        "[9:02 AM] Berg, Lena\nthe release notes are late again\n"
        "[9:03 AM] Novak, Petr\nI'll draft them today"
    )
    assert owners(teams) == [("Petr Novak", "Draft the release notes")]


def test_a_spreadsheet_paste_and_a_status_arrow():
    tabbed = "Owner\tTask\tDue\nMila\tRenew the SSL cert\tFri\nTBC\tPick a CDN\t-"
    assert owners(tabbed) == [("Mila", "Renew the SSL cert"), (None, "Pick a CDN")]
    arrows = "ops\n- db backup -> done\n- vpn flaps -> crew on site, ETA 21:00\n- dns ttl -> lower it, kim"
    assert [o for o, _ in owners(arrows)] == ["kim"]


def test_an_email_signature_is_not_read_as_work():
    text = (
        "Hi Tom,\n\ncould you send the signed order form by Monday?\n\n"
        "Kind regards,\nAoife Byrne\nAccount Director | Northwind Ltd"
    )
    assert owners(text) == [("Tom", "Send the signed order form")]


def test_lettered_items_under_an_actions_heading_keep_their_initialled_owners():
    text = (
        "Outage review, billing DB\n"
        "\n"
        "Actions agreed:\n"
        "a) K. Osei to add the replica lag alert\n"
        "(b) Wendell also to rewrite the failover runbook\n"
        "c) Purge the stale snapshots — Owner: Platform team (lead: Imke)\n"
        "d) Close the vendor ticket — Hana said she'll do it after the call\n"
    )
    assert owners(text) == [
        ("K. Osei", "Add the replica lag alert"),
        ("Wendell", "Rewrite the failover runbook"),
        ("Platform team", "Purge the stale snapshots"),
        ("Hana", "Close the vendor ticket"),
    ]


def test_a_board_export_reads_action_stickies_as_work_and_the_rest_as_context():
    text = (
        "board export, sprint 14 retro\n"
        "[green] deploys felt calm this sprint\n"
        "[red] flaky login test blocked two merges\n"
        "[purple/action] Noor: quarantine the flaky login test\n"
        "[purple/action] rotate the demo account password - owner?\n"
    )
    assert owners(text) == [
        ("Noor", "Quarantine the flaky login test"),
        (None, "Rotate the demo account password"),
    ]


def test_it_was_agreed_without_that_still_names_the_owner():
    text = (
        "Depot call\n"
        "Space is tight at the north yard.\n"
        "it was agreed Omar will price a second container and report back next week.\n"
    )
    assert owners(text)[0][0] == "Omar"


def test_minutes_in_reported_speech_keep_their_owners():
    text = (
        "Minutes of the Library Committee, 3 March\n"
        "\n"
        "It was agreed that Dr. Lindqvist would draft the loans policy, and that she would "
        "also consult the student union. Regarding the reading room, Mr. Abara explained "
        "that two lamps are broken; he will order replacements. The archive shelving will "
        "need to be moved; he will take care of it. Ms. Kowal raised the issue of the "
        "lost-book fines. The Chair asked her to write a proposal by April. A decision on "
        "opening hours is needed by September.\n"
    )
    assert owners(text) == [
        ("Dr. Lindqvist", "Draft the loans policy"),
        ("Dr. Lindqvist", "Consult the student union"),
        ("Mr. Abara", "Order replacements"),
        ("Mr. Abara", "Archive shelving will need to be moved"),
        ("Ms. Kowal", "Write a proposal by April"),
    ]


def test_an_email_gives_your_side_to_the_greeted_person_and_our_side_to_the_signer():
    text = (
        "hey @joss — notes from the venue call since you were out:\n"
        "\n"
        "Our side:\n"
        "- I'll send the revised floor plan by Tuesday\n"
        "- Our AV team (Ilka) will test the projectors once the room is free\n"
        "\n"
        "Your side — could you:\n"
        "- confirm the final headcount with catering\n"
        "- book the parking permits\n"
        "\n"
        "Best wishes,\n"
        "Ruth Okonkwo-Baines\n"
        "Events, Larch Hall\n"
        "\n"
        "> On 2 May, Joss wrote:\n"
        "> could we also get a quote for the stage lighting?\n"
    )
    assert owners(text) == [
        ("Ruth Okonkwo-Baines", "Send the revised floor plan"),
        ("Ilka", "Test the projectors"),
        ("joss", "Confirm the final headcount with catering"),
        ("joss", "Book the parking permits"),
    ]
    assert context(text)["hey @joss — notes from the venue call since you were out:"] == (
        "a greeting"
    )


def test_a_bare_name_line_greets_and_could_you_goes_to_that_person():
    text = "Claire,\n\nFrom the call:\n1. Could you ask Robert about the budget?\n\nThanks,\nYusuf"
    assert owners(text) == [("Claire", "Ask Robert about the budget")]


def test_terse_ops_notes_read_teams_after_arrows_and_status_fixes_as_context():
    text = (
        "night ops - plant 2\n"
        "01:40 conveyor 3 tripped, reset -> ok.\n"
        "chiller alarm again -> maintenance team, need a proper fix by fri\n"
        "order spare belts (x4) via purchasing - Odile b4 end of month\n"
        "label printer drifting?? who\n"
    )
    assert owners(text) == [
        ("maintenance team", "Need a proper fix (Chiller alarm again)"),
        ("Odile", "Order spare belts (x4) via purchasing"),
        (None, "Label printer drifting"),
    ]


def test_initials_roles_after_a_dash_and_work_given_under_a_continue_heading():
    text = (
        "Science dept retro\n"
        "\n"
        "CONTINUE\n"
        "- lab tidy-up rota, works well. Mr. Osei to keep the rota going\n"
        "- Friday quizzes\n"
        "\n"
        "Learning / actions\n"
        "a) J.K. to order new goggles by end of next week\n"
        "b) share the risk assessment with supply teachers — the head of science\n"
    )
    assert owners(text) == [
        ("Mr. Osei", "Keep the rota going"),
        ("J.K.", "Order new goggles"),
        ("the head of science", "Share the risk assessment with supply teachers"),
    ]


def test_run_on_minutes_and_labels_before_the_real_owner():
    text = (
        "Parents' association minutes\n"
        "\n"
        "We moved on to the summer fair, for which Mrs. Dube has agreed to collect the raffle "
        "prizes, and Mr. Tan will book the bouncy castle. Femi he will fix the gazebo before "
        "June. Bar: Lotte & Sam to sort the drinks licence. Face paints — me, will order "
        "them this week.\n"
        "\n"
        "Thanks,\n"
        "Ines\n"
    )
    assert owners(text) == [
        ("Mrs. Dube", "Collect the raffle prizes (We moved on to the summer fair)"),
        ("Mr. Tan", "Book the bouncy castle"),
        ("Femi", "Fix the gazebo before June"),
        ("Lotte", "Sort the drinks licence"),
        ("Ines", "Face paints, order them"),
    ]


def test_work_said_in_the_passive_is_an_unowned_ticket_not_a_status():
    text = (
        "Minutes - garden committee\n"
        "The new benches were delivered on Monday.\n"
        "The pond pump is to be checked by a contractor before spring. It was also mentioned "
        "that the shed roof should be replaced, but no budget owner was identified.\n"
    )
    found = owners(text)
    assert [owner for owner, _ in found] == [None, None]
    assert "pond pump" in found[0][1].lower()
    assert "shed roof should be replaced" in found[1][1].lower()
    assert "The new benches were delivered on Monday." in context(text)


def test_an_arrow_to_a_name_alone_and_owners_in_brackets():
    text = (
        "ops huddle - dock B\n"
        "- pallet wrapper jams again -> Chuy\n"
        "- label printer offline → Leila (shipping)\n"
        "- replace the dock lights (Declan + Ciarán) (bay 6)\n"
        "- Night shift (Sipho): confirm the fibre restore\n"
        "- draft the pallet policy (Jamal) – by 15th\n"
    )
    assert [owner for owner, _ in owners(text)] == ["Chuy", "Leila", "Declan", "Sipho", "Jamal"]
    assert owners(text)[0][1].lower().startswith("pallet wrapper jams")


def test_meetbot_actions_and_assignments_inside_a_shift_log():
    irc = (
        "[09:00:01] <kasia> #startmeeting infra\n"
        "[09:02:10] <kasia> #action olek to rotate the mirror signing key\n"
        "[09:03:40] <olek> I'll ping the CDN vendor about the cache purge\n"
    )
    assert owners(irc) == [
        ("olek", "Rotate the mirror signing key"),
        ("olek", "Ping the CDN vendor about the cache purge"),
    ]
    log = (
        "night shift log\n"
        "01:15 conveyor 2 belt torn → line stopped. RB to log the fault with maintenance\n"
        "02:30 pick rate ok\n"
    )
    assert owners(log) == [("RB", "Log the fault with maintenance")]


def test_titles_and_honorifics_and_claims_in_a_recap_email():
    text = (
        "Hi team, summary of the huddle.\n"
        "\n"
        "TL Mara will be the one to run the refresher on the refund rules. Kindly Sir Ben (IT) "
        "check the spare headsets. Cllr. Osei undertook to raise the parking issue. The "
        "rota for December still needs to be sent to HR, I will be the one to do it.\n"
        "\n"
        "Thank you and keep safe everyone!\n"
        "Jerome\n"
    )
    assert [owner for owner, _ in owners(text)] == ["TL Mara", "Sir Ben", "Cllr. Osei", "Jerome"]


def test_can_you_without_a_name_asks_the_last_speaker_who_may_decline():
    text = (
        "Ops call\n"
        "Rosa: The printer in bay 2 is jamming again.\n"
        "Tom: Can you log it with facilities today?\n"
        "Rosa: Yeah, I'll log it after this.\n"
        "Tom: And the van needs its MOT. Can you book it?\n"
        "Rosa: This week no, I'm off. Maybe Ade?\n"
        "Ade: Yes, I can book it Thursday.\n"
    )
    assert [owner for owner, _ in owners(text)] == ["Rosa", "Ade"]


def test_a_reply_between_quoted_points_keeps_the_points_and_answers_them():
    text = (
        "Subject: Re: launch notes\n"
        "From: Irena Volkova\n"
        "\n"
        "On Mon, 3 Jun 2024 at 10:02, Sam Reid wrote:\n"
        "> - the press kit still needs a final proofread\n"
        "> - Yusuf offered to book the venue photographer\n"
        "\n"
        "Thanks – yes I'll do the proofread tomorrow morning.\n"
        "\n"
        "Irena\n"
    )
    assert ("Yusuf", "Book the venue photographer") in owners(text)
    assert any(owner == "Irena Volkova" and "proofread" in title for owner, title in owners(text))


def test_spreadsheet_and_confluence_tables_with_people_inside_owner_cells():
    sheet = (
        "Line review\n"
        "#\tTopic\tResponsible\tDeadline\tStatus\n"
        "1\tScrap rate up on casting\tQuality – Mr. Horvat\tnext review\topen - will do 8D with supplier\n"
        "2\tGripper broken on cell 3\tMaintenance (Juraj)\t19.06.\tpart ordered, Juraj to fit it\n"
        "3\tRevenue cut-off testing\tArjun → Bea\t5 Apr\topen\n"
        "4\tReassign MA students\tProf. Ade to ask Dr. Lind\tDec\t\n"
    )
    assert [owner for owner, _ in owners(sheet)] == ["Mr. Horvat", "Juraj", "Bea", "Prof. Ade"]
    assert "will do 8D with supplier" in owners(sheet)[0][1]
    confluence = (
        "Close sync\n"
        "|| Item || Owner || Notes ||\n"
        "| Accruals for legal fees | Bea L. | Bea to chase the final invoice |\n"
        "| Bank recs | Arjun | done ✅ |\n"
    )
    assert [owner for owner, _ in owners(confluence)] == ["Bea L."]


def test_a_transcript_takes_plain_offers_reminders_and_present_tense_plans():
    text = (
        "Fireflies.ai – route planning\n"
        "Ron Whitaker (00:00:05): We still need flyers for the job fair.\n"
        "Mei Zhou (00:00:20): Yeah I can do flyers.\n"
        "Lola Green (00:01:05): Ron, you said you'd get the training dates from the vendor.\n"
        "Ron Whitaker (00:01:10): Right, yes.\n"
        "Jonas Berg (00:01:20): I pick up the spare tablets from the depot Wednesday.\n"
    )
    assert [owner for owner, _ in owners(text)] == ["Mei Zhou", "Ron Whitaker", "Jonas Berg"]


def test_an_async_standup_with_bold_handles_and_inline_labels():
    text = (
        "#daily-standup (async)\n"
        "**kai_dev** — y: shader cleanup, t: fix the shadow acne on the docks. no blockers\n"
        "**rue** (Ruth) — y/t: dialogue import for the ES strings. ETA fri\n"
    )
    assert owners(text) == [
        ("kai_dev", "Fix the shadow acne on the docks"),
        ("rue", "Dialogue import for the ES strings"),
    ]
    walk = (
        "store walk\n- produce counts way up, Tariq pull the reports\n- aisle 5 light out -> Dana\n"
    )
    assert [owner for owner, _ in owners(walk)] == ["Tariq", "Dana"]


def test_prose_minutes_with_roles_and_a_second_verb_for_the_same_person():
    text = (
        "Finance sync. The October reconciliations are finished. Antoine is responsible to "
        "prepare the accruals schedule before Wednesday. The payroll specialist shall check the "
        "holiday pay for part-time staff. Dana thinks the discount test is worth another run "
        "and will put together a proposal for Monday. Marcus will brief IT, but someone from "
        "engineering has to own the quarterly access review.\n"
    )
    assert [owner for owner, _ in owners(text)] == [
        "Antoine",
        "The payroll specialist",
        "Dana",
        "Marcus",
        None,
    ]


def test_owners_written_as_pairs_work_under_way_vocatives_and_teams():
    text = (
        "Ops sync\n"
        "- Rota for the help inbox: Noor + Felix write it this week\n"
        "- The spare laptops are missing chargers, Idris is ordering new ones\n"
        "- Badge printer is jammed and Yara will call the supplier\n"
        "- Wendell, before Friday, please renew the domain\n"
        "- Ilse, you'll send the auditors the access list\n"
        "- Archive the old wiki space (platform team)\n"
        "- Refresh the on-call calendar (Mateo, this week)\n"
        "- Signage for the fire doors - pia to print\n"
        "- Nadia's onboarding docs saved everyone time\n"
    )
    assert owners(text) == [
        ("Noor", "Rota for the help inbox: write it"),
        ("Idris", "Spare laptops are missing chargers, ordering new ones"),
        ("Yara", "Badge printer is jammed, call the supplier"),
        ("Wendell", "Renew the domain"),
        ("Ilse", "Send the auditors the access list"),
        ("platform team", "Archive the old wiki space"),
        ("Mateo", "Refresh the on-call calendar"),
        ("pia", "Signage for the fire doors"),
    ]
    assert context(text)["Nadia's onboarding docs saved everyone time"] == "no work asked"


def test_im_planning_to_is_a_speakers_plan_and_the_title_drops_the_plan_words():
    text = "Standup\nRuben: Slow day yesterday. I'm planning to rotate the VPN keys today."
    assert owners(text) == [("Ruben", "Rotate the VPN keys")]


def test_a_promise_reported_in_minutes_is_work_and_nobody_saying_yes_leaves_it_unowned():
    text = (
        "Minutes, parish hall committee\n\n"
        "The boiler service is overdue. AOB - Odile said she'll book the engineer, due in March. "
        "The noticeboard glass is cracked, which Ansel said he'd replace before Easter. "
        "Someone needs to renew the hall insurance, nobody said yes."
    )
    assert owners(text) == [
        ("Odile", "Book the engineer, due in March"),
        ("Ansel", "Replace before Easter (The noticeboard glass is cracked)"),
        (None, "Renew the hall insurance"),
    ]


def test_a_transcript_with_bracketed_times_and_i_will_after_a_lead_in():
    text = (
        "(00:00:05) Priya Raman: The vendor quote came in high.\n"
        "(00:00:11) Tom Achebe: Okay, Priya, you take that — ask the vendor for a second option.\n"
        "(00:00:19) Priya Raman: Sure.\n"
        "(00:00:24) Tom Achebe: And I'll, um, update the budget sheet tonight.\n"
        "(00:00:31) Priya Raman: For the audit I'll pull the access logs."
    )
    assert owners(text) == [
        ("Priya Raman", "Ask the vendor for a second option"),
        ("Tom Achebe", "Update the budget sheet"),
        ("Priya Raman", "For the audit I'll pull the access logs"),
    ]


def test_a_lower_case_word_after_a_comma_is_not_a_handle():
    text = (
        "kitchen retro\n\nactions:\n"
        "- prep list for the new menu - marek to print, laminated\n"
        "- order more gloves, jo\n"
    )
    assert owners(text) == [
        ("marek", "Prep list for the new menu"),
        ("jo", "Order more gloves"),
    ]


def test_a_second_turn_said_again_and_a_reply_that_takes_the_work():
    text = (
        "standup 10:00\n"
        "rui - finished the export fix, doing the invoice template today\n"
        "mo - no update\n"
        "rui again - also will restart the staging queue after lunch\n"
        "mo - 👍 can take the map tiles, tomorrow\n"
    )
    assert owners(text) == [
        ("rui", "Invoice template"),
        ("rui", "Restart the staging queue after lunch"),
        ("mo", "Take the map tiles"),
    ]


def test_an_email_greeted_and_signed_in_another_language():
    text = (
        "Hola Inés,\n\n"
        "could you send me the signed NDA by Friday? And Pau will book the venue.\n\n"
        "Un saludo,\nMarc"
    )
    assert owners(text) == [("Inés", "Send me the signed NDA"), ("Pau", "Book the venue")]


def test_a_name_with_its_role_in_brackets_and_a_signature_after_the_last_line():
    text = (
        "Committee notes\n\n"
        "- Hall booking is confirmed; Omar (bookings) agreed to send the invoice.\n"
        "- Secretary (Lena) to circulate the minutes.\n"
        "- I said I'd cut two copies of the new key. Next meeting in March. — Rosa"
    )
    assert owners(text) == [
        ("Omar", "Send the invoice"),
        ("Lena", "Circulate the minutes"),
        ("Rosa", "Cut two copies of the new key"),
    ]


def test_the_other_ones_and_same_for_name_the_thing_said_before():
    text = (
        "Warehouse sync\n"
        "Omar: the spring price labels came from the printer, they're on the shelf\n"
        "Dana: I'll put them up on aisle 4 today\n"
        "Omar: Dana can you also do the sale ones?\n"
        "Dana: sure\n"
        "Omar: the forklift charger in bay 2 is dead.\n"
        "Omar: Lee, order a new one before Friday.\n"
    )
    assert owners(text) == [
        ("Dana", "Put the spring price labels up on aisle 4"),
        ("Dana", "Do the sale ones (spring price labels)"),
        ("Lee", "Order a new one (forklift charger)"),
    ]
    standup = "standup\nkim - Y: certs renewed on the eu gateway. T: same for the us gateway."
    assert owners(standup) == [("kim", "Same for the us gateway (Certs renewed on the eu gateway)")]


def test_a_person_from_a_team_and_a_hyphenated_role_own_what_they_will_do():
    text = (
        "Stability review\n"
        "Ms. Choi from our analytical team will re-run the impurity assay in duplicate.\n"
        "Sean from legal to review the supplier contract.\n"
        "The on-call engineer will add certificate expiry monitoring.\n"
        "Results from the survey will be shared next week.\n"
    )
    assert owners(text) == [
        ("Ms. Choi", "Re-run the impurity assay in duplicate"),
        ("Sean", "Review the supplier contract"),
        ("The on-call engineer", "Add certificate expiry monitoring"),
    ]
