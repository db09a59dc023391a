"""BM25 keyword index: ranking by rare terms, compounds kept whole, sync by chunk id."""

from __future__ import annotations

from stores.lexical import LexicalIndex, tokens

CHUNKS = {
    "tar#1": "-k, --keep-old-files  Don't replace existing files when extracting.",
    "tar#2": "--overwrite  Overwrite existing files when extracting.",
    "curl#1": "--connect-timeout <seconds>  Maximum time allowed for the connection.",
    "bash#1": "PIPESTATUS  An array variable holding the exit status of each command.",
}


def _index(chunks: dict[str, str]) -> tuple[LexicalIndex, list[list[str]]]:
    index, fetched = LexicalIndex(), []

    def fetch(ids: list[str]) -> dict[str, str]:
        fetched.append(ids)
        return {i: chunks[i] for i in ids}

    index.sync(chunks, fetch)
    return index, fetched


def test_compounds_are_kept_whole_as_well_as_split_into_words() -> None:
    found = tokens("Use --keep-old-files with tar")
    assert "keep-old-files" in found
    assert {"keep", "old", "file", "tar"} <= set(found)
    assert "with" not in found


def test_the_chunk_with_the_rare_term_ranks_first() -> None:
    index, _ = _index(CHUNKS)
    assert (
        index.search("which variable has the exit status of every command in a pipe", 2)[0][0]
        == "bash#1"
    )
    assert index.search("tar keep-old-files", 4)[0][0] == "tar#1"
    assert index.search("connect timeout", 4)[0][0] == "curl#1"


def test_a_query_of_stopwords_or_unknown_words_finds_nothing() -> None:
    index, _ = _index(CHUNKS)
    assert index.search("what is the", 5) == []
    assert index.search("zebra", 5) == []
    assert LexicalIndex().search("tar", 5) == []


def test_sync_fetches_only_new_chunks_and_forgets_removed_ones() -> None:
    index, fetched = _index(CHUNKS)
    assert len(index) == 4
    grown = {**CHUNKS, "gzip#1": "--rsyncable  Make rsync-friendly archives."}
    index.sync(grown, lambda ids: {i: grown[i] for i in ids if fetched.append(ids) is None})
    assert fetched[-1] == ["gzip#1"]
    assert index.search("rsyncable", 3)[0][0] == "gzip#1"
    index.sync(["curl#1"], lambda ids: {})
    assert len(index) == 1
    assert index.search("keep-old-files", 3) == []
    assert index.search("connect-timeout", 3)[0][0] == "curl#1"
