"""Small-number suppression, on hand-made numbers."""

from engage.services.suppression import FEWER, WITHHELD, count_text, suppress_table


def test_counts_from_one_to_four_show_as_fewer_than_five():
    assert [count_text(n) for n in (0, 1, 4, 5, 1234)] == ["0", FEWER, FEWER, "5", "1,234"]
    assert count_text(3, suppress=False) == "3"


def test_a_lone_suppressed_count_withholds_the_smallest_other_so_the_total_gives_neither():
    table = suppress_table([("Yes", 40), ("No", 3), ("Prefer not to say", 12)], total=55)

    assert [row.count for row in table.rows] == [40, None, None]
    assert [row.count_text for row in table.rows] == ["40", FEWER, WITHHELD]
    assert table.total == 55  # 55 - 40 = 15 is "No" and "Prefer not to say" together
    assert [row.share_text for row in table.rows] == ["73%", "", ""]
    assert table.suppressed


def test_a_lone_suppressed_count_beside_zeros_withholds_a_count_not_a_zero():
    table = suppress_table([("A", 0), ("B", 2), ("C", 30), ("D", 9)], total=41)

    assert [row.count_text for row in table.rows] == ["0", FEWER, "30", WITHHELD]


def test_two_suppressed_counts_leave_the_total_shown():
    table = suppress_table([("A", 40), ("B", 3), ("C", 2), ("D", 0)], total=45)

    assert [row.count for row in table.rows] == [40, None, None, 0]
    assert table.total == 45
    assert [row.share_text for row in table.rows] == ["89%", "", "", "0%"]


def test_a_multiple_choice_total_never_gives_a_count_away():
    table = suppress_table([("Drugs", 30), ("Burglary", 2)], total=31, additive=False)

    assert table.total == 31 and [row.count for row in table.rows] == [30, None]


def test_a_small_total_is_suppressed_whatever_else():
    table = suppress_table([("A", 0), ("B", 0)], total=3)

    assert table.total is None and table.suppressed


def test_nothing_is_held_back_when_suppression_is_off():
    table = suppress_table([("A", 1), ("B", 9)], total=10, suppress=False)

    assert [row.count for row in table.rows] == [1, 9] and table.total == 10
    assert not table.suppressed
