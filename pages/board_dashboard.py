"""The board's dashboard: opinion groups, consensus, divisions, stability and participation.
Every figure comes from the disclosure gate (services/dashboard.py); this page only draws."""

import pandas as pd
import plotly.express as px
import streamlit as st

from engagement.services import dashboard
from pages._ui import choose_dialogue, plain, require, run


def described(frame: pd.DataFrame, name: str, value: str, unit: str = "") -> str:
    """A chart's figures in words, its text alternative: 'Group A 80%; Group B 20%.'"""
    return "; ".join(f"{row[name]} {row[value]}{unit}" for _, row in frame.iterrows()) + "."


def figures_table(title: str, frame: pd.DataFrame) -> None:
    """The same figures as the chart above, as a table (for screen readers, and for anyone
    who would rather read the numbers)."""
    with st.expander(f"{title} as a table"):
        st.table(frame, hide_index=True)


user = require("view_board")
st.title("Opinion groups and consensus")
st.write(
    "Participants are placed on a map by how they voted: people who voted alike sit close "
    "together. Groups are people who voted in similar ways across many statements."
)

dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()
scopes = run(lambda s: dashboard.scopes(session=s, dialogue_id=dialogue.id, by=user)) or []
scope = st.selectbox("Whose votes", scopes, format_func=lambda s: s.name)
st.caption("A session is offered on its own only when it, and everyone outside it, are large "
           "enough to report.")
with st.spinner("Analysing the votes…"):
    view = run(lambda s: dashboard.board_view(session=s, dialogue_id=dialogue.id,
                                              session_id=scope.session_id if scope else None,
                                              by=user))
if view is None:
    st.stop()
if not view.enough:
    st.info(f"Fewer than {view.minimum} people have voted here, so nothing is shown yet.")
    st.stop()

for column, metric in zip(st.columns(len(view.metrics)), view.metrics, strict=True):
    column.metric(metric.label, metric.value, help=metric.help)
if view.weak:
    st.warning(
        "The groups are weak: re-running the analysis on samples of the participants gives "
        "noticeably different groups. Treat the group differences below with caution."
    )

if view.map_cells:
    cells = pd.DataFrame([vars(c) for c in view.map_cells])
    figure = px.scatter(cells, x="x", y="y", color="group", size="count",
                        labels={"x": "", "y": "", "group": "Group", "count": "People"},
                        title="Opinion map", size_max=40, opacity=0.7,
                        color_discrete_map=view.group_colours,
                        category_orders={"group": sorted(set(cells["group"]))})
    figure.update_xaxes(showticklabels=False)
    figure.update_yaxes(showticklabels=False)
    st.plotly_chart(figure, width="stretch", key="opinion-map",
                    alt=f"Opinion map. {view.map_caption}")
    st.caption(view.map_caption)
    figures_table("The opinion map", cells.rename(columns={
        "group": "Group", "x": "Across", "y": "Up", "count": "People"})[
        ["Group", "Across", "Up", "People"]].round({"Across": 2, "Up": 2}))


def statement_card(card: dashboard.StatementCard) -> None:
    with st.container(border=True):
        st.caption(f"S{card.statement_id}")
        plain(card.text or "")
        st.caption(card.note)


st.header("The opinion groups")
for group in view.groups:
    with st.expander(group.title, expanded=True):
        if not group.statements:
            st.write("No statement sets this group clearly apart.")
        for card in group.statements:
            statement_card(card)

st.header("Where most people agree")
if not view.agreed:
    st.write("No statement is agreed across all the groups.")
for card in view.agreed:
    statement_card(card)

st.header("Where the groups differ most")
for division in view.divisions:
    with st.container(border=True):
        st.caption(f"S{division.statement_id}")
        plain(division.text or "")
        if division.agree_by_group:
            bars = pd.DataFrame(division.agree_by_group, columns=["Group", "Agreed (%)"])
            chart = px.bar(bars, x="Group", y="Agreed (%)", range_y=[0, 100], height=220,
                           color="Group", color_discrete_map=view.group_colours)
            # Two statements can draw the same chart: the key tells them apart.
            st.plotly_chart(chart, width="stretch", key=f"divisive-{division.statement_id}",
                            alt=f"Share of each group who agreed with S{division.statement_id}: "
                                + described(bars, "Group", "Agreed (%)", "%"))
            figures_table(f"Agreement with S{division.statement_id}", bars)

st.header("How views moved")
if view.shift is None:
    st.write(f"Fewer than {view.minimum} people have given their view both before and after.")
else:
    st.write(view.shift.sentence)
    if view.shift.bars:
        bars = pd.DataFrame(view.shift.bars, columns=["Position", "When", "People"])
        st.plotly_chart(px.bar(bars, x="Position", y="People", color="When", barmode="group",
                               category_orders={"Position": list(dashboard.SCALE)},
                               height=320), width="stretch", key="shift",
                        alt="People at each position, before and after: " + described(
                            bars.assign(Bar=bars["Position"] + ", " + bars["When"].str.lower()),
                            "Bar", "People"))
        figures_table("People at each position", bars)
    if view.shift.rows:
        st.dataframe([{"Who": r.who, "People": r.people, "Mean change": r.mean_change,
                       "95% interval": r.interval} for r in view.shift.rows], hide_index=True)
    st.caption(f"Bars for fewer than {view.minimum} people are not drawn, groups or sessions "
               "of fewer than that are left out, and so is any figure that would give one "
               "away by subtraction.")

st.header("Participation over time")
if view.days:
    frame = pd.DataFrame([{"Day": d.day, "Votes": d.votes, "People voting": d.voters}
                          for d in view.days])
    st.line_chart(frame, x="Day", y=["Votes", "People voting"],
                  alt=f"Votes and people voting per day, {len(frame)} days from "
                      f"{frame['Day'].iloc[0]} to {frame['Day'].iloc[-1]}: "
                      + described(frame, "Day", "Votes", " votes"))
    figures_table("Participation per day", frame)
st.caption(f"Days on which fewer than {view.minimum} people voted are not shown. "
           + view.footer)
