"""Random choice kernels shared by every rule: logit draws and capacity lotteries."""

import numpy as np


def logistic(x: np.ndarray) -> np.ndarray:
    """Return the logistic function of `x`, 1 / (1 + exp(-x))."""
    return 1.0 / (1.0 + np.exp(-x))


def draw(p: np.ndarray | float, rng: np.random.Generator, n: int | None = None) -> np.ndarray:
    """Draw Bernoullis with probabilities `p` (one per element, or `n` of a scalar).

    Single-precision uniforms: half the cost, and a resolution (6e-8) far below any
    probability the rules use.
    """
    size = n if np.ndim(p) == 0 else np.shape(p)
    return rng.random(size, dtype=np.float32) < p


def draw_rows(p: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Draw the rows (of n, sorted) whose Bernoulli(p) draw succeeds, for a rare event.

    A binomial count, then that many distinct rows. The same law as `draw(p, rng, n)`, in
    time proportional to the successes rather than to n.
    """
    return np.sort(rng.choice(n, size=rng.binomial(n, p), replace=False))


def gumbel(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Draw standard Gumbels (float32): -log(-log(U)), computed in place."""
    g = rng.random(shape, dtype=np.float32)
    np.maximum(g, np.finfo(np.float32).tiny, out=g)  # draws can be exactly 0
    np.log(g, out=g)
    np.negative(g, out=g)
    np.log(g, out=g)
    return np.negative(g, out=g)


def logit_probabilities(utility: np.ndarray, available: np.ndarray | None = None) -> np.ndarray:
    """Return analytic multinomial-logit probabilities, rows of `utility` over alternatives."""
    v = np.where(available, utility, -np.inf) if available is not None else utility
    v = v - v.max(axis=1, keepdims=True)
    e = np.exp(v)
    return e / e.sum(axis=1, keepdims=True)


def choose_logit(
    utility: np.ndarray, rng: np.random.Generator, available: np.ndarray | None = None
) -> np.ndarray:
    """Draw one multinomial-logit choice per row by the Gumbel-max trick.

    argmax(V + G) with G standard Gumbel picks alternative j with probability
    exp(V_j) / sum_k exp(V_k); unavailable alternatives never win. Rows with no
    available alternative return -1.
    """
    total = utility + gumbel(utility.shape, rng)
    if available is not None:
        total[~available] = -np.inf
    choice = total.argmax(axis=1)
    if available is not None:
        choice[~available.any(axis=1)] = -1
    return choice


def lottery(
    group: np.ndarray, room: np.ndarray, rng: np.random.Generator, size: np.ndarray | None = None
) -> np.ndarray:
    """Ration places by random priority: True for the applicants who get theirs.

    `group[i]` is the place (district, tenure, school...) applicant i asks for, or -1
    for none; `room[g]` the places left in g; `size[i]` the places applicant i needs
    (default 1: a household's children need one school place each). Within each group,
    applicants are taken in a random order while their places still fit: no group
    overfills.
    """
    room_floor = np.floor(np.maximum(room, 0))
    # demand by group, with "no place" (-1) counted in an extra first bin
    demand = np.bincount(group + 1, weights=size, minlength=len(room) + 1)[1:]
    short = demand > room_floor  # groups that must be rationed
    accepted = group >= 0
    if not short.any():  # everyone fits: nothing to ration, nothing to sort
        return accepted
    in_short = np.append(short, False)[group]  # group -1 indexes the appended False
    accepted &= ~in_short
    asking = np.flatnonzero(in_short)
    sizes = np.ones(len(asking)) if size is None else size[asking].astype(float)
    # random order within each group: sort on group + a priority in [0, 1)
    order = np.argsort(group[asking] + rng.random(len(asking)), kind="stable")
    asking, sizes = asking[order], sizes[order]
    sorted_group = group[asking]
    starts = np.searchsorted(sorted_group, np.arange(len(room)))
    used = np.cumsum(sizes)
    before_group = np.concatenate([[0.0], used])[starts][sorted_group]
    accepted[asking] = used - before_group <= room_floor[sorted_group]
    return accepted
