"""The passage that holds the question is found inside long chunks; none when none does."""

from __future__ import annotations

from nodes.lane_steps.answer_check import asked_names, missing_asked_names, unanswered_shape
from nodes.lane_steps.extractive import Passage, best_passages, choose, placed
from nodes.lane_steps.passage_cuts import MAX_PASSAGE_CHARS, passages
from nodes.lane_steps.passage_features import NAMES, features, subject
from nodes.lane_steps.passage_model import Weights, fitted
from tests.fakes import FakeStore

EMBED = FakeStore([]).embed  # hashed words: texts sharing words are similar

MANUAL = """\
OPTIONS
       --connect-timeout <seconds>
              Maximum time in seconds that you allow curl's connection to take.

       -m, --max-time <fractional seconds>
              Maximum time in seconds that you allow the whole operation to take.
              This is useful for preventing your batch jobs from hanging for hours.

       --retry <num>
              If a transient error is returned when curl tries to perform a transfer,
              it will retry this number of times before giving up.
"""


def test_a_man_page_option_is_one_passage_with_its_description():
    found = passages(MANUAL)
    assert any(p.startswith("-m, --max-time") and "batch jobs" in p for p in found)
    assert all(len(p) <= MAX_PASSAGE_CHARS for p in passages("A sentence. " * 200))


def test_a_long_table_is_cut_between_rows_so_its_last_rows_are_kept():
    rows = [f"| `option_{n}` | setting number {n} of the table |" for n in range(40)]
    found = passages("| name | meaning |\n|---|---|\n" + "\n".join(rows))
    assert any("`option_39`" in p for p in found)
    assert all(len(p) <= MAX_PASSAGE_CHARS for p in found)


def test_a_restructuredtext_directive_is_one_passage_with_the_body_it_introduces():
    text = (
        "    Default: ``False``\n\n.. py:data:: MAX_COOKIE_SIZE\n\n"
        "    Warn if cookie headers are larger than this many bytes. Defaults to\n"
        "    ``4093``.\n\n.. versionadded:: 0.4\n"
    )
    found = passages(text)
    assert ".. py:data:: MAX_COOKIE_SIZE Warn if cookie headers are larger" in found[1]
    assert found[0] == "Default: ``False``" and found[-1] == ".. versionadded:: 0.4"


def test_a_quoted_passage_carries_where_it_sits_so_a_changelog_gives_its_version():
    chunk = "§ black-CHANGES.md > 24.3.0 > Highlights\nThis release fixes a CVE."
    assert placed("This release fixes a CVE.", chunk) == (
        "§ black-CHANGES.md > 24.3.0 > Highlights\nThis release fixes a CVE."
    )
    assert placed("No heading here.", "No heading here.") == "No heading here."


def test_a_question_only_a_number_answers_is_not_answered_by_a_passage_without_one():
    chunks = ["--exclude-dir=GLOB Skip any command-line directory with a name suffix."]
    weights = Weights(fitted().coefficients, fitted().intercept, 0.0)
    best = [Passage(chunks[0], 0, 0.9)]
    assert choose("Which grep release added --exclude-dir?", chunks, best, weights) == []
    assert choose("What does --exclude-dir do in grep?", chunks, best, weights) == best
    assert choose("How many times does --exclude-dir apply?", chunks, best, weights) == best
    dated = ["§ grep-NEWS.txt > release 2.5.2\n" + chunks[0]]
    assert choose("Which grep release added --exclude-dir?", dated, best, weights) == best


def test_a_port_or_exit_status_needs_a_plain_number_in_the_passage_itself():
    weights = Weights(fitted().coefficients, fitted().intercept, 0.0)
    entry = "The daemon's parser now shows the default values of options in its help (#3712)"
    chunks = ["§ tool-CHANGES.md > 23.7.0 > Daemon\n" + entry]
    found = [Passage(entry, 0, 0.9)]
    assert choose("What port does the daemon listen on by default?", chunks, found, weights) == []
    assert choose("Which exit code means a timeout?", chunks, found, weights) == []
    option = ["-P port  Specifies the port to connect to on the remote host."]
    found = [Passage(option[0], 0, 0.9)]
    assert choose("scp non-default port option", option, found, weights) == found
    stated = "--bind-port PORT  Port to listen on (default: 45484)."
    found = [Passage(stated, 0, 0.9)]
    assert choose("What port does the daemon listen on by default?", [stated], found, weights)


