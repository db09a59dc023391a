from nodes.plumbing.reducers import RESET, extend_or_reset, merge_or_reset


def test_extend_appends_and_reset_starts_a_new_turn():
    assert extend_or_reset([1], [2, 3]) == [1, 2, 3]
    assert extend_or_reset(None, [1]) == [1]
    assert extend_or_reset([1, 2], RESET) == []
    assert extend_or_reset([1, 2], [RESET, 9]) == [9]


def test_merge_overwrites_keys_and_reset_empties():
    assert merge_or_reset({"s1": 1}, {"s2": 2}) == {"s1": 1, "s2": 2}
    assert merge_or_reset({"s1": 1}, {"s1": 5}) == {"s1": 5}
    assert merge_or_reset({"s1": 1}, RESET) == {}
