"""The random choice kernels: logit draws match analytic probabilities; lotteries never
overfill."""

import numpy as np

from floatpop.model.rules.choice import choose_logit, logit_probabilities, lottery


def test_gumbel_max_draws_match_analytic_logit_probabilities():
    rng = np.random.default_rng(7)
    utility = np.array([0.0, 1.0, -0.5, 2.0, 0.3])
    n = 400_000
    choice = choose_logit(np.tile(utility, (n, 1)), rng)
    observed = np.bincount(choice, minlength=len(utility)) / n
    expected = logit_probabilities(utility[None, :])[0]
    z = (observed - expected) / np.sqrt(expected * (1 - expected) / n)
    assert np.all(np.abs(z) < 4.5), f"frequencies {observed} vs logit {expected} (z {z})"


def test_unavailable_alternatives_are_never_chosen():
    rng = np.random.default_rng(3)
    utility = np.zeros((10_000, 4))
    available = np.ones_like(utility, dtype=bool)
    available[:, 2] = False
    available[:5, :] = False
    choice = choose_logit(utility, rng, available)
    assert not np.any(choice == 2), "an unavailable alternative was drawn"
    assert np.all(choice[:5] == -1), "rows with no alternative must return -1"
    probs = logit_probabilities(utility[5:6], available[5:6])[0]
    assert np.allclose(probs, [1 / 3, 1 / 3, 0, 1 / 3]), probs


def test_lottery_fills_each_group_up_to_its_room_and_never_beyond():
    rng = np.random.default_rng(11)
    group = rng.integers(-1, 4, size=5_000)
    room = np.array([0.0, 10.5, 2_000.0, 300.0])
    size = rng.integers(1, 3, size=5_000)
    got = lottery(group, room, rng, size=size)
    used = np.bincount(group[got], weights=size[got], minlength=4)
    assert np.all(used <= np.floor(room)), f"overfilled: used {used}, room {room}"
    assert not got[group == -1].any(), "applicants for no place were accepted"
    demand = np.bincount(group[group >= 0], weights=size[group >= 0], minlength=4)
    assert used[2] == demand[2], "a group with ample room must take every applicant"
    assert used[3] >= 300 - 2, "a full group must be filled to within one household"


def test_lottery_is_a_fair_random_order():
    group = np.zeros(10, dtype=int)
    wins = np.zeros(10)
    for seed in range(2_000):
        wins += lottery(group, np.array([3.0]), np.random.default_rng(seed))
    share = wins / 2_000
    assert np.all(np.abs(share - 0.3) < 0.05), f"win shares {share}, expected 0.3 each"
