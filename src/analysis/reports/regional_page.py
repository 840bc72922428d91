"""The regional report (notebooks/02_regional.ipynb), section by section: each function returns the parts a
section shows (Markdown sentences, :class:`Table` s and altair charts) and :func:`show` displays them, so that the
notebook stays a list of calls and every sentence is tested here.

:func:`prepare` checks the parameters and computes every ranking once; :func:`summary_parts` gives the headline and
the key figures (recorded for the report index with :func:`analysis.reports.notebook.record_figures`). A section
whose parameter is unset (``state``, ``area``) returns no parts, so the report leaves it out; :func:`hint` is the
one line a notebook shows instead (in a cell tagged ``notebook-only``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.analyses import compare, cost_of_living, parameters, regional
from analysis.analyses import regional_text as words
from analysis.charts import compare as compare_charts
from analysis.charts import regional as charts
from analysis.conventions import geography, sampling
from analysis.conventions.measures import is_wage, measure_label, measure_phrase
from analysis.text import escape_markdown


@dataclass
class Table:
    """A table to show: the display frame, its caption, the data behind it and the sentence shown when empty."""

    frame: pd.DataFrame
    caption: str
    data: pd.DataFrame | None = None
    empty: str | None = None


def display_chart(chart: Any) -> None:
    """Display an altair chart the ordinary way (IPython's display; the active altair renderer draws it)."""
    from IPython.display import display

    display(chart)


def show(parts: list[Any]) -> None:
    """Display the parts of a section in order: Markdown text, tables, charts."""
    from analysis.reports import notebook

    for part in parts:
        if isinstance(part, str):
            notebook.show_markdown(part)
        elif isinstance(part, Table):
            notebook.show_table(part.frame, caption=part.caption, data=part.data, empty=part.empty)
        else:
            display_chart(part)


#: What each optional section needs, in the notebook's words (notebook-only hints).
HINTS = {
    "state": 'Set `state` (e.g. `state="OH"`, `"06"` or `"Ohio"`) for a state deep dive.',
    "area": 'Set `area` (e.g. `area="Cleveland, OH"`, `"Houston, TX"` or `"17410"`) for a metropolitan or '
    "nonmetropolitan deep dive.",
    "measure": 'The states in U.S.-average prices need a wage `measure` (e.g. `measure="a_mean"` or `"a_median"`) '
    "and a release that BEA's price parities cover.",
    "salary": "Set `salary` (an annual amount in dollars, e.g. `salary=55000`) to see where it falls in each area.",
}


def hint(name: str, value: Any) -> list[str]:
    """The one line a notebook shows when ``value`` (what the parameter ``name`` turns on) is None; else nothing."""
    return [HINTS[name]] if value is None else []


STATES_SET = "the 50 states and the District of Columbia"


@dataclass
class Regional:
    """Everything the regional report shows, computed once from the checked parameters."""

    frame: pd.DataFrame
    occupation: str
    occupation_title: str
    year: int
    measure: str
    top_n: int
    state: str | None
    area: str | None
    release_rows: pd.DataFrame
    states: pd.DataFrame
    national: pd.Series | None
    metros: pd.DataFrame
    by: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    adjusted: pd.DataFrame | None = None
    rpp_choice: cost_of_living.RPPChoice | None = None

    def ranking(self, kind: str, measure: str) -> pd.DataFrame:
        """States ("states") or metropolitan areas ("metros") ranked by ``measure``."""
        return self.by[kind][measure]

    @property
    def label(self) -> str:
        return measure_label(self.measure)

    @property
    def national_value(self) -> float | None:
        value = None if self.national is None else self.national["value"]
        return None if value is None or pd.isna(value) else float(value)


def prepare(
    frame: pd.DataFrame,
    *,
    occupation: str,
    year: int | None,
    measure: str,
    state: str | None,
    area: Any,
    top_n: int,
) -> Regional:
    """Check the parameters (one-line ParameterError naming what is allowed) and compute every ranking."""
    occupation, year = regional.check_release(frame, occupation=occupation, year=year)
    measure = regional.check_measure(measure)
    top_n = regional.check_top_n(top_n)
    rows = regional.cross_industry(frame, occupation=occupation, year=year)
    state = regional.check_state(rows, state)
    area = regional.check_area(rows, area)
    keys = {"occupation": occupation, "year": year}
    by: dict[str, dict[str, pd.DataFrame]] = {"states": {}, "metros": {}}
    for kind_measure in dict.fromkeys([measure, "tot_emp", "loc_quotient"]):
        by["states"][kind_measure] = regional.state_ranking(frame, measure=kind_measure, **keys)
        by["metros"][kind_measure] = regional.metro_ranking(frame, measure=kind_measure, **keys)
    report = Regional(
        frame=frame,
        occupation=occupation,
        occupation_title=parameters.available_occupations(frame)[occupation],
        year=year,
        measure=measure,
        top_n=top_n,
        state=state,
        area=area,
        release_rows=rows,
        states=by["states"][measure],
        national=regional.national_estimate(frame, measure=measure, **keys),
        metros=by["metros"][measure],
        by=by,
    )
    if cost_of_living.is_adjustable(measure):
        from analysis.sources import bea_rpp

        rpp = bea_rpp.read_rpp()
        report.rpp_choice, _ = cost_of_living.rpp_choice_or_why_not(rpp, year)
        if report.rpp_choice is None:  # a release older than BEA's RPPs: published values only
            return report
        states = regional.estimates(frame, measure=measure, area_types=[geography.STATE], **keys)
        report.adjusted = regional.rank_areas(cost_of_living.adjust_estimates(states, rpp, choice=report.rpp_choice))
    return report


# ------------------------------------------------------------------------------------------------ the summary
def _place(report: Regional) -> tuple[pd.Series, str, pd.Series | None, pd.Series | None] | None:
    """The place a deep dive leads with (the area when given, else the state): its ranked row, the plural of its
    kind, its highest area (a state) and its row in U.S.-average prices."""
    if report.area is not None:
        kind = int(report.release_rows.loc[report.release_rows["area"] == report.area, "area_type"].iloc[0])
        rows = regional.estimates(
            report.frame, occupation=report.occupation, year=report.year, measure=report.measure, area_types=[kind]
        )
        # an area of a territory ranks among the territories' areas, an area of the states among the states'
        apart = regional.in_territory(rows)
        own = bool(apart[rows["area"] == report.area].iloc[0])
        peers = regional.rank_areas(rows[apart == own])
        plural = f"{regional.AREA_KIND_NAMES[kind]}s" + (" of the territories" if own else "")
        return peers[peers["area"] == report.area].iloc[0], plural, None, None
    if report.state is not None:
        fips = geography.state_fips(report.state)
        ranked = report.states if (report.states["area"] == fips).any() else _territories(report)
        row = ranked[ranked["area"] == fips].iloc[0]
        leader = words.leaders(_state_areas(report))["highest"]
        adjusted = None
        if report.adjusted is not None and (report.adjusted["area"] == fips).any():
            adjusted = report.adjusted[report.adjusted["area"] == fips].iloc[0]
        plural = "states" if ranked is report.states else "territories and their areas"
        return row, plural, leader, adjusted
    return None


def headline(report: Regional) -> str:
    """One sentence leading with the report's subject: the state or area of a deep dive, else the occupation."""
    place = _place(report)
    if place is None:
        return words.us_headline(
            occupation_title=report.occupation_title,
            year=report.year,
            measure=report.measure,
            states=report.states,
            adjusted=report.adjusted,
        )
    row, plural, leader, _ = place
    return words.place_headline(
        place=row,
        occupation_title=report.occupation_title,
        year=report.year,
        measure=report.measure,
        kind_plural=plural,
        leader=leader,
    )


def key_figures(report: Regional) -> list[list[str]]:
    """At most six [label, text] pairs in plain words with units, led by the report's subject."""
    place = _place(report)
    if place is None:
        return words.us_key_figures(
            measure=report.measure,
            states=report.states,
            adjusted=report.adjusted,
            national=report.national,
            states_by_jobs=report.ranking("states", "tot_emp"),
            metros=report.metros,
        )
    row, plural, leader, adjusted = place
    return words.place_key_figures(
        place=row,
        measure=report.measure,
        kind_plural=plural,
        adjusted=adjusted,
        national=report.national,
        leader=leader,
    )


def _leader_figures(ranked: pd.DataFrame, prefix: str) -> dict[str, Any]:
    facts = words.leaders(ranked)
    out: dict[str, Any] = {}
    for position in ("highest", "lowest"):
        row = facts[position]
        out[f"{prefix}_{position}"] = None if row is None else str(row["area"])
        out[f"{prefix}_{position}_title"] = None if row is None else str(row["area_title"])
        out[f"{prefix}_{position}_value"] = None if row is None or pd.isna(row["value"]) else float(row["value"])
    out[f"{prefix}_tied_highest"] = facts["tied_highest"]
    return out


def figures(report: Regional) -> dict[str, Any]:
    """The figures recorded for the index and the tests: the headline, the key figures and raw values."""
    recorded: dict[str, Any] = {
        "headline": headline(report),
        "key_figures": key_figures(report),
        "occupation": report.occupation,
        "occupation_title": report.occupation_title,
        "year": report.year,
        "measure": report.measure,
        "state": report.state,
        "area": report.area,
        "national_value": report.national_value,
        "rpp_year": None if report.rpp_choice is None else report.rpp_choice.rpp_year,
        "rpp_vintage": None if report.rpp_choice is None else report.rpp_choice.vintage,
    }
    recorded.update(_leader_figures(report.states, "states"))
    recorded.update(_leader_figures(report.metros, "metros"))
    recorded.update(_leader_figures(report.ranking("states", "tot_emp"), "states_by_jobs"))
    recorded.update(_leader_figures(report.ranking("states", "loc_quotient"), "states_by_lq"))
    recorded.update(_leader_figures(report.ranking("metros", "tot_emp"), "metros_by_jobs"))
    recorded.update(_leader_figures(report.ranking("metros", "loc_quotient"), "metros_by_lq"))
    recorded["state_ranks"] = _ranks(report.states)
    recorded["states_by_jobs_ranks"] = _ranks(report.ranking("states", "tot_emp"))
    recorded["states_by_lq_ranks"] = _ranks(report.ranking("states", "loc_quotient"))
    recorded["territories"] = {
        str(a): _rank(r) for a, r in zip(_territories(report)["area"], _territories(report)["rank"])
    }
    if report.adjusted is not None:
        recorded.update(_leader_figures(report.adjusted, "adjusted"))
        recorded["adjusted_ranks"] = _ranks(report.adjusted)
    place = _place(report)
    if place is not None:
        row = place[0]
        recorded["place_value"] = None if pd.isna(row["value"]) else float(row["value"])
        recorded["place_rank"] = _rank(row["rank"])
        recorded["place_tot_emp"] = None if pd.isna(row["tot_emp"]) else float(row["tot_emp"])
    return recorded


def _rank(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _ranks(ranked: pd.DataFrame) -> dict[str, int | None]:
    return {str(p): _rank(r) for p, r in zip(ranked["prim_state"], ranked["rank"])}


def summary_parts(report: Regional) -> list[Any]:
    """The report's opening: what it shows, its headline and its key figures (a table with the same words as the
    index card)."""
    subject = f"**{escape_markdown(report.occupation_title)} ({report.occupation})**, May {report.year} release"
    return [
        f"{subject}: {measure_phrase(report.measure)}.",
        f"**In brief:** {escape_markdown(headline(report))}",
    ]


def key_figures_table(report: Regional) -> pd.DataFrame:
    """The key figures as the table the notebook and the report show (Figure, Value)."""
    return pd.DataFrame(key_figures(report), columns=["Figure", "Value"])


# ----------------------------------------------------------------------------------------------------- states
def _references(report: Regional) -> dict[str, float] | None:
    return {"U.S.": report.national_value} if report.national_value is not None else None


def states_parts(report: Regional) -> list[Any]:
    """The state map, the ranking chart and table, the highest and lowest in words, and the states without a
    published number."""
    states, measure = report.states, report.measure
    facts = regional.summarise_ranking(states)
    national = f" **U.S.:** {words.value_text(report.national, measure)}." if report.national_value is not None else ""
    counts = (
        f" {facts['n_published']} of the {facts['n_areas']} states (with DC) have a published number, "
        f"{facts['n_top_coded']} are top-coded and {facts['n_suppressed']} suppressed."
    )
    unpublished = regional.not_published(states)
    return [
        charts.state_map(states),
        charts.ranking_chart(
            states,
            title=f"{report.occupation_title}: {report.label} by state",
            references=_references(report),
            area_label="State",
            area_set=STATES_SET,
        ),
        words.leader_sentences(states, measure, plural="states") + national + counts,
        sampling.floor_sentence(),
        Table(
            charts.ranking_table(states, area_label="State"),
            "States ranked (every state, suppressed ones last)",
            data=states,
        ),
        Table(
            charts.not_published_table(unpublished),
            "States without a published number, and what BLS published instead",
            data=unpublished,
            empty="none: every state and DC has a published number.",
        ),
    ]


def adjusted_parts(report: Regional) -> list[Any]:
    """The states in U.S.-average prices (wages only): heading, method, map, ranking, highest and lowest, and each
    state's rank both ways. Nothing for a measure that is not a wage."""
    if report.adjusted is None or report.rpp_choice is None:
        return []
    adjusted, choice, measure = report.adjusted, report.rpp_choice, report.measure
    changes = cost_of_living.rank_changes(report.states, adjusted)
    movers = changes.dropna(subset=["change"]).sort_values("change")
    moved = ""
    if len(movers):
        up, down = movers.iloc[-1], movers.iloc[0]
        moved = (
            f" Biggest rise once prices are counted: {escape_markdown(str(up['area_title']))} ({int(up['change'])} "
            f"places, RPP {float(up['rpp']):.1f}); biggest fall: {escape_markdown(str(down['area_title']))} "
            f"({-int(down['change'])} places, RPP {float(down['rpp']):.1f})."
        )
    return [
        (
            "## States in U.S.-average prices (cost of living)\n\n"
            "The same state estimates divided by each state's Regional Price Parity (RPP/100) from the Bureau of "
            "Economic Analysis (BEA), U.S. = 100, so that every state's wage is in U.S.-average prices of the RPP "
            "year. "
            "A state with an RPP above 100 has prices above the U.S. average: its wage buys less there. Rank changes "
            "compare point estimates; the ranges of possible ranks show which differences the sampling error allows. "
            "Metropolitan and nonmetropolitan areas get no adjusted figure: metropolitan RPPs are not bundled."
        ),
        f"{choice.sentence()} {cost_of_living.NO_RPP_ERROR} {escape_markdown(choice.source_note())}",
        charts.state_map(adjusted),
        charts.ranking_chart(
            adjusted,
            title=f"{report.occupation_title}: {report.label.replace(' (USD)', '')} in U.S.-average prices by state",
            references=_references(report),
            area_label="State",
            area_set=STATES_SET,
        ),
        words.leader_sentences(adjusted, measure, plural="states") + moved,
        Table(
            charts.rank_change_table(changes, measure),
            f"States ranked in U.S.-average prices (BEA RPPs {choice.rpp_year}), with the published ranking beside it",
            data=changes,
        ),
    ]


# --------------------------------------------------------------------------------- employment and concentration
def where_parts(report: Regional) -> list[Any]:
    """The where-questions answered by default: states and metropolitan areas ranked by employment and by location
    quotient (the top ``top_n`` of each, every row in the downloadable data), the leader named in words."""
    parts: list[Any] = [words.LQ_SENTENCE]
    for kind, plural, area_label in (
        ("states", "states", "State"),
        ("metros", "metropolitan areas", "Metropolitan area"),
    ):
        for measure in ("tot_emp", "loc_quotient"):
            ranked = report.ranking(kind, measure)
            top = ranked[ranked["rank"].notna()].head(report.top_n)
            what = "employment" if measure == "tot_emp" else "location quotient"
            parts.append(words.leader_sentences(ranked, measure, plural=plural, lowest=False))
            parts.append(
                Table(
                    charts.ranking_table(top, area_label=area_label),
                    f"{plural.capitalize()} with the highest {what}: top {len(top)} of "
                    f"{int(ranked['rank'].notna().sum())}",
                    data=ranked,
                )
            )
    return parts


# ----------------------------------------------------------------------------------------- metropolitan areas
def metros_parts(report: Regional) -> list[Any]:
    """The highest and lowest metropolitan areas of the states and DC: chart, sentence, table, not published."""
    metros, measure = report.metros, report.measure
    picked = regional.top_and_bottom(metros, report.top_n)
    facts = regional.summarise_ranking(metros)
    parts: list[Any] = []
    if picked["value"].notna().any():
        parts.append(
            charts.ranking_chart(
                picked,
                title=f"{report.occupation_title}: metropolitan areas with the highest and lowest "
                f"{measure_phrase(measure)}",
                group="group",
                references=_references(report),
                area_label="Metropolitan area",
                area_set=f"the {report.top_n} highest and {report.top_n} lowest metropolitan areas of the states",
            )
        )
    else:
        parts.append("No metropolitan area has a published value of this measure in this release.")
    unpublished = regional.not_published(metros)
    counts = (
        f"{facts['n_ranked']} of {facts['n_areas']} metropolitan areas of the states and DC are ranked "
        f"({facts['n_top_coded']} top-coded, {facts['n_suppressed']} suppressed); those of Puerto Rico are ranked "
        "apart, with the territories."
    )
    return parts + [
        f"{counts} " + words.leader_sentences(metros, measure, plural="metropolitan areas"),
        Table(
            charts.ranking_table(picked, area_label="Metropolitan area"),
            f"Top and bottom {report.top_n} metropolitan areas",
            data=picked,
        ),
        Table(
            charts.not_published_table(unpublished),
            "Metropolitan areas without a published number",
            data=unpublished,
            empty="none: every metropolitan area has a published number.",
        ),
    ]


def _territories(report: Regional) -> pd.DataFrame:
    return regional.territory_ranking(
        report.frame, occupation=report.occupation, year=report.year, measure=report.measure
    )


def territories_parts(report: Regional) -> list[Any]:
    """The territories and their metropolitan areas, ranked apart from the states' (and saying so)."""
    ranked = _territories(report)
    return [
        (
            "The territories (Guam, Puerto Rico, the U.S. Virgin Islands where BLS publishes them) and Puerto Rico's "
            "metropolitan areas are not in the state or metropolitan rankings above: each group is ranked among itself."
        ),
        Table(
            charts.ranking_table(ranked, area_label="Territory or area"),
            "U.S. territories and their metropolitan areas, ranked apart from the states",
            data=ranked,
            empty="no territory rows in this release.",
        ),
    ]


def metro_nonmetro_parts(report: Regional) -> list[Any]:
    """Metropolitan vs nonmetropolitan areas of the states: every area's value and each group's summary."""
    keys = {"occupation": report.occupation, "year": report.year, "measure": report.measure}
    rows = regional.metro_and_nonmetro_estimates(report.frame, **keys)
    summary = regional.metro_nonmetro_summary(report.frame, **keys)
    parts: list[Any] = [Table(charts.summary_table(summary), "Metropolitan vs nonmetropolitan areas", data=summary)]
    if rows["value"].notna().any():
        parts.append(charts.metro_nonmetro_chart(rows, summary))
    return parts


# ---------------------------------------------------------------------------------------------- deep dives
def _state_areas(report: Regional) -> pd.DataFrame:
    return regional.state_areas(
        report.frame, occupation=report.occupation, year=report.year, measure=report.measure, state=report.state
    )


def state_parts(report: Regional) -> list[Any]:
    """The state deep dive (nothing when no state is chosen): the state's metropolitan and nonmetropolitan areas
    against the statewide and U.S. estimates."""
    if report.state is None:
        return []
    measure = report.measure
    areas = _state_areas(report)
    statewide = regional.area_estimate(
        report.frame,
        occupation=report.occupation,
        year=report.year,
        measure=measure,
        area=geography.state_fips(report.state),
    )
    title = str(statewide["area_title"])
    shown = areas.assign(area_title=regional.shown_titles(areas))
    facts = regional.summarise_ranking(areas)
    references = {
        k: v
        for k, v in {title: statewide["value"], "U.S.": report.national_value}.items()
        if v is not None and not pd.isna(v)
    }
    parts: list[Any] = [
        (
            f"## {escape_markdown(title)}\n\n"
            f"The metropolitan areas that lie at least partly in {escape_markdown(title)} (an area that crosses a "
            "state line is listed under every state it touches, and under a state other than its principal one its "
            "name says so) and its nonmetropolitan areas, against the statewide and U.S. estimates."
        ),
        f"**{escape_markdown(title)}:** {words.estimate_text(statewide, measure)} statewide; {len(areas)} areas "
        f"with estimates ({facts['n_ranked']} ranked, {facts['n_suppressed']} suppressed). "
        + words.leader_sentences(shown, measure, plural="areas"),
    ]
    if facts["n_published"]:
        parts.append(
            charts.ranking_chart(
                shown,
                title=f"{report.occupation_title}: {report.label} in {title}",
                group="group",
                references=references,
                area_set=f"the metropolitan and nonmetropolitan areas of {title}",
            )
        )
    parts.append(
        Table(
            charts.ranking_table(shown),
            f"Areas of {title}",
            data=areas,
            empty=f"BLS published no estimates of this occupation for the metropolitan or nonmetropolitan areas "
            f"of {title} in this release.",
        )
    )
    return parts


def area_parts(report: Regional) -> list[Any]:
    """The metropolitan or nonmetropolitan deep dive (nothing when no area is chosen): the area beside its
    principal state and the U.S., and where it ranks among areas of its kind."""
    if report.area is None:
        return []
    row = report.release_rows[report.release_rows["area"] == report.area].iloc[0]
    principal = None if pd.isna(row["prim_state"]) else geography.state_fips(str(row["prim_state"]))
    compared_with = [
        a
        for a in dict.fromkeys([report.area, principal, geography.NATIONAL_AREA])
        if a is not None and (report.release_rows["area"] == a).any()
    ]
    profile = compare.side_by_side(report.frame, occupation=report.occupation, year=report.year, areas=compared_with)
    own, plural, _, _ = _place(report)
    title = escape_markdown(str(row["area_title"]))
    return [
        f"## {title}\n\n"
        "The area beside its principal state and the U.S.: employment, jobs per thousand jobs, the mean wage with its "
        "interval and the wage percentiles. " + cost_of_living.NO_METRO_RPP,
        (
            f"**{title}** (BLS code {report.area}): {words.estimate_text(own, report.measure)}, "
            f"{words.rank_text(own, plural)}."
        ),
        Table(
            compare_charts.side_by_side_table(profile),
            f"{row['area_title']} beside its principal state and the U.S.",
            data=profile,
        ),
        compare_charts.distribution_chart(profile),
    ]


def is_wage_measure(report: Regional) -> bool:
    return is_wage(report.measure)
