"""The report answers first: its ranking is the analysis, its numbers are for people,
its figures are embedded and fit, and the page fits a laptop screen."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from browser import chromium_page

from floatpop.experiments.store.results import read_results
from floatpop.experiments.study import analysis, numbers, summary
from floatpop.experiments.study.plots import (
    plot_against_reference,
    plot_cost_effect,
    plot_district_tiles,
)
from floatpop.experiments.study.report import write_report
from floatpop.experiments.study.runner import run_study
from floatpop.experiments.study.study_file import load_study
from floatpop.experiments.study.tiles import TILES
from floatpop.scenarios.loading import city_data
from floatpop.scenarios.names import DISTRICTS

STUDY = """
name = "three"
description = "A small study for the report's tests."
scenarios = ["baseline", "hukou_reform", "service_first"]
replications = 4
paths = 4
uncertainty = "full"
end = "2027-12"
scale = 0.001
seed = 11
outcomes = ["floating_stock", "integration_index", "settled_total",
            "residence_permit_coverage", "informal_housing_share", "policy_cost"]
executor = "serial"
"""


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    (folder / "three.toml").write_text(STUDY)
    statuses = run_study(load_study(folder / "three.toml"), folder / "out", progress=False)
    assert set(statuses.values()) == {"done"}, statuses
    write_report(folder / "out")
    return folder / "out"


def test_the_summary_is_the_analysis_of_the_same_results(reported):
    results = read_results(reported)
    end = analysis.last_date(results)
    diffs = analysis.at_date(analysis.paired_differences(results, "baseline"), end)
    robust = analysis.sign_robustness(results, "baseline")
    outcomes = [o for o in summary.HEADLINE if o in set(results.outcome)]
    per_effect = analysis.cost_per_effect(results, "baseline", outcomes, end)
    table = pd.read_csv(reported / "summary.csv")
    assert len(table) == 2 * len(outcomes), "every policy, every headline outcome"
    merged = table.merge(diffs, on=["scenario", "outcome"], suffixes=("", "_analysis"))
    merged = merged.merge(robust, on=["scenario", "outcome"], suffixes=("", "_robust"))
    merged = merged.merge(per_effect, on=["scenario", "outcome"], suffixes=("", "_cost"))
    assert len(merged) == len(table)
    for column in ("median", "lower_90", "upper_90"):
        assert np.allclose(merged[column], merged[f"{column}_analysis"]), column
    assert np.allclose(merged.robustness, merged.robustness_robust, equal_nan=True)
    assert np.allclose(merged.extra_cost_per_year, merged.extra_cost_per_year_cost)
    assert np.allclose(merged.cost_per_unit, merged.cost_per_unit_cost, equal_nan=True)
    page = (reported / "report.html").read_text()
    for row in table.itertuples():  # the page prints the same numbers, for people
        unit = summary.UNITS[row.outcome]
        assert numbers.change(row.median, unit) in page, (row.scenario, row.outcome)
        assert numbers.interval(row.lower_90, row.upper_90, unit) in page


def test_ranks_follow_the_better_direction(reported):
    table = pd.read_csv(reported / "summary.csv")
    for outcome, rows in table.groupby("outcome"):
        rows = rows.sort_values("rank")
        better = summary.BETTER[outcome]
        score = better * rows["median"] if better else rows["median"].abs()
        assert score.is_monotonic_decreasing, f"{outcome}: rank 1 is the best effect"


def test_the_page_answers_first_and_says_its_caveats(reported):
    page = (reported / "report.html").read_text()
    found = page.index("What the study found")
    assert found < page.index("Policies ranked by effect") < page.index("Caveats")
    assert page.index("Caveats") < page.index("Figures") < page.index("Details")
    sentences = re.findall(r"<li>By December 2027, (\w+) ", page)
    assert sorted(sentences) == ["hukou_reform", "service_first"], "a sentence per policy"
    assert "The bands include" in page and "They leave out" in page
    assert "parameters are assumed" in page
    assert not re.search(r"\d\.\d{4,}", page.split("<h2>Details</h2>")[0]), (
        "no long decimals above the details: numbers are written for people"
    )


def test_every_figure_is_embedded_and_nothing_is_fetched(reported):
    page = (reported / "report.html").read_text()
    images = re.findall(r"<img [^>]*src=\"([^\"]*)\"", page)
    assert len(images) >= 5 + 2 + 1, "small multiples per outcome, tiles, cost against effect"
    assert all(src.startswith("data:image/png;base64,") for src in images), "embedded"
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "no external reference"
    assert "<script" not in page and "<link" not in page


def test_the_page_fits_a_laptop_screen(reported, tmp_path):
    shot = tmp_path / "report.png"
    width = chromium_page(f"file://{reported / 'report.html'}", shot, width=1366)
    assert shot.stat().st_size > 50_000, "the screenshot shows the page"
    assert width <= 1400, f"the page is {width} px wide: it must not overflow a laptop"


def spills(fig: plt.Figure) -> list[float]:
    """How far (inches) what `fig` draws spills over its left, bottom, right and top edges."""
    fig.canvas.draw()
    drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # every artist drawn, in inches
    width, height = fig.get_size_inches()
    plt.close(fig)
    return [
        max(0.0, -drawn.x0),
        max(0.0, -drawn.y0),
        max(0.0, drawn.x1 - width),
        max(0.0, drawn.y1 - height),
    ]


def test_no_figure_cuts_off_a_title_or_label(reported):
    results = read_results(reported)
    band = analysis.bands(results)
    diffs = analysis.paired_differences(results, "baseline")
    table = pd.read_csv(reported / "summary.csv")
    for outcome in ("floating_stock", "residence_permit_coverage"):
        fig = plot_against_reference(band, outcome, "baseline")
        assert max(spills(fig)) < 0.01, f"{outcome}: small multiples spill over the canvas"
        fig = plot_district_tiles(band, diffs, outcome, "baseline", "2027-12")
        assert max(spills(fig)) < 0.01, f"{outcome}: the tiles spill over the canvas"
        assert fig.get_size_inches()[0] * 100 <= 1080, "it fits the report's column"
    fig = plot_cost_effect(table, ["integration_index", "settled_total"])
    assert max(spills(fig)) < 0.01, "cost against effect spills over the canvas"


def test_tiles_keep_the_seats_order():
    seats = city_data().seat_lon_lat  # [unit, (lon, lat)]
    for a, (column_a, row_a) in TILES.items():
        for b, (column_b, row_b) in TILES.items():
            lon_a, lat_a = seats[DISTRICTS.index(a)]
            lon_b, lat_b = seats[DISTRICTS.index(b)]
            if row_a < row_b:
                assert lat_a > lat_b, f"{a} is drawn north of {b}"
            if column_a < column_b:
                assert lon_a < lon_b, f"{a} is drawn west of {b}"
    assert set(TILES) == set(DISTRICTS) and len(set(TILES.values())) == 8, "a tile each"


@pytest.mark.parametrize(
    ("value", "unit", "level", "change"),
    [
        (1_737_250.0, "persons", "1,740,000", "+1,740,000"),
        (-198.4, "persons/month", "-198", "-198"),
        (0.409, "share", "40.9%", "+40.9 pp"),
        (-0.016, "share of school-age children", "-1.6%", "-1.6 pp"),
        (0.1153, "index 0-1", "0.115", "+0.115"),
        (3.16e9, "yuan/month", "3.16 bn yuan", "+3.16 bn yuan"),
        (0.0, "persons", "0", "0"),
        (-0.0004, "share", "-0.0%", "0.0 pp"),
    ],
)
def test_numbers_are_written_for_people(value, unit, level, change):
    assert numbers.level(value, unit) == level
    assert numbers.change(value, unit) == change
    assert numbers.yuan(880e6) == "880 M yuan" and numbers.yuan(12_429) == "12,400 yuan"
    assert numbers.per_unit(1e8, "share") == "1 M yuan per pp"


def hand_made_summary() -> pd.DataFrame:
    # outcome, scenario, median, lower_90, upper_90, extra cost a year (the scenario's,
    # the same for each outcome), cost per unit
    rows = [
        ("informal_housing_share", "housing", -0.02, -0.03, -0.01, 1e9, -5e10),
        ("informal_housing_share", "outreach", 0.001, -0.01, 0.01, -1e8, -1e11),
        ("integration_index", "housing", 0.01, 0.005, 0.02, 1e9, 1e11),
        ("integration_index", "outreach", -0.02, -0.03, -0.01, -1e8, 5e9),
        ("hukou_settlements", "housing", 300.0, 100.0, 500.0, 1e9, 3e6),
        ("hukou_settlements", "outreach", 50.0, -20.0, 90.0, -1e8, -2e6),
    ]
    columns = [
        "outcome",
        "scenario",
        "median",
        "lower_90",
        "upper_90",
        "extra_cost_per_year",
        "cost_per_unit",
    ]
    return pd.DataFrame(rows, columns=columns).assign(robustness=1.0)


def test_cost_per_unit_is_per_unit_of_improvement_or_says_why_not():
    table = hand_made_summary()
    text = {(r.outcome, r.scenario): summary.cost_per_unit_text(r) for _, r in table.iterrows()}
    assert text["informal_housing_share", "housing"] == "500 M yuan per pp", (
        "lowering a share to be lowered costs a positive amount per point"
    )
    assert text["informal_housing_share", "outreach"] == "effect unclear"
    assert text["integration_index", "outreach"] == "worse"
    assert text["integration_index", "housing"] == "1 bn yuan per 0.01"
    assert text["hukou_settlements", "outreach"] == "effect unclear"


def test_each_policy_gets_one_sentence_from_its_numbers():
    levels = pd.Series(
        {"informal_housing_share": 0.5, "integration_index": 0.4, "hukou_settlements": 2000.0}
    )
    said = summary.policy_sentences(hand_made_summary(), levels, "baseline", "2035-12")
    assert set(said) == {"housing", "outreach"}
    assert said["housing"].startswith(
        "By December 2035, housing raises hukou settlements by 300 a month [+100, +500]"
    ), said["housing"]
    assert "lowers informal housing share by 2.0 pp [-3.0 pp, -1.0 pp]" in said["housing"]
    assert "at 1 bn yuan a year more in public spending" in said["housing"]
    assert "lowers integration index by 0.020" in said["outreach"]
    assert "on 2 of the 3 headline outcomes its effect is not clear" in said["outreach"]
    assert "saves 100 M yuan a year" in said["outreach"]
