"""What a study found, first: policies ranked by effect, a sentence each, the caveats.

`summary_table` joins three analyses of the same results (`experiments.study.analysis`):
the paired effect at the last date (`paired_differences`), how robust its sign is over
the last 12 months (`sign_robustness`) and what it costs (`cost_per_effect`).
`policy_sentences` writes one plain-language sentence per policy from that table, and
`caveats` says which values are assumed and which uncertainties the bands include.
"""

from dataclasses import dataclass, fields

import pandas as pd

from floatpop.experiments.study import numbers
from floatpop.model.outcomes import OUTCOMES
from floatpop.scenarios.policies import REGISTRY
from floatpop.scenarios.scenario import SECTIONS, Scenario

UNITS = {o.name: o.unit for o in OUTCOMES}


@dataclass(frozen=True)
class Headline:
    """A headline outcome and which way is better for the city (+1, -1, or 0: neither)."""

    name: str
    better: int


#: the report's headline outcomes, in the order it shows them; more settlements,
#: coverage and integration are the policies' stated aims, and a smaller floating stock
#: is neither better nor worse in itself
HEADLINES = (
    Headline("integration_index", +1),
    Headline("integration_index_all", +1),
    Headline("settled_total", +1),
    Headline("hukou_settlements", +1),
    Headline("residence_permit_coverage", +1),
    Headline("social_insurance_coverage", +1),
    Headline("school_enrolment_rate", +1),
    Headline("informal_housing_share", -1),
    Headline("service_pressure", -1),
    Headline("floating_stock", 0),
)
HEADLINE = tuple(h.name for h in HEADLINES)
BETTER = {h.name: h.better for h in HEADLINES}

SUMMARY_COLUMNS = [
    "outcome",
    "rank",
    "scenario",
    "median",
    "lower_90",
    "upper_90",
    "robustness",
    "extra_cost_per_year",
    "cost_per_unit",
]


def label(outcome: str) -> str:
    """Return an outcome's name for people: 'integration_index_all' as 'integration index (all)'."""
    words = outcome.removesuffix("_all").replace("_", " ")
    return f"{words} (all of migrant origin)" if outcome.endswith("_all") else words


