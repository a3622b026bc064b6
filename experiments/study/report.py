"""`floatpop report RESULTS_DIR`: one self-contained HTML page, figures embedded.

Policy staff can open it offline: it shows the study's settings and versions, what each
scenario did against the reference, with bands, and the cost of each.
"""

import base64
import html
import io
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from floatpop.experiments.store.errors import StoreError
from floatpop.experiments.store.files import write_atomically
from floatpop.experiments.store.manifest import read_manifest
from floatpop.experiments.store.results import read_results
from floatpop.experiments.study import analysis
from floatpop.experiments.study.plots import (
    plot_cost_effect,
    plot_differences,
    plot_districts,
    plot_fans,
)
from floatpop.model.outcomes import OUTCOMES

HEADLINE = (
    "floating_stock",
    "integration_index",
    "integration_index_all",
    "hukou_settlements",
    "settled_total",
    "residence_permit_coverage",
    "social_insurance_coverage",
    "school_enrolment_rate",
    "informal_housing_share",
    "service_pressure",
)


def embed(fig: plt.Figure) -> str:
    """Return `fig` as an HTML ``<img>`` with the PNG inline (base64), and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img alt="figure" src="data:image/png;base64,{data}">'


def table(frame: pd.DataFrame, digits: int = 3) -> str:
    """Return `frame` as an HTML table, numbers with `digits` decimals."""
    return frame.to_html(index=False, float_format=lambda v: f"{v:,.{digits}f}", border=0)


def policy_sections(
    results: pd.DataFrame, reference: str, outcomes: list[str], end: str, out: Path
) -> list[str]:
    """Return the report's sections on robustness and cost; write their data as CSV.

    The data files are `robustness.csv`, `costs.csv` (by year and part) and
    `cost_per_effect.csv` beside the report.
    """
    robust = analysis.sign_robustness(results, reference)
    costs = analysis.yearly_costs(results)
    per_effect = analysis.cost_per_effect(results, reference, outcomes, end)
    for name, frame in (
        ("robustness.csv", robust),
        ("costs.csv", costs),
        ("cost_per_effect.csv", per_effect),
    ):
        write_atomically(out / name, lambda p, f=frame: f.to_csv(p, index=False))
    cumulative = costs[costs.year == costs.year.max()].pivot_table(
        index="scenario", columns="part", values="cumulative"
    )
    return [
        "<h2>How robust each effect is over the last 12 months</h2><p>The share of "
        "replications (each with its own draws of the parameters and uncertain levers "
        "under full uncertainty) in which the paired difference from the reference, "
        "averaged over the last 12 months, has the sign of its median. Near 1 the sign "
        "holds across the draws; near 0.5 it does not (<code>robustness.csv</code> has "
        "every outcome).</p>" + table(robust[robust.outcome.isin(outcomes)], 3),
        f"<h2>Cumulative public cost to {end}, 2020 yuan</h2><p>Mean across replications, "
        "by part (<code>costs.csv</code> has every year).</p>" + table(cumulative.reset_index(), 0),
        f"<h2>Extra cost per unit of effect in {end}</h2><p>The paired extra cumulative "
        "cost (2020 yuan) over the paired effect, both means across replications.</p>"
        + table(per_effect, 3),
    ]


def sensitivity_sections(folders: tuple[Path, ...], out: Path) -> list[str]:
    """Return a section per sensitivity folder: its table and tornado plot, embedded.

    Each table is copied beside the report as `sensitivity_<folder name>.csv`.

    Raises
    ------
    StoreError
        If a folder holds no sensitivity table.
    """
    found = {}
    for folder in folders:  # every folder is checked before anything is written
        tables = sorted(Path(folder).glob("sensitivity_*.csv"))
        if not tables:
            raise StoreError(f"{folder}: no sensitivity_*.csv (run `floatpop sensitivity`)")
        found[folder] = tables[-1]
    sections = []
    for folder, path in found.items():
        frame = pd.read_csv(path)
        write_atomically(
            out / f"sensitivity_{Path(folder).name}.csv",
            lambda p, f=frame: f.to_csv(p, index=False),
        )
        png = path.with_suffix(".png")
        image = base64.b64encode(png.read_bytes()).decode() if png.exists() else ""
        figure = f'<img alt="figure" src="data:image/png;base64,{image}">' if image else ""
        sections.append(
            f"<h2>Sensitivity: {html.escape(Path(folder).name)}</h2>"
            f"<figure>{figure}</figure>" + table(frame, 3)
        )
    return sections


def write_report(results_dir: str | Path, sensitivity: tuple[Path, ...] = ()) -> Path:
    """Write `report.html` into the results folder and return its path.

    `sensitivity` names folders of `floatpop sensitivity` whose tables join the report.

    Raises
    ------
    StoreError
        If the folder's runs are not those of a study, or a sensitivity folder holds
        no table.
    """
    out = Path(results_dir)
    manifest = read_manifest(out)
    if "study" not in manifest:
        raise StoreError(f"{out}: holds runs, but not of a study (no study in its manifest)")
    study = manifest["study"]
    results = read_results(out)
    reference = study["scenarios"][0]
    outcomes = [o for o in HEADLINE if o in set(results.outcome)]
    band = analysis.bands(results)
    diffs = analysis.paired_differences(results, reference)
    end = analysis.last_date(results)
    mid = sorted(results.date.unique())[len(results.date.unique()) // 2]
    split = analysis.variance_split(results, study["paths"])
    sections = [
        f"<h1>floatpop study: {html.escape(study['name'])}</h1>",
        f"<p>{html.escape(study.get('description', ''))}</p>",
    ]
    runs = pd.Series({k: v["status"] for k, v in manifest["runs"].items()}).value_counts()
    sections.append(
        "<h2>Settings</h2>"
        + table(
            pd.DataFrame(
                {
                    "setting": [
                        "scenarios",
                        "reference",
                        "replications",
                        "forecast paths",
                        "uncertainty",
                        "end",
                        "scale",
                        "seed",
                        "configuration",
                        "runs",
                    ],
                    "value": [
                        ", ".join(study["scenarios"]),
                        reference,
                        study["replications"],
                        study["paths"],
                        study.get("uncertainty", "paths"),
                        study["end"],
                        study["scale"],
                        study["seed"],
                        manifest["config_hash"],
                        ", ".join(f"{n} {s}" for s, n in runs.items()),
                    ],
                }
            )
        )
    )
    glossary = pd.DataFrame(
        [(o.name, o.unit, o.description) for o in OUTCOMES if o.name in outcomes],
        columns=["outcome", "unit", "what it counts"],
    )
    sections.append(
        "<h2>The outcomes</h2><p>Rates are over the floating population, except those"
        " ending in <code>_all</code>: those are over every resident of migrant origin, the"
        " floating population and those who obtained hukou since the start. A policy that"
        " settles the best integrated lowers the first kind and not the second.</p>"
        + table(glossary)
    )
    figures = []
    for outcome in outcomes:
        figures.append(embed(plot_fans(band, outcome)))
        if reference in set(results.scenario) and results.scenario.nunique() > 1:
            figures.append(embed(plot_differences(diffs, outcome, [mid, end])))
    if outcomes:
        figures.append(embed(plot_districts(band, outcomes[0])))
    if "policy_cost" in set(results.outcome) and results.scenario.nunique() > 1:
        effect_outcome = "integration_index" if "integration_index" in outcomes else outcomes[0]
        effect = analysis.at_date(diffs[diffs.outcome == effect_outcome], end)
        figures.append(embed(plot_cost_effect(analysis.mean_cost(results), effect, effect_outcome)))
    sections.append("<h2>Figures</h2>" + "\n".join(f"<figure>{f}</figure>" for f in figures))
    final = analysis.at_date(band, end)
    final = final[final.outcome.isin(outcomes)][
        ["scenario", "outcome", "median", "lower_90", "upper_90"]
    ]
    sections.append(
        f"<h2>Outcomes in {end} (median, 90% band across replications)</h2>" + table(final)
    )
    paired = analysis.at_date(diffs, end)
    paired = paired[paired.outcome.isin(outcomes)][
        ["scenario", "outcome", "mean", "median", "lower_90", "upper_90"]
    ]
    sections.append(
        f"<h2>Difference from {html.escape(reference)} in {end} (paired by "
        "replication)</h2>" + table(paired)
    )
    if reference in set(results.scenario) and results.scenario.nunique() > 1:
        sections += policy_sections(results, reference, outcomes, end, out)
    if study.get("uncertainty") == "full":
        by_source = analysis.source_split(results, manifest["draws"], end)
        by_source = by_source[by_source.outcome.isin(outcomes)]
        shares = by_source.pivot_table(
            index=["scenario", "outcome"], columns="source", values="share", dropna=False
        ).reset_index()
        sections.append(
            f"<h2>Where the spread in {end} comes from</h2><p>Each replication draws the "
            "calibrated parameters (a row of the joint posterior), the literature's "
            "spreads (the arrivals' elasticity to the logsum, the hukou's worth, unit "
            "costs), the uncertain levers of the policies, the floating-stock history and "
            "its forecast path, the initial stock (where that history puts the start) and "
            "the district split of the initial stock. Each share is the spread a linear fit "
            "on that source's draws explains (adjusted R²), empty with fewer than ten "
            "replications per variable drawn: the parameters, ten of them, need a hundred. "
            "<code>rest</code> is what the sources with a share leave: behaviour and the "
            "district split (drawn inside the run), the levers, and the sources left "
            "empty.</p>" + table(shares, 2)
        )
    else:
        shares = analysis.at_date(split, end)
        shares = shares[shares.outcome.isin(outcomes)]
        sections.append(
            "<h2>Share of the spread from the forecast of arrivals</h2>"
            "<p>The rest comes from behaviour (the model's own randomness). Empty "
            "when every replication has its own path. The parameters, the history and "
            'the initial stock are fixed (`uncertainty = "full"` draws them).</p>'
            + table(shares, 2)
        )
    sections += sensitivity_sections(tuple(Path(f) for f in sensitivity), out)
    versions = pd.DataFrame(sorted(manifest["versions"].items()), columns=["package", "version"])
    sections.append("<h2>Versions</h2>" + table(versions))
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>floatpop study "
        f"{html.escape(study['name'])}</title><style>body{{font-family:sans-serif;"
        "max-width:1100px;margin:auto}} img{{max-width:100%}} table{{border-collapse:"
        "collapse;font-size:13px}} td,th{{padding:2px 8px;border-bottom:1px solid #ddd}}"
        "</style></head><body>" + "\n".join(sections) + "</body></html>\n"
    )
    path = out / "report.html"
    write_atomically(path, lambda p: p.write_text(page, encoding="utf-8"))
    return path
