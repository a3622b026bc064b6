"""Seeds of runs, derived from the seed a user gives and the run's place in the design."""

import numpy as np


def derive_seed(*keys: int) -> int:
    """Return the seed of the run at `keys` (a study's seed and a replication, say).

    It is a word of numpy's `SeedSequence` of the keys, so that distinct keys give
    independent streams and the same keys always the same seed.
    """
    return int(np.random.SeedSequence(list(keys)).generate_state(1)[0])
