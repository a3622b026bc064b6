"""People who stay people: children grow out of school age, settled migrants keep their places."""

import numpy as np

from floatpop.model import MigrationModel
from floatpop.model.migrants import Migrants
from floatpop.model.rules import ageing, services
from floatpop.scenarios import load

BASELINE = load("baseline", scale=0.002)


def family(children: int, eldest_years: float, enrolled: int) -> Migrants:
    eldest = int(round(12 * eldest_years))
    school = ageing.school_children(np.array([children]), np.array([eldest]), BASELINE)
    return Migrants(
        {
            "children": [children],
            "child_age_months": [eldest],
            "school_children": school,
            "children_enrolled": [enrolled],
        }
    )


def test_children_age_out_of_school_and_give_up_their_places():
    m = family(children=1, eldest_years=15 - 1 / 12, enrolled=1)  # a month before 15
    assert m.school_children[0] == 1, "fourteen is school age"
    ageing.age(m, BASELINE)
    assert m.school_children[0] == 0 and m.children_enrolled[0] == 0, "fifteen is not"
    assert m.children[0] == 1, "the child stays a member of the household"


def test_a_younger_sibling_enters_school_age_as_the_eldest_leaves():
    gap = BASELINE.arrivals.sibling_gap_years
    m = family(children=2, eldest_years=6 + gap - 1 / 12, enrolled=1)  # younger just under 6
    assert m.school_children[0] == 1
    ageing.age(m, BASELINE)
    assert m.school_children[0] == 2, "the younger one turns six"
    for _ in range(int(12 * (9 - gap))):  # the eldest reaches fifteen
        ageing.age(m, BASELINE)
    assert m.school_children[0] == 1, "the eldest has left school age"
    assert m.children_enrolled[0] <= m.school_children[0]


def test_school_age_children_in_a_run_follow_their_ages():
    model = MigrationModel("baseline", seed=3, scale=0.002, end="2023-11")
    model.run_model()
    m = model.migrants
    recount = ageing.school_children(m.children, m.child_age_months, model.inputs)
    np.testing.assert_array_equal(m.school_children, recount)
    assert (m.children_enrolled <= m.school_children).all(), "no place without a school child"
    # between a tenth and nine tenths of children are of school age: neither none nor all
    share = m.school_children.sum() / m.children.sum()
    assert 0.1 < share < 0.9, share


def test_settlement_leaves_the_city_wide_service_load_unchanged():
    """Migrants who settle with every school-age child in a place and a clinic keep both:
    the demand for places and care, by district, is the same before and after (exact)."""
    model = MigrationModel("baseline", seed=2, scale=0.002, end="2021-11")
    model.run_model()
    m, city = model.migrants, model.city

    def load():
        city.settled_places = services.settled_places(model.settled)
        rng = np.random.default_rng(0)
        school = services.enrol_children(model.migrants, city, rng)
        health = services.give_health_access(model.migrants, city, rng)
        return school, health

    school, health = load()
    served = m.health_access & (m.children_enrolled == m.school_children)
    settling = served & (np.arange(len(m)) % 2 == 0)
    assert settling.sum() > 50 and (m.children_enrolled[settling] > 0).any()
    settled_before = len(model.settled)
    model.settle(settling)
    assert len(model.settled) == settled_before + settling.sum(), "kept, not dropped"
    school_after, health_after = load()
    np.testing.assert_allclose(school_after, school, err_msg="school places demanded")
    np.testing.assert_allclose(health_after, health, err_msg="primary care demanded")


def test_the_store_appends_and_removes_rows_without_losing_or_mixing_any():
    """Rows added into the buffers' spare room, after removals and across growth, read
    back exactly (ids in `age_months`), and every column keeps the store's length."""
    m = Migrants({"age_months": np.arange(10, dtype=np.int16)})
    expected = list(range(10))
    next_id = 10
    rng = np.random.default_rng(0)
    for _ in range(30):
        gone = rng.random(len(m)) < 0.3
        kept = [v for v, g in zip(m.age_months.tolist(), gone, strict=True) if not g]
        m.remove(gone)
        assert sorted(m.age_months.tolist()) == sorted(kept)
        k = int(rng.integers(0, 12))
        m.add(Migrants({"age_months": np.arange(next_id, next_id + k, dtype=np.int16)}))
        expected = kept + list(range(next_id, next_id + k))
        next_id += k
        assert sorted(m.age_months.tolist()) == sorted(expected)
        assert all(len(m.get(name)) == len(m) for name in ("district", "wage", "children"))
    assert next_id > 100, "the store grew past its first buffers several times"
