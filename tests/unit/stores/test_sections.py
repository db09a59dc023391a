"""Sections keep their heading path; chunks start with it and keep code and tables whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from stores.blocks import segments, split_block
from stores.documents import CHUNK_CHARS, MAX_BLOCK_CHARS, chunk_text
from stores.sections import Section, heading_line, sections, split_heading

DOCS = Path(__file__).resolve().parents[2] / "data" / "rag_real" / "docs"


def non_space(text: str) -> str:
    return "".join(text.split())


def in_order(needle: str, haystack: str) -> bool:
    """Whether ``needle``'s characters all appear in ``haystack``, in the same order."""
    rest = iter(haystack)
    return all(char in rest for char in needle)


def bodies(chunks: list[str]) -> str:
    return "".join(split_heading(chunk)[1] for chunk in chunks)


def test_a_hash_line_in_a_fenced_block_is_code_not_a_heading() -> None:
    text = "# Install\n\nRun:\n\n```sh\n# build first\nmake\n```\n\n~~~\n# again\n~~~\n\n## Then\n\nDone."
    assert sections(text, ".md") == [
        Section(("Install",), "Run:\n\n```sh\n# build first\nmake\n```\n\n~~~\n# again\n~~~"),
        Section(("Install", "Then"), "Done."),
    ]


def test_setext_and_atx_headings_nest_into_paths() -> None:
    text = (
        "Intro before any heading.\n\nGuide\n=====\n\nAbout.\n\nRefunds\n-------\n\n"
        "Five days.\n\n### Cards ###\n\nTen days.\n\n## Invoices\n\nThirty days.\n\n"
        "Other\n=====\n\nEnd."
    )
    assert [(s.path, s.body) for s in sections(text, ".markdown")] == [
        ((), "Intro before any heading."),
        (("Guide",), "About."),
        (("Guide", "Refunds"), "Five days."),
        (("Guide", "Refunds", "Cards"), "Ten days."),
        (("Guide", "Invoices"), "Thirty days."),
        (("Other",), "End."),
    ]


def test_a_thematic_break_and_a_list_item_over_dashes_are_not_headings() -> None:
    text = "# Top\n\nPara.\n\n---\n\n- item\n---\n\nEnd."
    assert sections(text, ".md") == [Section(("Top",), "Para.\n\n---\n\n- item\n---\n\nEnd.")]


def test_rst_levels_follow_the_order_adornment_styles_first_appear() -> None:
    text = (
        "=======\n Manual\n=======\n\nPreface.\n\nInstall\n=======\n\nSteps.\n\n"
        "From source\n-----------\n\nConfigure::\n\n    ./configure\n    # then make\n\n"
        "Usage\n=====\n\nRun it.\n"
    )
    assert [(s.path, s.body) for s in sections(text, ".rst")] == [
        (("Manual",), "Preface."),
        (("Manual", "Install"), "Steps."),
        (("Manual", "Install", "From source"), "Configure::\n\n    ./configure\n    # then make"),
        (("Manual", "Usage"), "Run it."),
    ]


def test_an_underline_shorter_than_its_title_makes_no_title() -> None:
    assert sections("Intro\n\nA long title\n===\n\nText.", ".rst") == [
        Section((), "Intro\n\nA long title\n===\n\nText.")
    ]


def test_man_pages_split_by_section_and_three_space_sub_heading() -> None:
    tar = [s.path for s in sections((DOCS / "tar.txt").read_text(), ".txt")]
    assert tar[:4] == [(), ("NAME",), ("SYNOPSIS",), ("SYNOPSIS", "Traditional usage")]
    assert ("OPTIONS",) in tar and ("OPTIONS", "Compression options") in tar
    bash = {s.path: s.body for s in sections((DOCS / "bash-parameters.txt").read_text(), "")}
    assert list(bash) == [
        (), ("NAME",), ("PARAMETERS",), ("PARAMETERS", "Positional Parameters"),
        ("PARAMETERS", "Special Parameters"), ("PARAMETERS", "Shell Variables"),
    ]  # fmt: skip
    assert "BASH(1)" in bash[()]  # the page header is not a heading
    assert "PIPESTATUS" in bash[("PARAMETERS", "Shell Variables")]


def test_man_page_footers_and_news_bullets_are_not_headings() -> None:
    openssl = [s.path for s in sections((DOCS / "openssl-req.txt").read_text(), ".txt")]
    assert openssl[-1] == ("COPYRIGHT",)  # not the "3.0.19   2026-01-27   OPENSSL-REQ" footer
    news = (DOCS / "openssh-NEWS.Debian.txt").read_text()
    paths = [s.path for s in sections(news, ".txt")]  # its releases, none of its bullets
    assert paths[0] == ("openssh (1:9.2p1-1) unstable; urgency=medium",)
    assert all(len(p) == 1 and p[0].startswith("openssh (1:") for p in paths)


@pytest.mark.parametrize("name", ["curl.txt", "bash-parameters.txt", "grep.txt", "tar.txt"])
def test_sections_and_chunks_of_a_real_man_page_lose_no_text(name: str) -> None:
    text = (DOCS / name).read_text()
    found = sections(text, ".txt")
    titles = {s.path[-1] for s in found if s.path}
    without_headings = [line for line in text.split("\n") if line.strip() not in titles]
    assert non_space("".join(s.body for s in found)) == non_space("\n".join(without_headings))
    chunks = chunk_text(text, ".txt", name)
    assert in_order(non_space("".join(s.body for s in found)), non_space(bodies(chunks)))
    for chunk in chunks:
        head, body = split_heading(chunk)
        assert head.startswith(f"§ {name}") and body.strip() and len(body) <= CHUNK_CHARS


