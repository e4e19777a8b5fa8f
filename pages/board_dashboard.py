"""The board's dashboard: opinion groups, consensus, divisions, stability and participation."""

import pandas as pd
import plotly.express as px
import streamlit as st

from engagement.privacy.suppression import binned_map
from engagement.reporting.document import p_value
from engagement.services import dialogues, opinion
from engagement.services.counts import participation_over_time
from engagement.services.evidence import board_shift
from pages._ui import choose_dialogue, db, plain, require

user = require("view_board")
st.title("Opinion groups and consensus")
st.write(
    "Participants are placed on a map by how they voted: people who voted alike sit close "
    "together. Groups are people who voted in similar ways across many statements."
)

dialogue = choose_dialogue(by=user)
if dialogue is None:
    st.stop()
with db() as session:
    sessions = dialogues.sessions_of(session=session, dialogue_id=dialogue.id)
scope = st.selectbox("Whose votes", [None] + [s.id for s in sessions],
                     format_func=lambda i: "Everyone in the dialogue" if i is None else
                     next(s.name for s in sessions if s.id == i))
with st.spinner("Analysing the votes…"), db() as session:
    snapshot = opinion.current_analysis(session=session, dialogue_id=dialogue.id,
                                        session_id=scope, by=user)
    report = opinion.describe(session=session, snapshot=snapshot, by=user)
    result = opinion.snapshot_result(snapshot)
    activity = participation_over_time(session=session, dialogue_id=dialogue.id,
                                       session_id=scope, by=user)

minimum = dialogue.min_reporting_size
if report["n_participants"] < minimum:
    st.info(f"Fewer than {minimum} people have voted here, so nothing is shown yet.")
    st.stop()

shown = {g["id"] for g in result["groups"] if g["size"] >= minimum}
letters = {g: chr(ord("A") + i) for i, g in enumerate(sorted(shown))}
cols = st.columns(4)
cols[0].metric("People who voted", report["n_participants"])
hidden = sum(g["size"] for g in result["groups"] if g["id"] not in shown)
# A lone small group would show as the total minus the groups drawn: hide the total then.
cols[1].metric("In the groups",
               "not shown" if 0 < hidden < minimum else report["n_clustered"],
               help="People who voted on enough statements to be placed in a group. Not shown "
                    "when it would reveal how many are in a group too small to report.")
cols[2].metric("Opinion groups", len(shown))
stability = report["stability"]
cols[3].metric("Group stability", f"{stability.get('mean_ari') or 0:.2f}",
               help="How often the same groups appear when we re-run the analysis on random "
                    "samples of the participants (1 = always the same, 0 = no better than chance).")
if stability.get("weak") or report["k"] < 2:
    st.warning(
        "The groups are weak: re-running the analysis on samples of the participants gives "
        "noticeably different groups. Treat the group differences below with caution."
    )

people = [p for p in result.get("participants", []) if p["group"] in letters]
cells, hidden = binned_map([p["x"] for p in people], [p["y"] for p in people],
                           [f"Group {letters[p['group']]}" for p in people], minimum=minimum)
if cells:
    figure = px.scatter(pd.DataFrame(cells), x="x", y="y", color="group", size="count",
                        labels={"x": "", "y": "", "group": "Group", "count": "People"},
                        title="Opinion map", size_max=40, opacity=0.7,
                        category_orders={"group": sorted({c["group"] for c in cells})})
    figure.update_xaxes(showticklabels=False)
    figure.update_yaxes(showticklabels=False)
    st.plotly_chart(figure, use_container_width=True)
    sizes = ", ".join(f"Group {letters[g['id']]}: {g['size']} people"
                      for g in result["groups"] if g["id"] in letters)
    st.caption(f"Each circle is at least {minimum} people who voted alike; bigger circles are "
               f"more people. {sizes}. To protect privacy, {hidden} people in sparse areas of "
               f"the map and groups smaller than {minimum} people are not drawn.")


def statement_card(item: dict, *, share_label: str) -> None:
    with st.container(border=True):
        st.caption(f"S{item['statement_id']}")
        plain(item["text"])
        st.caption(share_label)


