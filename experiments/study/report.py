"""`floatpop report RESULTS_DIR`: one self-contained HTML page that answers first.

Policy staff open it offline. It starts with what the study found: the policies ranked
by their paired effect on each headline outcome, with cost and robustness, and a
sentence per policy; then the caveats; then the figures (small multiples against the
reference, the district tiles, cost against effect); the details (settings, every
table, versions) fold away below. Its data are written beside it as CSV. The page is
laid out by `templates/report.html.j2`.
"""

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import jinja2
import matplotlib.pyplot as plt
import pandas as pd
from markupsafe import Markup

from floatpop.experiments.store.errors import StoreError
from floatpop.experiments.store.files import write_atomically
from floatpop.experiments.store.manifest import read_manifest
from floatpop.experiments.store.results import read_results
from floatpop.experiments.study import analysis, numbers, summary
from floatpop.experiments.study.plots import (
    plot_against_reference,
    plot_cost_effect,
    plot_district_tiles,
)
from floatpop.experiments.study.summary import HEADLINE, UNITS, label
from floatpop.experiments.study.tables import html_table
from floatpop.model.outcomes import OUTCOMES

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Section:
    """A folded section of the report's details."""

    title: str
    table: Markup
    text: str = ""
    image: Markup = Markup("")


@dataclass(frozen=True)
class Figure:
    """An embedded figure and its caption."""

    image: Markup
    caption: str


