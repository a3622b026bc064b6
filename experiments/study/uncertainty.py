"""What a study's replications draw: forecast paths only, or every source of uncertainty.

- ``"paths"``: replication r of the reference scenario follows forecast path r % paths
  of the fused history's median; everything else is the scenario's (behavioural noise
  comes from the run's seed).
- ``"full"``: replication r draws, from (seed, r),
  - the parameters: one row of the installed joint posterior sample
    (`scenarios.calibrated.read_posterior`), the accepted runs of the calibration
    (their account rates solved); and each parameter no calibration informs but the
    literature bounds (declared with a spread, such as `attraction.eps`), uniformly
    over its spread;
  - the history and its forecast: a history from the fusion's posterior and a forecast
    path fitted to it (`model.inflow.drawn_stock_paths`);
  - the initial stock: where that drawn history puts the start month
    (`run.initial_stock_factor`), one account with the path;
  - the initial district split: drawn in the run, from its seed, with log sd `SPLIT_SD`
    (`initial.district_split_sd`);
  - the uncertain levers: each assumed effect size or unit cost of a policy declared
    with a spread (`co_governance.registration_outreach`, ...), uniformly over it, for
    the policies a scenario adds to the reference (the reference's own, its history,
    keep their values).

Every scenario of a replication gets the same draws, so differences stay paired. A
scenario that sets a calibrated parameter itself (a lever) keeps its own value.
"""

from dataclasses import dataclass, fields, replace

import numpy as np

from floatpop.model.inflow import drawn_stock_paths
from floatpop.scenarios import Scenario, ScenarioError
from floatpop.scenarios.calibrated import read_posterior
from floatpop.scenarios.policies import REGISTRY
from floatpop.scenarios.scenario import SECTIONS

#: log sd of a district's share of the initial floating stock under full uncertainty,
#: assumed: the census gives residents by district, not migrants (one district's
#: floating count is known, graded C), so a share is known to about +-20%
SPLIT_SD = 0.2


@dataclass(frozen=True)
class Spread:
    """A parameter drawn uniformly over [low, high] per replication (its declared spread)."""

    label: str  # section.name
    low: float
    high: float


def declared_spreads() -> tuple[Spread, ...]:
    """Return every parameter declared with a spread, in the order of the sections."""
    return tuple(
        Spread(f"{section}.{f.name}", *f.metadata["spread"])
        for section, cls in SECTIONS.items()
        for f in fields(cls)
        if f.metadata.get("spread")
    )


def declared_lever_spreads() -> tuple[Spread, ...]:
    """Return every policy field declared with a spread, labelled ``kind.name``."""
    return tuple(
        Spread(f"{kind}.{f.name}", *f.metadata["spread"])
        for kind, cls in sorted(REGISTRY.items())
        for f in fields(cls)
        if f.metadata.get("spread")
    )


@dataclass(frozen=True)
class Draw:
    """What replication `replication` draws under full uncertainty."""

    replication: int
    parameters: tuple[tuple[str, float], ...]  # (section.name, value)
    initial_stock_factor: float
    stock_path: np.ndarray  # persons, months 0..n
    levers: tuple[tuple[str, float], ...] = ()  # (kind.name, value) of the added policies


def full_draws(reference: Scenario, seed: int, n: int, before: int | None = None) -> list[Draw]:
    """Return the draws of replications 0..n-1 under full uncertainty.

    `before` restricts the history to what was observed before that year (hindcasts).

    Raises
    ------
    ScenarioError
        If no calibration is installed (nothing to draw the parameters from).
    """
    posterior = read_posterior()
    if posterior is None or posterior.empty:
        raise ScenarioError(
            "uncertainty = 'full' draws parameters from the calibration's posterior, and "
            "none is installed: run `floatpop calibrate --install` first"
        )
    paths = drawn_stock_paths(reference, seed, n, before)
    run = reference.run
    chosen = reference.city.initial(run.start).stock[run.initial_stock]
    spreads, levers = declared_spreads(), declared_lever_spreads()
    draws = []
    for r in range(n):
        row = int(np.random.default_rng([seed, r, 1]).integers(len(posterior)))
        values = tuple((label, float(v)) for label, v in posterior.iloc[row].items())
        values += uniform(spreads, np.random.default_rng([seed, r, 2]))
        drawn = uniform(levers, np.random.default_rng([seed, r, 3]))
        draws.append(Draw(r, values, float(paths[r, 0] / chosen), paths[r], drawn))
    return draws


def uniform(spreads: tuple[Spread, ...], rng: np.random.Generator) -> tuple[tuple[str, float], ...]:
    """Return a uniform draw of each spread, as (label, value)."""
    u = rng.random(len(spreads))
    return tuple(
        (p.label, float(p.low + x * (p.high - p.low))) for p, x in zip(spreads, u, strict=True)
    )


def drawn_policies(scenario: Scenario, draw: Draw, reference: Scenario) -> tuple:
    """Return the scenario's policies, those it adds to `reference` with the drawn levers."""
    values: dict[str, dict[str, float]] = {}
    for label, value in draw.levers:
        kind, name = label.split(".")
        values.setdefault(kind, {})[name] = value
    return tuple(
        p if p in reference.policies else replace(p, **values.get(p.kind, {}))
        for p in scenario.policies
    )


def apply(scenario: Scenario, draw: Draw, reference: Scenario) -> Scenario:
    """Return `scenario` with the draw's parameters, levers, initial stock and split.

    A calibrated parameter the scenario sets to something other than `reference` does
    is its own (a lever) and stays.
    """
    changes: dict[str, dict[str, float]] = {}
    for label, value in draw.parameters:
        section, name = label.split(".")
        if getattr(getattr(scenario, section), name) == getattr(getattr(reference, section), name):
            changes.setdefault(section, {})[name] = value
    changes.setdefault("run", {})["initial_stock_factor"] = draw.initial_stock_factor
    changes.setdefault("initial", {})["district_split_sd"] = SPLIT_SD
    sections = {s: replace(getattr(scenario, s), **v) for s, v in changes.items()}
    return replace(scenario, **sections, policies=drawn_policies(scenario, draw, reference))
