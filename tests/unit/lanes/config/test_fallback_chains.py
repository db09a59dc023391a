from __future__ import annotations

import logging

from lanes.core.lane import Lane

C, ORCH, R, F, G = (
    Lane.CODER,
    Lane.ORCHESTRATOR,
    Lane.SUPER_READER,
    Lane.FAST_RAG,
    Lane.GOVERNANCE,
)


def test_listed_lanes_come_first_then_theirs(table_from_env):
    table = table_from_env(
        ARGOS_LANE_CODER_FALLBACK="fast_rag, governance",
        ARGOS_LANE_FAST_RAG_FALLBACK="super_reader",
    )
    # fast_rag and governance as listed, then what they fall back to in turn.
    assert table[C].fallback_chain == (F, G, R, ORCH)
    assert table[F].fallback_chain == (R, ORCH)


def test_none_means_no_fallback(table_from_env):
    assert table_from_env(ARGOS_LANE_CODER_FALLBACK="none")[C].fallback_chain == ()


def test_lanes_that_back_each_other_up_form_a_reported_cycle(table_from_env, caplog):
    caplog.set_level(logging.INFO, logger="lanes")
    table = table_from_env(
        ARGOS_LANE_CODER_FALLBACK="orchestrator", ARGOS_LANE_ORCHESTRATOR_FALLBACK="coder"
    )
    assert table[C].fallback_chain == (ORCH,)
    assert table[ORCH].fallback_chain == (C,)
    # super_reader -> orchestrator -> coder: the chain follows on but never loops.
    assert table[R].fallback_chain == (ORCH, C)
    assert len(table.fallback.cycles) == 1
    assert set(table.fallback.cycles[0]) == {C, ORCH}
    cycle_logs = [r.getMessage() for r in caplog.records if "fallback cycle" in r.getMessage()]
    assert len(cycle_logs) == 1


def test_a_lane_listing_itself_is_a_cycle_not_a_chain_entry(table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_FALLBACK="coder,fast_rag")
    assert table[C].fallback_chain == (F, ORCH)
    assert table.fallback.cycles == ((C, C),)