def embed(fig: plt.Figure, alt: str = "figure") -> Markup:
    """Return `fig` as an HTML ``<img>`` with the PNG inline (base64), and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return png_image(buffer.getvalue(), alt)


def png_image(png: bytes, alt: str = "figure") -> Markup:
    """Return PNG bytes as an inline HTML ``<img>``."""
    data = base64.b64encode(png).decode()
    return Markup('<img alt="{}" src="data:image/png;base64,{}">').format(alt, data)


@dataclass(frozen=True)
class PolicyAnalyses:
    """The analyses of a study with a reference and other scenarios."""

    robust: pd.DataFrame  # analysis.sign_robustness
    costs: pd.DataFrame  # analysis.yearly_costs
    per_effect: pd.DataFrame  # analysis.cost_per_effect at the last date


def policy_analyses(
    results: pd.DataFrame, reference: str, outcomes: list[str], end: str, out: Path
) -> PolicyAnalyses:
    """Return the robustness and cost analyses; write them beside the report as CSV.

    The data files are `robustness.csv`, `costs.csv` (by year and part) and
    `cost_per_effect.csv`.
    """
    found = PolicyAnalyses(
        analysis.sign_robustness(results, reference),
        analysis.yearly_costs(results),
        analysis.cost_per_effect(results, reference, outcomes, end)
        if "policy_cost" in set(results.outcome)
        else pd.DataFrame(),
    )
    for name, frame in (
        ("robustness.csv", found.robust),
        ("costs.csv", found.costs),
        ("cost_per_effect.csv", found.per_effect),
    ):
        write_atomically(out / name, lambda p, f=frame: f.to_csv(p, index=False))
    return found


def in_units(frame: pd.DataFrame, writers: dict) -> pd.DataFrame:
    """Return `frame` with each column of `writers` written as text by ``write(value, unit)``.

    The unit is that of each row's outcome; the outcome is named for people.
    """
    text = frame.copy()
    units = frame.outcome.map(UNITS).fillna("")
    for column, write in writers.items():
        text[column] = [write(v, u) for v, u in zip(frame[column], units, strict=True)]
    text["outcome"] = frame.outcome.map(label)
    return text


def summary_blocks(table: pd.DataFrame) -> list[dict]:
    """Return the ranking as one small table per outcome, numbers written for people."""
    blocks = []
    for outcome, rows in table.groupby("outcome", sort=False):
        unit = UNITS.get(outcome, "")
        shown = pd.DataFrame(
            {
                "rank": rows["rank"],
                "scenario": rows.scenario,
                "effect (median)": [numbers.change(v, unit) for v in rows["median"]],
                "90% interval": [
                    numbers.interval(a, b, unit)
                    for a, b in zip(rows.lower_90, rows.upper_90, strict=True)
                ],
                "robust": [numbers.share(v) for v in rows.robustness],
                "extra cost a year": [numbers.yuan(v) for v in rows.extra_cost_per_year],
                "per unit": [summary.cost_per_unit_text(r) for _, r in rows.iterrows()],
            }
        )
        right = ("effect (median)", "90% interval", "robust", "extra cost a year", "per unit")
        blocks.append(
            {"title": f"{label(outcome)} ({unit})", "table": html_table(shown, right=right)}
        )
    return blocks


def policy_details(found: PolicyAnalyses, outcomes: list[str], end: str) -> list[Section]:
    """Return the folded sections on robustness and cost."""
    robust = found.robust[found.robust.outcome.isin(outcomes)]
    changes = dict.fromkeys(("median", "lower_90", "upper_90"), numbers.change)
    robust = in_units(robust, changes)
    costs = found.costs[found.costs.year == found.costs.year.max()]
    cumulative = costs.pivot_table(index="scenario", columns="part", values="cumulative")
    per_effect = found.per_effect
    if not per_effect.empty:
        per_effect = in_units(
            per_effect[per_effect.outcome.isin(outcomes)],
            {"effect": numbers.change, "cost_per_unit": numbers.per_unit},
        )
    yuan_columns = {c: numbers.yuan for c in ("extra_cost", "extra_cost_per_year")}
    return [
        Section(
            "How robust each effect is over the last 12 months",
            html_table(
                robust.drop(columns="sign"),
                {"robustness": numbers.share},
                right=("median", "lower_90", "upper_90"),
            ),
            "The share of replications (each with its own draws of the parameters and "
            "uncertain levers under full uncertainty) in which the paired difference from "
            "the reference, averaged over the last 12 months, has the sign of its median. "
            "Near 100% the sign holds across the draws; near 50% it does not "
            "(robustness.csv has every outcome).",
        ),
        Section(
            f"Cumulative public cost to {end}, 2020 yuan",
            html_table(cumulative.reset_index(), dict.fromkeys(cumulative.columns, numbers.yuan)),
            "Mean across replications, by part (costs.csv has every year).",
        ),
        Section(
            f"Extra cost per unit of effect in {end}",
            html_table(per_effect, yuan_columns, right=("effect", "cost_per_unit")),
            "The paired extra cumulative cost (2020 yuan) over the paired effect, both "
            "means across replications (cost_per_effect.csv has the numbers).",
        ),
    ]


def sensitivity_tables(folders: tuple[Path, ...]) -> dict[Path, Path]:
    """Return each sensitivity folder's latest table, checking them all before any is used.

    Raises
    ------
    StoreError
        If a folder holds no sensitivity table.
    """
    found = {}
    for folder in folders:
        tables = sorted(Path(folder).glob("sensitivity_*.csv"))
        if not tables:
            raise StoreError(f"{folder}: no sensitivity_*.csv (run `floatpop sensitivity`)")
        found[Path(folder)] = tables[-1]
    return found


def sensitivity_sections(found: dict[Path, Path], out: Path) -> list[Section]:
    """Return a section per sensitivity table (`sensitivity_tables`), its plot embedded.

    Each table is copied beside the report as `sensitivity_<folder name>.csv`.
    """
    sections = []
    for folder, path in found.items():
        frame = pd.read_csv(path)
        write_atomically(
            out / f"sensitivity_{folder.name}.csv",
            lambda p, f=frame: f.to_csv(p, index=False),
        )
        png = path.with_suffix(".png")
        image = png_image(png.read_bytes(), "sensitivity") if png.exists() else Markup("")
        sections.append(Section(f"Sensitivity: {folder.name}", html_table(frame), "", image))
    return sections


def figures(
    results: pd.DataFrame,
    band: pd.DataFrame,
    diffs: pd.DataFrame,
    table: pd.DataFrame,
    reference: str,
    outcomes: list[str],
    end: str,
) -> list[Figure]:
    """Return the report's figures: small multiples, district tiles, cost against effect."""
    shown = []
    for outcome in outcomes:
        shown.append(
            Figure(
                embed(plot_against_reference(band, outcome, reference), label(outcome)),
                f"{label(outcome)}: median and 80% band across replications, city-wide.",
            )
        )
    paired = results.scenario.nunique() > 1 and reference in set(results.scenario)
    for outcome in [o for o in ("floating_stock", "integration_index") if o in outcomes]:
        if paired:
            shown.append(
                Figure(
                    embed(plot_district_tiles(band, diffs, outcome, reference, end)),
                    f"{label(outcome)} in the eight units, {end}. Tiles keep the seats' "
                    "order north to south and west to east.",
                )
            )
    if paired and table.extra_cost_per_year.notna().any():
        chosen = [o for o in outcomes if o != "floating_stock"][:6]
        shown.append(
            Figure(
                embed(plot_cost_effect(table, chosen)),
                "Each policy's extra cost a year (mean, paired) against its effect in "
                f"{end} (median and 90% interval).",
            )
        )
    return shown


