"""Where a moved category lands: the tree arithmetic behind drag and drop and the move buttons."""

from __future__ import annotations

from lawgov_desktop.gui.category_moves import TreeShape


def _shape() -> TreeShape:
    """1 (with children 2, 3), 4, 5 (with child 6)."""
    shape = TreeShape()
    for cid, parent in ((1, None), (2, 1), (3, 1), (4, None), (5, None), (6, 5)):
        shape.add(cid, parent)
    return shape


def test_order_after_move_is_depth_first_with_the_category_in_its_new_place():
    shape = _shape()
    assert shape.order_after_move(4, 1, 3) == [1, 2, 4, 3, 5, 6]
    assert shape.order_after_move(1, None, None) == [4, 5, 6, 1, 2, 3]  # children travel along
    assert shape.order_after_move(6, None, 4) == [1, 2, 3, 6, 4, 5]


def test_no_category_inside_itself_or_its_descendants():
    shape = _shape()
    assert shape.nests_in_itself(1, 1) and shape.nests_in_itself(1, 3)
    assert not shape.nests_in_itself(3, 1) and not shape.nests_in_itself(1, None) and not shape.nests_in_itself(1, 6)


def test_steps_stay_among_siblings():
    shape = _shape()
    assert shape.step(4, -1) == (None, 1)  # up: before the sibling above
    assert shape.step(4, 1) == (None, None)  # down past the last sibling: last
    assert shape.step(1, 1) == (None, 5)
    assert shape.step(1, -1) is None and shape.step(5, 1) is None and shape.step(6, -1) is None


def test_nest_under_the_sibling_above_and_unnest_after_the_former_parent():
    shape = _shape()
    assert shape.nest(4) == (1, None) and shape.nest(3) == (2, None)
    assert shape.nest(1) is None and shape.nest(2) is None
    assert shape.unnest(2) == (None, 4) and shape.unnest(6) == (None, None)
    assert shape.unnest(1) is None
    assert shape.siblings(3) == [2, 3] and shape.position(3) == 1 and shape.position(99) == -1