st.header("The opinion groups")
for group in result["groups"]:
    if group["id"] not in shown:
        continue
    with st.expander(f"Group {letters[group['id']]}: {group['size']} people", expanded=True):
        reps = [r for r in report["representative"].get(str(group["id"]), [])
                if r["n_seen"] >= minimum]
        if not reps:
            st.write("No statement sets this group clearly apart.")
        for item in reps:
            statement_card(item, share_label=(
                f"In this group {item['pct_agree']:.0f}% agreed, {item['pct_disagree']:.0f}% "
                f"disagreed ({item['n_seen']} voted). It marks the group out by how many "
                f"{'agreed' if item['direction'] == 'agree' else 'disagreed'}."))

st.header("Where most people agree")
agreed = [c for c in report["consensus"] if c["direction"] == "agree"
          and c["n_seen"] >= minimum]
if not agreed:
    st.write("No statement is agreed across all the groups.")
for item in agreed:
    statement_card(item, share_label=(
        f"{item['pct_agree']:.0f}% agreed and {item['pct_disagree']:.0f}% disagreed "
        f"across {item['n_seen']} people; every group leaned towards agreeing."))

st.header("Where the groups differ most")
for item in report["divisive"]:
    with st.container(border=True):
        st.caption(f"S{item['statement_id']}")
        plain(item["text"])
        bars = pd.DataFrame(
            [
                {"Group": f"Group {letters[g]}", "Agreed (%)": 100 * fraction}
                for g, (fraction, seen) in enumerate(zip(item["group_agree_fractions"],
                                                         item["group_seen"], strict=True))
                if g in letters and fraction is not None and seen >= minimum
            ]
        )
        if not bars.empty:
            chart = px.bar(bars, x="Group", y="Agreed (%)", range_y=[0, 100], height=220)
            st.plotly_chart(chart, use_container_width=True)

st.header("How views moved")
labels = {p["key"]: letters.get(p["group"]) for p in result.get("participants", [])}
with db() as session:
    shift = board_shift(session=session, dialogue_id=dialogue.id, labels=labels,
                        minimum=minimum, by=user)
if not shift["overall"]:
    st.write(f"Fewer than {minimum} people have given their view both before and after.")
else:
    overall = shift["overall"]
    st.write(
        f"Among {overall['n']} people who gave their view before and after, support moved by "
        f"{overall['mean_change']:+.2f} points on the 1 to 5 scale (95% interval "
        f"{overall['ci_low']:+.2f} to {overall['ci_high']:+.2f}; Wilcoxon p "
        f"{p_value(overall['p_value'])})."
    )
    scale = ["Strongly oppose", "Oppose", "Unsure", "Support", "Strongly support"]
    bars = pd.DataFrame(
        [{"Position": scale[int(k) - 1], "When": when, "People": v}
         for when, counts in (("Before", shift["before_counts"]),
                              ("After", shift["after_counts"]))
         for k, v in counts.items() if v is not None]
    )
    st.plotly_chart(px.bar(bars, x="Position", y="People", color="When", barmode="group",
                           category_orders={"Position": scale}, height=320),
                    use_container_width=True)
    rows = [{"Who": f"Group {g}", "People": v["n"], "Mean change": round(v["mean_change"], 2),
             "95% interval": f"{v['ci_low']:+.2f} to {v['ci_high']:+.2f}"}
            for g, v in sorted(shift["by_group"].items())]
    rows += [{"Who": f"Session: {s}", "People": v["n"], "Mean change": round(v["mean_change"], 2),
              "95% interval": f"{v['ci_low']:+.2f} to {v['ci_high']:+.2f}"}
             for s, v in sorted(shift["by_session"].items())]
    if rows:
        st.dataframe(rows, hide_index=True)
    st.caption(f"Bars for fewer than {minimum} people are not drawn, and groups or sessions "
               "of fewer than that are left out.")

st.header("Participation over time")
if activity:
    frame = pd.DataFrame([{"Day": a.day, "Votes": a.votes, "People voting": a.voters}
                          for a in activity])
    st.line_chart(frame, x="Day", y=["Votes", "People voting"])
st.caption(f"Analysis snapshot {snapshot.id}, fingerprint {snapshot.fingerprint[:12]}…, "
           f"made {snapshot.created_at:%d %b %Y %H:%M} UTC in {report['seconds']:.2f} s.")