def test_markdown_chunks_lose_no_text_but_heading_lines() -> None:
    text = (
        "# A\n\n" + "word " * 400 + "\n\n```py\n# code\nx = 1\n```\n\n## B\n\n| k | v |\n| - | - |"
    )
    heading_free = text.replace("# A", "").replace("## B", "")
    assert in_order(non_space(heading_free), non_space(bodies(chunk_text(text, ".md", "a.md"))))


def test_a_long_fenced_block_and_a_long_pipe_table_each_stay_in_one_chunk() -> None:
    code = "```python\n" + "\n".join(f"value_{i} = {i} * 2" for i in range(120)) + "\n```"
    table = "| name | value |\n|---|---|\n" + "\n".join(f"| key{i} | {i} |" for i in range(120))
    assert CHUNK_CHARS < len(code) < MAX_BLOCK_CHARS and CHUNK_CHARS < len(table) < MAX_BLOCK_CHARS
    text = f"# Config\n\nIntro.\n\n{code}\n\nBetween.\n\n{table}\n\nAfter."
    chunks = chunk_text(text, ".md", "config.md")
    assert sum(code in c for c in chunks) == 1 and sum(table in c for c in chunks) == 1
    assert all(split_heading(c)[0] == "§ config.md > Config" for c in chunks)


def test_small_blocks_share_a_chunk_with_the_prose_around_them() -> None:
    text = "Intro.\n\n```\nx = 1\n```\n\nAfter."
    assert chunk_text(text, ".md") == ["Intro.\n\n```\nx = 1\n```\n\nAfter."]


def test_literal_blocks_grid_and_simple_tables_are_whole_segments() -> None:
    literal = "Build it::\n\n    make\n\n    make install"
    grid = "+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+"
    simple = "=====  =====\nkey    value\n=====  =====\na      1\n=====  ====="
    text = f"Intro.\n\n{literal}\n\nMiddle.\n\n{grid}\n\n{simple}\n\nEnd."
    whole = [s.text for s in segments(text) if s.whole]
    assert whole == [literal, grid, simple]
    assert "\n".join(s.text for s in segments(text)) == text


def test_a_block_longer_than_the_limit_is_cut_at_line_boundaries() -> None:
    block = "\n".join(f"line {i:04} " + "x" * 40 for i in range(200))
    pieces = split_block(block, MAX_BLOCK_CHARS)
    assert len(pieces) == 3 and all(len(p) <= MAX_BLOCK_CHARS for p in pieces)
    assert "\n".join(pieces) == block
    assert split_block("short", MAX_BLOCK_CHARS) == ["short"]


def test_a_file_without_headings_has_only_its_title_as_path() -> None:
    text = "\n\n".join(f"Paragraph {i} " + "text " * 60 for i in range(10))
    chunks = chunk_text(text, ".txt", "notes.txt")
    assert len(chunks) > 1
    assert {split_heading(c)[0] for c in chunks} == {"§ notes.txt"}
    assert in_order(non_space(text), non_space(bodies(chunks)))


def test_code_keeps_its_language_splitting_under_its_file_name() -> None:
    code = "\n\n".join(f"def rule_{i}(amount):\n    return amount * {i}" for i in range(80))
    chunks = chunk_text(code, ".py", "billing.py")
    assert len(chunks) > 1
    for chunk in chunks:
        head, body = split_heading(chunk)
        assert head == "§ billing.py" and body.lstrip().startswith("def ")


def test_the_heading_line_round_trips_and_is_absent_with_nothing_to_say() -> None:
    line = heading_line("curl.txt", ("OPTIONS", "--connect-timeout"))
    assert line == "§ curl.txt > OPTIONS > --connect-timeout"
    assert split_heading(f"{line}\nMaximum time.\nMore.") == (line, "Maximum time.\nMore.")
    assert heading_line("", ("OPTIONS",)) == "§ OPTIONS"
    assert heading_line("", ()) == ""
    assert split_heading("Plain chunk.") == ("", "Plain chunk.")
    assert chunk_text("Just text.", ".txt") == ["Just text."]


NEWS = """GNU grep NEWS                                    -*- outline -*-

* Noteworthy changes in release 3.8 (2022-09-02) [stable]

** Changes in behavior

  The -P option is now based on PCRE2.

* Noteworthy changes in release 3.7 (2021-08-14) [stable]

  Preprocessing N patterns now takes less time.
"""

MAKE_NEWS = """Version 4.3 (19 Jan 2020)

* New feature: --shuffle is not here yet.

Version 4.2.1 (10 Jun 2016)

Bug fixes only.
"""


def test_a_news_file_has_its_releases_as_headings_so_a_chunk_says_which_release():
    found = sections(NEWS, ".txt")
    assert [s.path for s in found] == [
        (),
        ("Noteworthy changes in release 3.8 (2022-09-02) [stable]",),
        ("Noteworthy changes in release 3.8 (2022-09-02) [stable]", "Changes in behavior"),
        ("Noteworthy changes in release 3.7 (2021-08-14) [stable]",),
    ]
    assert "PCRE2" in found[2].body
    assert [s.path for s in sections(MAKE_NEWS, ".txt")] == [
        ("Version 4.3 (19 Jan 2020)",),
        ("Version 4.2.1 (10 Jun 2016)",),
    ]


def test_one_release_line_in_prose_is_not_a_heading():
    text = "Notes\n\nVersion 2.0 (May) changed the format.\n\nNothing else.\n"
    assert [s.path for s in sections(text, ".txt")] == [()]