def settings_line(study: dict, manifest: dict) -> str:
    """Return the study's settings in one sentence."""
    runs = pd.Series({k: v["status"] for k, v in manifest["runs"].items()}).value_counts()
    done = ", ".join(f"{n} {s}" for s, n in runs.items())
    return (
        f"{len(study['scenarios'])} scenarios, {study['replications']} replications each "
        f"(uncertainty: {study.get('uncertainty', 'paths')}), {study['end']} the last month, "
        f"at {study['scale']:g} agents per person; seed {study['seed']}; runs: {done}."
    )


def detail_sections(
    results, manifest, band, diffs, outcomes, end, found, sensitivity, out
) -> list[Section]:
    """Return the folded details: settings, glossary, tables, spread, sensitivity, versions."""
    study = manifest["study"]
    reference = study["scenarios"][0]
    settings = pd.DataFrame(
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
            ],
            "value": [
                ", ".join(study["scenarios"]),
                reference,
                str(study["replications"]),
                str(study["paths"]),
                study.get("uncertainty", "paths"),
                study["end"],
                f"{study['scale']:g}",
                str(study["seed"]),
                manifest["config_hash"],
            ],
        }
    )
    glossary = pd.DataFrame(
        [(o.name, o.unit, o.description) for o in OUTCOMES if o.name in outcomes],
        columns=["outcome", "unit", "what it counts"],
    )
    final = analysis.at_date(band, end)
    final = final[final.outcome.isin(outcomes)][
        ["scenario", "outcome", "median", "lower_90", "upper_90"]
    ]
    final = in_units(final, dict.fromkeys(("median", "lower_90", "upper_90"), numbers.level))
    sections = [
        Section("Settings", html_table(settings)),
        Section(
            "The outcomes",
            html_table(glossary),
            "Rates are over the floating population, except those over all of migrant "
            "origin (ending in _all): the floating population and those who obtained hukou "
            "since the start. A policy that settles the best integrated lowers the first "
            "kind and not the second.",
        ),
        Section(
            f"Outcomes in {end}: median and 90% band across replications",
            html_table(final, right=("median", "lower_90", "upper_90")),
        ),
    ]
    if found is not None:
        sections += policy_details(found, outcomes, end)
    sections.append(spread_section(results, manifest, outcomes, end))
    sections += sensitivity_sections(sensitivity, out)
    versions = pd.DataFrame(sorted(manifest["versions"].items()), columns=["package", "version"])
    sections.append(Section("Versions", html_table(versions)))
    return sections