def test_a_count_needs_the_thing_counted_and_an_option_question_needs_an_option():
    waits = "By default, the tool waits 10 seconds between retries."
    assert unanswered_shape("How many levels deep does it recurse by default?", waits)
    assert unanswered_shape("how many retires does it make?", waits) is None  # a typo
    assert unanswered_shape("How many seconds does it wait between retries?", waits) is None
    assert unanswered_shape("How many times is it retried?", waits) is None  # no thing named
    general = "All options can also be given in the configuration file."
    assert unanswered_shape("Which option keeps my old config file?", general)
    for named in ("--keep-old Keep the old file.", "Set KeepOld to yes.", "Set `keep_old`."):
        assert unanswered_shape("Which option keeps my old config file?", named) is None
    chunks = [waits]
    weights = Weights(fitted().coefficients, fitted().intercept, 0.0)
    best = [Passage(waits, 0, 0.9)]
    assert choose("How many levels deep does it recurse?", chunks, best, weights) == []


def test_a_passage_from_a_document_the_question_does_not_name_is_marked():
    rows = features(
        "How many levels deep does wget recurse?",
        ["Recursion depth is 5 by default.", "Maximum redirects is 30."],
        [0.5, 0.5],
        [0.5, 0.5],
        ["§ wget.txt > OPTIONS", "§ httpie-docs.md > Redirects"],
    )
    other = NAMES.index("other_document")
    assert [row[other] for row in rows] == [0.0, 1.0]
    assert subject("§ ssh_config.txt > DESCRIPTION") == "ssh" and subject("") == ""


def test_the_option_that_answers_is_chosen_from_its_words():
    best = best_passages(
        "how do I stop batch jobs hanging for hours", ["intro text", MANUAL], EMBED
    )
    assert best and best[0].chunk == 1 and "--max-time" in best[0].text
    retry = best_passages("how many times does it retry a transient error", [MANUAL], EMBED)
    assert retry and retry[0].text.startswith("--retry")


def test_a_runner_up_as_likely_as_the_best_is_quoted_too_and_an_intro_keeps_its_code():
    weights = fitted()
    intro = "To build a static binary, run:"
    pair = Passage(f"{intro} make LDFLAGS=-all-static", 0, 0.95)
    found = [pair, Passage(intro, 0, 0.9), Passage("Other text about builds.", 1, 0.93)]
    chosen = choose("how do I build a static binary", ["c0", "c1"], found, weights)
    assert [p.text for p in chosen] == [pair.text, "Other text about builds."]
    far = [pair, Passage("Other text about builds.", 1, 0.5)]
    assert [
        p.text for p in choose("how do I build a static binary", ["c0", "c1"], far, weights)
    ] == [pair.text]


def test_no_passage_holds_an_unrelated_question():
    assert best_passages("which proxy authentication methods are supported", [MANUAL], EMBED) == []
    assert best_passages("", [MANUAL], EMBED) == []


def test_a_passage_that_lacks_the_option_the_question_names_is_no_answer():
    # Every word but the option matches: the manual does not have --max-redirs.
    assert best_passages("how many times does --max-redirs retry", [MANUAL], EMBED) == []


def test_asked_names_are_options_dotted_underscored_and_camelcase_names_only():
    asked = "Does --shuffle, core.autocrlf, GIT_SSH_COMMAND or MaxSessions in 5.0.0 matter?"
    assert asked_names(asked) == ["--shuffle", "core.autocrlf", "git_ssh_command", "maxsessions",
                                  "5.0.0"]  # fmt: skip
    assert asked_names("a non-default port, e.g. 500, for some/dir/file.bin on RSA") == []
    assert missing_asked_names("what does --retry do", MANUAL) == []
    assert missing_asked_names("what does --RETRY-ALL do", MANUAL) == ["--retry-all"]
    assert asked_names("What does the README say about MaxSessions?") == ["maxsessions"]


def test_the_shipped_weights_are_for_these_features_and_give_probabilities():
    weights = fitted()
    assert 0.0 < weights.bar < 1.0
    assert weights.probability([0.9] * len(NAMES)) > weights.probability([0.0] * len(NAMES))


def test_an_option_typed_with_its_value_or_bundled_is_found_bare_in_the_manual():
    manual = "-j [jobs], --jobs[=jobs] Specifies the number of jobs. -t, --list -f, --file=ARCHIVE"
    assert missing_asked_names("make -j8 mixes the output of targets", manual) == []
    assert missing_asked_names("tar -tf lists one archive only", manual) == []
    assert missing_asked_names("tar -tz lists nothing", manual) == ["-tz"]  # no -z here
    assert missing_asked_names("what is -j8", "-json prints JSON") == ["-j8"]  # not -j


def test_only_the_asking_sentence_names_what_the_source_must_hold():
    manual = "Use --offline-table to give the table's columns when there is no database."
    context_first = "Running alembic upgrade --sql breaks. What do I need to pass?"
    assert missing_asked_names(context_first, manual) == []
    assert missing_asked_names("What does alembic upgrade --sql do?", manual) == ["--sql"]
    assert missing_asked_names("It breaks. What does --sql do?", manual) == ["--sql"]
