"""The app's page: pick a scenario, move its levers, run, and watch the city respond.

Start it with `floatpop app`, or `solara run app/page.py` from the project root. It is
Mesa's `SolaraViz` over `PairedCity`: the chosen scenario and the baseline on one seed,
stepped month by month. The plots show a city outcome for both, and the eight units'
change from the baseline as tiles; bad input shows as a one-line message.
"""

import matplotlib

matplotlib.use("Agg")  # the page draws into images, never a window

import solara  # noqa: E402
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from mesa.visualization import SolaraViz  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402

from floatpop.app.levers import slider  # noqa: E402
from floatpop.app.paired import PairedCity  # noqa: E402
from floatpop.app.settings import AppSettings, from_environment  # noqa: E402
from floatpop.experiments.study import numbers  # noqa: E402
from floatpop.experiments.study.plots import axis_formatter, timestamps  # noqa: E402
from floatpop.experiments.study.summary import HEADLINE, UNITS, label  # noqa: E402
from floatpop.experiments.study.tiles import draw_tiles  # noqa: E402
from floatpop.scenarios.errors import ScenarioError  # noqa: E402
from floatpop.scenarios.files import list_scenarios  # noqa: E402

#: the run settings the page offers, beside the levers (scale: the page redraws every
#: month, so it stops at 1%; 1:1 runs belong in studies)
SCALE_RANGE = (0.0005, 0.01)
END_YEARS = (2021, 2035)

outcome = solara.reactive("floating_stock")


def starting_settings() -> tuple[AppSettings, str]:
    """Return the settings the page starts from, and the message if they are bad."""
    try:
        return from_environment(), ""
    except ValueError as err:
        return AppSettings(), str(err)


def model_params(model: PairedCity, settings: AppSettings) -> dict:
    """Return SolaraViz's inputs: the scenario's levers, then seed, scale and end year."""
    params = {"scenario": model.scenario_name, "reference": model.reference_name}
    for lever in model.levers:
        params[lever.key] = slider(lever)
    params["seed"] = {"type": "InputText", "value": str(settings.seed), "label": "seed"}
    params["scale"] = {
        "type": "SliderFloat",
        "value": settings.scale,
        "min": SCALE_RANGE[0],
        "max": SCALE_RANGE[1],
        "step": SCALE_RANGE[0],
        "label": "scale (agents per person)",
    }
    params["end_year"] = {
        "type": "SliderInt",
        "value": settings.end_year,
        "min": END_YEARS[0],
        "max": END_YEARS[1],
        "label": "horizon (last year)",
    }
    return params


def city_figure(model: PairedCity, name: str) -> Figure:
    """Return the outcome month by month: the scenario, the reference, and the change."""
    series = model.city_series(name)
    unit = UNITS.get(name, "")
    fig = Figure(figsize=(7.5, 4.2), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    if len(series):
        x = timestamps(series.date)
        marker = "o" if len(series) < 3 else None  # a line of one point does not show
        top.plot(
            x, series.reference, color="grey", lw=1.6, marker=marker, label=model.reference_name
        )
        top.plot(
            x, series.scenario, color="tab:blue", lw=1.6, marker=marker, label=model.scenario_name
        )
        bottom.plot(x, series.scenario - series.reference, color="tab:blue", lw=1.2, marker=marker)
    bottom.axhline(0, color="grey", lw=0.8)
    top.set_title(f"{label(name)} ({unit}), city-wide, same seed", fontsize=10)
    bottom.set_ylabel("change", fontsize=8)
    persons = FuncFormatter(lambda v, _: f"{v:,.0f}")  # a month's change is small: all digits
    locator = AutoDateLocator()
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    for ax in (top, bottom):
        ax.yaxis.set_major_formatter(persons if numbers.is_persons(unit) else axis_formatter(unit))
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    top.legend(fontsize=8, frameon=False)
    return fig


@solara.component
def CityOutcome(model: PairedCity):
    """Show the chosen city outcome against the reference, and its latest values."""
    update_counter.get()  # redrawn at every step (SolaraViz bumps the counter)
    with solara.Column():
        solara.Select("outcome", value=outcome, values=list(HEADLINE))
        if model.error:
            solara.Error(model.error)
            return
        solara.FigureMatplotlib(city_figure(model, outcome.value), format="png")
        series = model.city_series(outcome.value)
        unit = UNITS.get(outcome.value, "")
        if len(series):
            last = series.iloc[-1]
            solara.Text(
                f"{last.date}: {model.scenario_name} {numbers.level(last.scenario, unit)}, "
                f"{model.reference_name} {numbers.level(last.reference, unit)}, change "
                f"{numbers.change(last.scenario - last.reference, unit)}",
                classes=["floatpop-latest"],
            )


@solara.component
def LeversInForce(model: PairedCity):
    """List the levers of the run shown, with their values (a slider shows no number)."""
    update_counter.get()
    with solara.Column():
        solara.Text(f"Levers of this run (seed {model.seed}, scale {model.scale:g}):")
        for lever in model.levers:
            solara.Text(f"{lever.kind}.{lever.name} = {lever.value} ({lever.unit})")
        if not model.levers:
            solara.Text("none: the scenario adds no policy to the reference")


@solara.component
def DistrictView(model: PairedCity):
    """Show the eight units as tiles, coloured by the latest change from the reference."""
    update_counter.get()
    if model.error:
        return solara.Text("")
    values = model.district_values(outcome.value)
    unit = UNITS.get(outcome.value, "")
    fig = Figure(figsize=(5.0, 4.4), layout="constrained")
    ax = fig.subplots()
    change = dict(zip(values.district, values.change, strict=True))
    mapping = draw_tiles(ax, change, {d: numbers.change(v, unit) for d, v in change.items()}, True)
    if any(change.values()):  # no scale to show before the runs differ
        fig.colorbar(mapping, ax=ax, shrink=0.6, format=axis_formatter(unit))
    ax.set_title(f"{label(outcome.value)}: change by district, {model.date()}", fontsize=9)
    return solara.FigureMatplotlib(fig, format="png")


@solara.component
def Page():
    """Lay out the page: a scenario chooser, then SolaraViz's controls and plots."""
    settings, problem = starting_settings()
    scenario, set_scenario = solara.use_state(settings.scenario)

    def build() -> PairedCity:
        try:
            levers = settings.lever_values() if scenario == settings.scenario else {}
        except ScenarioError as err:
            levers, bad = {}, str(err)
        else:
            bad = problem
        model = PairedCity(
            scenario,
            settings.reference,
            settings.seed,
            settings.scale,
            settings.end_year,
            **levers,
        )
        if bad and not model.error:
            model.error = bad
            model.running = False
        return model

    model = solara.use_memo(build, [scenario])
    shipped = list_scenarios()
    with solara.Sidebar():
        with solara.Card("Scenario"):
            solara.Select(
                "scenario",
                value=scenario,
                values=shipped if scenario in shipped else [scenario, *shipped],
                on_value=set_scenario,
            )
            # (plain text: Markdown would load KaTeX, which the offline assets lack)
            solara.Text(
                f"Against {settings.reference} on the same seed. Move a lever, press "
                "Reset to start again with it, then Step or ▶ to run."
            )
    SolaraViz(
        model,
        components=[(CityOutcome, 0), (DistrictView, 0), (LeversInForce, 0)],
        model_params=model_params(model, settings),
        name=f"floatpop: {scenario} against {settings.reference}",
        play_interval=1,
    ).key(f"viz-{scenario}")