def spread_section(results, manifest, outcomes, end) -> Section:
    """Return the section on where the spread across replications comes from."""
    study = manifest["study"]
    if study.get("uncertainty") == "full":
        by_source = analysis.source_split(results, manifest["draws"], end)
        by_source = by_source[by_source.outcome.isin(outcomes)]
        shares = by_source.pivot_table(
            index=["scenario", "outcome"], columns="source", values="share", dropna=False
        ).reset_index()
        return Section(
            f"Where the spread in {end} comes from",
            html_table(shares, dict.fromkeys(shares.columns[2:], numbers.share)),
            "Each share is the spread a linear fit on that source's draws explains "
            "(adjusted R²), empty with fewer than ten replications per variable drawn: the "
            "parameters, ten of them, need a hundred. 'rest' is what the sources with a "
            "share leave: behaviour and the district split (drawn inside the run), the "
            "levers, and the sources left empty.",
        )
    shares = analysis.at_date(analysis.variance_split(results, study["paths"]), end)
    shares = shares[shares.outcome.isin(outcomes)]
    return Section(
        "Share of the spread from the forecast of arrivals",
        html_table(shares),
        "The rest comes from behaviour (the model's own randomness). Empty when every "
        "replication has its own path. The parameters, the history and the initial stock "
        'are fixed (uncertainty = "full" draws them).',
    )


def write_report(results_dir: str | Path, sensitivity: tuple[Path, ...] = ()) -> Path:
    """Write `report.html` into the results folder and return its path.

    `sensitivity` names folders of `floatpop sensitivity` whose tables join the report.
    Beside it go `summary.csv` (the ranking), `robustness.csv`, `costs.csv` and
    `cost_per_effect.csv`.

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
    sensitivity = sensitivity_tables(tuple(sensitivity))  # checked before anything is written
    study = manifest["study"]
    results = read_results(out)
    reference = study["scenarios"][0]
    outcomes = [o for o in HEADLINE if o in set(results.outcome)]
    band = analysis.bands(results)
    diffs = analysis.paired_differences(results, reference)
    end = analysis.last_date(results)
    paired = reference in set(results.scenario) and results.scenario.nunique() > 1
    found = policy_analyses(results, reference, outcomes, end, out) if paired else None
    table = summary.summary_table(
        diffs, end, outcomes, found.robust if found else None, found.per_effect if found else None
    )
    write_atomically(out / "summary.csv", lambda p: table.to_csv(p, index=False))
    levels = analysis.at_date(band, end)
    levels = levels[levels.scenario == reference].set_index("outcome")["median"]
    included, excluded = summary.uncertainty_lists(study.get("uncertainty", "paths"))
    assumed = summary.assumed_levers(manifest["scenarios"], reference)
    count, total = summary.assumed_parameter_count()
    page = TEMPLATES.get_template("report.html.j2").render(
        name=study["name"],
        description=study.get("description", "").strip(),
        setting_line=settings_line(study, manifest),
        reference=reference,
        end=end,
        findings=summary.policy_sentences(table, levels, reference, end) if paired else {},
        summary=summary_blocks(table) if paired else [],
        included=included,
        excluded=excluded,
        assumed_line=(
            f"{count} of the model's {total} parameters are assumed (no source gives them; "
            "floatpop scenarios show NAME lists each with its source). The policies' "
            "assumed levers in this study:"
            if not assumed.empty
            else f"{count} of the model's {total} parameters are assumed (no source gives "
            "them; floatpop scenarios show NAME lists each with its source)."
        ),
        assumed=html_table(assumed) if not assumed.empty else "",
        figures=figures(results, band, diffs, table, reference, outcomes, end),
        details=detail_sections(
            results, manifest, band, diffs, outcomes, end, found, sensitivity, out
        ),
    )
    path = out / "report.html"
    write_atomically(path, lambda p: p.write_text(page, encoding="utf-8"))
    return path