def joined(table: pd.DataFrame, other: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """Return `table` with `columns` of `other` by scenario and outcome (NaN without it)."""
    if other is None or other.empty:
        return table.assign(**dict.fromkeys(columns, float("nan")))
    keys = ["scenario", "outcome"]
    return table.merge(other[[*keys, *columns]], on=keys, how="left")


def summary_table(
    diffs: pd.DataFrame,
    end: str,
    outcomes: list[str],
    robust: pd.DataFrame | None = None,
    per_effect: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the policies ranked by their paired effect on each outcome at `end`.

    `diffs` is `analysis.paired_differences`; `robust` (`analysis.sign_robustness`) and
    `per_effect` (`analysis.cost_per_effect` at `end`) add their columns where given.
    Rank 1 is the largest effect in the better direction (`HEADLINES`), or the largest
    in size where neither is better. Columns: `SUMMARY_COLUMNS`.
    """
    at_end = diffs[(diffs.date == end) & (diffs.district == "all") & diffs.outcome.isin(outcomes)]
    table = at_end[["outcome", "scenario", "median", "lower_90", "upper_90"]].copy()
    table = joined(table, robust, ["robustness"])
    cost_columns = ["extra_cost_per_year", "cost_per_unit"]
    table = joined(table, per_effect, cost_columns)
    better = table.outcome.map(BETTER).fillna(0)
    table["score"] = (better * table["median"]).where(better != 0, table["median"].abs())
    order = {name: i for i, name in enumerate(outcomes)}
    table = table.sort_values(
        ["outcome", "score"],
        ascending=[True, False],
        key=lambda c: c.map(order) if c.name == "outcome" else c,
    )
    table["rank"] = table.groupby("outcome").cumcount() + 1
    return table[SUMMARY_COLUMNS].reset_index(drop=True)


def cost_per_unit_text(row) -> str:
    """Return the cost per unit of effect as people read it, or why there is none.

    A ratio means something only for a clear effect in the better direction at a
    positive extra cost (then it is per unit of improvement, positive whichever way is
    better); a clear gain at no extra cost saves money.
    """
    unit = UNITS.get(row.outcome, "")
    better = BETTER.get(row.outcome, 0)
    if pd.isna(row.cost_per_unit):
        return "n/a"
    if not clear(row):
        return "effect unclear"
    if better and better * row["median"] < 0:
        return "worse"
    if row.extra_cost_per_year <= 0:
        return "saves money" if better else "n/a"
    # per unit of improvement: an outcome to lower has a negative effect, so its ratio
    # is negative too
    return numbers.per_unit(abs(row.cost_per_unit) if better else row.cost_per_unit, unit)


def clear(row) -> bool:
    """Return whether an effect's 90% interval leaves out zero."""
    return row.lower_90 > 0 or row.upper_90 < 0


def month_name(date: str) -> str:
    """Return 'YYYY-MM' as 'December 2035'."""
    return pd.Period(date, freq="M").strftime("%B %Y")


def effect_phrase(row) -> str:
    """Return 'raises integration index by +0.115 [+0.100, +0.130]' (median, 90%)."""
    unit = UNITS.get(row.outcome, "")
    verb = "raises" if row["median"] > 0 else "lowers"
    size = numbers.change(abs(row["median"]), unit).lstrip("+")
    if unit.endswith("/month"):
        size += " a month"
    spread = numbers.interval(row.lower_90, row.upper_90, unit)
    return f"{verb} {label(row.outcome)} by {size} {spread}"


def policy_sentences(
    summary: pd.DataFrame, levels: pd.Series, reference: str, end: str, most: int = 3
) -> dict[str, str]:
    """Return one sentence per scenario, written from `summary` (`summary_table`).

    It names up to `most` clear effects (90% interval leaving out zero), the largest
    against the reference's level first (`levels`: outcome to level at `end`), then the
    extra cost a year, then how many outcomes show no clear effect.
    """
    sentences = {}
    for scenario, rows in summary.groupby("scenario", sort=False):
        rows = rows.assign(
            relative=(rows["median"].abs() / rows.outcome.map(levels).abs()).fillna(0)
        )
        clear_rows = rows[rows.apply(clear, axis=1)].sort_values("relative", ascending=False)
        parts = [effect_phrase(r) for _, r in clear_rows.head(most).iterrows()]
        if parts:
            said = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            sentence = f"By {month_name(end)}, {scenario} {said} against {reference}"
        else:
            sentence = f"By {month_name(end)}, {scenario} has no clear effect against {reference}"
        cost = rows.extra_cost_per_year.dropna()
        if not cost.empty and cost.iloc[0] != 0:
            extra = float(cost.iloc[0])
            sentence += (
                f", at {numbers.yuan(extra)} a year more in public spending"
                if extra > 0
                else f", and saves {numbers.yuan(-extra)} a year in public spending"
            )
        unclear = len(rows) - len(clear_rows)
        if parts and unclear:
            sentence += (
                f"; on {unclear} of the {len(rows)} headline outcomes its effect is not "
                "clear (the 90% interval includes zero)"
            )
        sentences[scenario] = sentence + "."
    return sentences


def assumed_levers(scenarios: dict[str, dict], reference: str) -> pd.DataFrame:
    """Return the assumed values of the policies the scenarios add to `reference`.

    `scenarios` holds the resolved scenarios of a manifest. A lever declared with a
    spread is drawn per replication under full uncertainty, and its value reads as the
    spread. One row per lever, with the scenarios that add it. Columns: policy, lever,
    value, unit, source, scenarios.
    """
    base = scenarios[reference]["policies"]
    rows: dict[tuple[str, str], list] = {}
    for name, resolved in scenarios.items():
        for policy in resolved["policies"]:
            if policy in base or policy["kind"] not in REGISTRY:
                continue
            for f in fields(REGISTRY[policy["kind"]]):
                if not f.metadata.get("source", "").startswith("assumed"):
                    continue
                spread = f.metadata.get("spread")
                value = (
                    f"drawn from {numbers.as_written(spread[0])} to {numbers.as_written(spread[1])}"
                    if spread
                    else str(policy.get(f.name))
                )
                key = (policy["kind"], f.name)
                row = rows.setdefault(
                    key, [*key, value, f.metadata["unit"], f.metadata["source"], []]
                )
                row[-1].append(name)
    table = [(*row[:-1], ", ".join(row[-1])) for row in rows.values()]
    columns = ["policy", "lever", "value", "unit", "source", "scenarios"]
    return pd.DataFrame(table, columns=columns)


def assumed_parameter_count() -> tuple[int, int]:
    """Return how many of the model's parameters are assumed, and how many there are."""
    assumed = total = 0
    for section in SECTIONS:
        cls = Scenario.__dataclass_fields__[section].type
        for f in fields(cls):
            total += 1
            assumed += f.metadata.get("source", "").startswith("assumed")
    return assumed, total


#: what a study's bands include, by its `uncertainty` setting
INCLUDED = {
    "paths": (
        "the forecast path of arrivals (one per replication, or shared by `paths`)",
        "behaviour: the agents' own random choices",
    ),
    "full": (
        "the calibrated parameters, a row of their joint posterior per replication",
        "the literature's spreads: the arrivals' elasticity to the pull, the hukou's "
        "worth, unit costs",
        "the policies' uncertain levers (effect sizes and running costs)",
        "the floating-stock history, its forecast path and the initial stock",
        "the district split of the initial stock",
        "behaviour: the agents' own random choices",
    ),
}
#: what no study's bands include
EXCLUDED = (
    "the model's structure: its rules and what they leave out",
    "errors in the data beyond what the calibration absorbed",
    "events outside the scenarios (a downturn, a new policy elsewhere)",
)


def uncertainty_lists(uncertainty: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return what the bands include and what they leave out, for a study's setting."""
    return INCLUDED.get(uncertainty, INCLUDED["paths"]), EXCLUDED
