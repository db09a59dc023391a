from __future__ import annotations

import json

import pytest

from cli.main import main


def test_lanes_json_contract(monkeypatch, capsys):
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", "http://127.0.0.1:9/v1")
    assert main(["lanes", "--json"]) == 0
    rows = {row["lane"]: row for row in json.loads(capsys.readouterr().out)}
    assert list(rows) == ["orchestrator", "coder", "super_reader", "fast_rag", "governance"]
    for row in rows.values():
        assert set(row) == {
            "lane",
            "backend",
            "base_url",
            "model",
            "model_path",
            "context_window",
            "fallback_chain",
            "breaker",
            "reopens_in_s",
            "shared",
        }
        # Recorded state, no probe: a fresh process without Redis knows of no failure.
        assert (row["breaker"], row["reopens_in_s"], row["shared"]) == ("closed", None, "local")
    assert rows["coder"]["backend"] == "openai"
    assert rows["coder"]["base_url"] == "http://127.0.0.1:9/v1"
    assert rows["coder"]["fallback_chain"] == ["orchestrator"]
    for name in ("orchestrator", "super_reader", "fast_rag", "governance"):
        assert rows[name]["backend"] == "llama_cpp"
        assert rows[name]["model_path"].endswith("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf")


def test_lanes_table_names_every_lane(capsys):
    assert main(["lanes"]) == 0
    out = capsys.readouterr().out
    for lane in ("orchestrator", "coder", "super_reader", "fast_rag", "governance"):
        assert lane in out


def test_config_error_is_one_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("ARGOS_LLM_DEFAULT_LANE", "nope")
    assert main(["lanes"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "ARGOS_LLM_DEFAULT_LANE='nope'" in lines[0]
    assert "orchestrator, coder, super_reader, fast_rag, governance" in lines[0]


def test_ctrl_c_while_a_command_loads_is_one_line_not_a_traceback(monkeypatch, capsys):
    import cli.main

    def interrupted(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.main, "build_parser", interrupted)
    assert main(["lanes"]) == 130
    assert capsys.readouterr().err.strip() == "cortex: interrupted"


def test_ctrl_c_while_the_cli_itself_loads_is_one_line_not_a_traceback(monkeypatch, capsys):
    import importlib.abc
    import sys

    from cli import entry

    class Interrupts(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "cli.main":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "cli.main")
    monkeypatch.setattr(sys, "meta_path", [Interrupts(), *sys.meta_path])
    assert entry.main() == 130
    assert capsys.readouterr().err.strip() == "cortex: interrupted"


def test_an_empty_path_to_ingest_is_refused_not_read_as_the_current_folder(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", ""])
    assert exit_.value.code == 2
    assert "the path is empty" in capsys.readouterr().err


def test_an_empty_file_to_import_is_refused_not_read_as_the_current_folder(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tickets", "import", ""])
    assert exit_.value.code == 2
    assert "FILE: the path is empty: give the file's path" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["tickets", "show", ""], "ID: is empty: give a name or id"),
        (["tickets", "update", " ", "--status", "done"], "ID: is empty"),
        (["tickets", "--owner", ""], "--owner: is empty: give a name or id"),
    ],
)
def test_an_empty_id_or_owner_filter_is_refused_not_matched_against_everything(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_a_ticket_title_that_is_not_utf8_is_refused_before_anything_is_stored(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tickets", "add", "\udcff\udcfe"])  # argv bytes 0xff 0xfe
    assert exit_.value.code == 2
    assert "TITLE: is not valid UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["route", "--split", "report", "hi"], "--split works only with --eval"),
        (["route", "--min-accuracy", "0.9", "hi"], "--min-accuracy works only with --eval"),
        (["ask", "--note", "looks fine", "hello"], "--note goes with --approve or --reject"),
        (["epics", "--goal", "faster checkout"], "--goal goes with --add TITLE"),
        (["epics", "--add", " "], "the epic's title is empty"),
        (["roadmap", "--build", " "], "the roadmap's horizon is empty"),
        (
            ["roadmap", "--build", "next -3 quarters"],
            "the roadmap's horizon 'next -3 quarters' asks for fewer than one period",
        ),
        (["roadmap", "--build", "next 0 sprints"], "the roadmap's horizon 'next 0 sprints' asks"),
        (
            ["roadmap", "--build", "next 99999999 sprints"],
            "the roadmap's horizon 'next 99999999 sprints' asks for more than 12 sprints",
        ),
        (["roadmap", "--build", "banana"], "the roadmap's horizon 'banana' names no period"),
    ],
)
def test_an_option_that_would_be_ignored_is_refused_with_what_it_needs(argv, said, capsys):
    assert main(argv) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"cortex: {said}")


def test_an_empty_metrics_file_is_refused_not_ignored(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--metrics", "", "lanes"])
    assert exit_.value.code == 2
    assert "--metrics: is empty: give a file, or - for stderr" in capsys.readouterr().err


def test_unknown_lane_for_ping_is_a_clear_error(capsys):
    assert main(["ping", "reviewer"]) == 2
    assert "LANE='reviewer'" in capsys.readouterr().err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "lanes" in out and "ping" in out and "ARGOS_" in out


def test_a_command_imports_only_its_own_module():
    import subprocess
    import sys

    probe = (
        "import sys; from cli.main import build_parser; "
        "parser = build_parser(sys.argv[1:]); "
        "print(sorted(m for m in sys.modules if m.startswith(('cli.', 'graphs.'))))"
    )
    loaded = {}
    for argv in (["--help"], ["-v", "tickets"], ["epics"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        loaded[argv[-1]] = done.stdout
    assert "cli.ask_cmd" not in loaded["--help"] and "cli.tickets_cmd" not in loaded["--help"]
    assert "cli.tickets_cmd" in loaded["tickets"] and "graphs." not in loaded["tickets"]
    assert "cli.roadmap_cmd" in loaded["epics"] and "cli.ask_cmd" not in loaded["epics"]


def test_every_command_is_listed_and_parses_with_the_whole_parser():
    from cli.commands import COMMANDS, command_in
    from cli.main import build_parser

    assert command_in(["-v", "--verbose", "ask", "x"]) == "ask"
    assert command_in(["--help"]) is None and command_in(["nosuch"]) is None
    whole = build_parser()
    for name in COMMANDS:
        assert name in whole._subparsers._group_actions[0].choices
    one = build_parser(["tickets"])
    assert one.parse_args(["tickets", "--project", "core"]).command == "tickets"
    with pytest.raises(SystemExit):
        one.parse_args(["nosuch"])


def test_commands_on_in_process_lanes_never_import_the_openai_sdk(tmp_path):
    """Half a second of every ``cortex`` start-up: loaded only when a lane is on a server."""
    import subprocess
    import sys

    probe = (
        "import sys; from cli.main import main; code = main(sys.argv[1:]); "
        "print('openai' in sys.modules, 'langchain_openai' in sys.modules)"
    )
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    env["ARGOS_DATA_DIR"] = str(tmp_path / "data")
    for argv in (["route", "review this diff", "--json"], ["ingest", "missing", "--json"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv], capture_output=True, text=True, timeout=120,
            cwd=tmp_path, env=env,
        )  # fmt: skip
        assert done.stdout.strip().splitlines()[-1] == "False False", (argv, done.stderr[-500:])


def test_a_criterion_loses_its_list_marker_as_an_import_would_read_it(capsys):
    from cli.tickets_cmd import _criterion

    assert [_criterion(v) for v in ("- listed", "* starred", "-5% latency")] == [
        "listed", "starred", "-5% latency",
    ]  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        main(["tickets", "add", "X", "--criterion", " - "])
    assert exit_.value.code == 2
    assert "--criterion: is empty" in capsys.readouterr().err
