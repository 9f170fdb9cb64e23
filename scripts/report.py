#!/usr/bin/env python3
"""Write the lead-scoring report: one self-contained HTML file a marketer or sales lead opens.

    python scripts/report.py [--source lead_scoring_bi.duckdb] [--out reports/lead_scoring.html]

Reads the published marts (scripts/publish.py) read-only. Every number comes from a query over a
mart; Python only lays them out and draws them (matplotlib, PNG embedded as base64: no CDN, no
script, works offline). Sections: headline figures, score distribution by tier, the fit x
engagement grid, conversion and lift by tier and grade per matured cohort, AUC and top-decile lift
over time, calibration of conversion_probability, suggested points next to current ones, the
leads to call today and why, and rejected rows by reason. Each figure's numbers are also in a table
beside it (`data-mart` names the mart), which tests/python/test_report.py checks against the marts.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import os
from datetime import datetime
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after the non-interactive backend

TIER_COLOURS = ("#c0392b", "#e67e22", "#2980b9", "#7f8c8d", "#27ae60")

# (section id, title, mart, SQL over the published file)
QUERIES = {
    "headline": (
        "lead_scores",
        "select count(*) as leads_scored, sum(case when is_mql then 1 else 0 end) as mqls,"
        " sum(case when is_recycled then 1 else 0 end) as recycled,"
        " sum(case when is_disqualified then 1 else 0 end) as disqualified,"
        " strftime(max(score_as_of), '%Y-%m-%d %H:%M') as score_as_of from main.lead_scores",
    ),
    "tiers": (
        "lead_scores",
        "select s.tier, count(*) as leads, round(avg(s.total_score), 2) as average_score,"
        " min(s.total_score) as lowest_score, max(s.total_score) as highest_score"
        " from main.lead_scores as s group by s.tier order by min(s.total_score) desc",
    ),
    "grid": (
        "lead_scores",
        "select fit_grade, engagement_grade, count(*) as leads, sum(case when is_mql then 1 else 0 end) as mqls"
        " from main.lead_scores group by fit_grade, engagement_grade order by fit_grade, engagement_grade",
    ),
    "conversion_by_tier": (
        "conversion_by_tier",
        "select strftime(cohort_as_of, '%Y-%m-%d') as cohort, tier, leads, converted,"
        " round(conversion_rate, 4) as conversion_rate, round(lift_over_cohort, 2) as lift"
        " from main.conversion_by_tier order by cohort_as_of, min_score desc nulls last, tier",
    ),
    "conversion_by_grade": (
        "conversion_by_grade",
        "select fit_grade, engagement_grade, sum(leads) as leads, sum(converted) as converted,"
        " round(sum(converted) / sum(leads), 4) as conversion_rate"
        " from main.conversion_by_grade group by fit_grade, engagement_grade order by fit_grade, engagement_grade",
    ),
    "evaluation": (
        "score_evaluation",
        "select strftime(cohort_as_of, '%Y-%m-%d') as cohort, score_name, leads, round(auc, 4) as auc,"
        " round(top_decile_lift, 2) as top_decile_lift from main.score_evaluation"
        " order by cohort_as_of, score_name",
    ),
    "calibration": (
        "lead_outcomes",
        "select least(floor(conversion_probability * 10), 9) / 10 as bucket, count(*) as leads,"
        " round(avg(conversion_probability), 4) as predicted,"
        " round(avg(case when is_converted then 1.0 else 0.0 end), 4) as observed"
        " from main.lead_outcomes where conversion_probability is not null group by bucket order by bucket",
    ),
    "suggestions": (
        "criteria_suggestions",
        "select seed, attribute, value, current_points, suggested_points, leads_with, converted_with, is_reliable"
        " from main.criteria_suggestions order by is_reliable desc, abs(coalesce(suggested_points, 0)"
        " - coalesce(current_points, 0)) desc, seed, attribute, value limit 25",
    ),
    "call_today": (
        "lead_scores",
        "select s.score_rank, s.lead_id, s.company_name, s.job_title, s.total_score, s.score_grade,"
        " s.next_action, (select string_agg(b.criterion || ' (' || b.points || ')', '; ' order by b.points desc,"
        " b.criterion) from main.lead_score_breakdown as b where b.lead_id = s.lead_id and b.points > 0) as why"
        " from main.lead_scores as s where s.is_mql order by s.score_rank limit 20",
    ),
    "rejected": (
        "input_audit",
        "select source_name, reason, row_count from main.input_audit where outcome = 'rejected'"
        " order by row_count desc, source_name, reason",
    ),
}


def fetch(connection: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    cursor = connection.execute(sql)
    return [column[0] for column in cursor.description], cursor.fetchall()


def png(figure: plt.Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def table(section: str, mart: str, columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    if not rows:
        body = f'<tr><td colspan="{len(columns)}">No rows yet.</td></tr>'
    return f'<table data-section="{section}" data-mart="{mart}"><tr>{head}</tr>{body}</table>'


def chart_tiers(rows: list[tuple]) -> plt.Figure:
    figure, axis = plt.subplots(figsize=(6, 3))
    axis.bar([r[0] for r in rows], [r[1] for r in rows], color=TIER_COLOURS[: len(rows)])
    axis.set_ylabel("leads")
    axis.set_title("Leads by tier")
    return figure


def chart_grid(rows: list[tuple], value_index: int, title: str, fmt: str) -> plt.Figure:
    fits = sorted({r[0] for r in rows})
    engagements = sorted({r[1] for r in rows})
    values = {(r[0], r[1]): r[value_index] for r in rows}
    matrix = [[float(values.get((f, e)) or 0) for e in engagements] for f in fits]
    figure, axis = plt.subplots(figsize=(5, 4))
    image = axis.imshow(matrix, cmap="YlOrRd")
    axis.set_xticks(range(len(engagements)), labels=engagements)
    axis.set_yticks(range(len(fits)), labels=fits)
    axis.set_xlabel("engagement grade")
    axis.set_ylabel("fit grade")
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            axis.text(j, i, format(value, fmt), ha="center", va="center", fontsize=9)
    figure.colorbar(image, ax=axis)
    axis.set_title(title)
    return figure


def chart_lines(rows: list[tuple], series_index: int, value_index: int, title: str, ylabel: str) -> plt.Figure:
    figure, axis = plt.subplots(figsize=(7, 3.2))
    for name in dict.fromkeys(r[series_index] for r in rows):
        points = [(r[0], r[value_index]) for r in rows if r[series_index] == name and r[value_index] is not None]
        axis.plot([p[0] for p in points], [float(p[1]) for p in points], marker="o", label=str(name))
    axis.set_title(title)
    axis.set_ylabel(ylabel)
    axis.tick_params(axis="x", rotation=45)
    if rows:
        axis.legend(fontsize=8)
    return figure


def chart_calibration(rows: list[tuple]) -> plt.Figure:
    figure, axis = plt.subplots(figsize=(4.5, 4))
    axis.plot([0, 1], [0, 1], color="#bbbbbb", linestyle="--", label="perfect")
    axis.plot([float(r[2]) for r in rows], [float(r[3]) for r in rows], marker="o", label="conversion_probability")
    axis.set_xlabel("predicted")
    axis.set_ylabel("observed")
    axis.set_title("Calibration (matured cohorts)")
    axis.legend(fontsize=8)
    return figure


def chart_rejected(rows: list[tuple]) -> plt.Figure:
    figure, axis = plt.subplots(figsize=(6, max(2.0, 0.4 * len(rows) + 1)))
    labels = [f"{r[0]}: {r[1]}" for r in rows] or ["none"]
    axis.barh(labels, [r[2] for r in rows] or [0], color="#8e44ad")
    axis.invert_yaxis()
    axis.set_title("Rejected raw rows by reason")
    return figure


SECTIONS = (
    ("tiers", "Score distribution by tier", lambda rows: chart_tiers(rows)),
    ("grid", "Fit x engagement grid (leads now)", lambda rows: chart_grid(rows, 2, "Leads by grade", ".0f")),
    ("conversion_by_tier", "Conversion rate by tier per matured cohort",
     lambda rows: chart_lines(rows, 1, 4, "Conversion rate by tier", "conversion rate")),
    ("conversion_by_grade", "Conversion rate by grade (all matured cohorts)",
     lambda rows: chart_grid(rows, 4, "Conversion rate by grade", ".2f")),
    ("evaluation", "AUC and top-decile lift over time",
     lambda rows: chart_lines(rows, 1, 3, "AUC by cohort", "AUC")),
    ("calibration", "Calibration of conversion_probability", lambda rows: chart_calibration(rows)),
    ("suggestions", "Suggested points next to current points", None),
    ("call_today", "Leads to call today, and why", None),
    ("rejected", "Rejected rows by reason", lambda rows: chart_rejected(rows)),
)  # fmt: skip


def render(source: Path) -> str:
    with duckdb.connect(str(source), read_only=True) as connection:
        data = {section: fetch(connection, sql) for section, (_, sql) in QUERIES.items()}
    (head_columns, (headline,)) = data["headline"]
    figures = dict(zip(head_columns, headline, strict=True))
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Lead scoring report</title><style>",
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}",
        "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}",
        "td,th{border:1px solid #ddd;padding:3px 6px}",
        "th{background:#f4f4f4}.kpi{display:inline-block;margin-right:2em}.kpi b{display:block;font-size:28px}",
        "img{max-width:100%;border:1px solid #eee}</style></head><body>",
        "<h1>Lead scoring report</h1>",
        f"<p>Scores as of <span id='score_as_of'>{html.escape(str(figures['score_as_of']))}</span> UTC;"
        f" report written {datetime.now().strftime('%Y-%m-%d %H:%M')} from {html.escape(source.name)}.</p>",
    ]
    for name in ("leads_scored", "mqls", "recycled", "disqualified"):
        parts.append(f"<div class='kpi'><b id='{name}'>{figures[name]}</b>{name.replace('_', ' ')}</div>")
    for section, title, draw in SECTIONS:
        columns, rows = data[section]
        mart = QUERIES[section][0]
        parts.append(f"<h2 id='section-{section}'>{html.escape(title)}</h2>")
        if draw is not None and not rows:
            # A first build has no matured cohort yet (README: the feedback loop, make backtest).
            parts.append(
                f"<p class='empty' data-section='{section}'>Nothing to chart yet: {html.escape(mart)} is empty.</p>"
            )
        elif draw is not None:
            image = png(draw(rows))
            parts.append(
                f"<img alt='{html.escape(title)}' data-section='{section}' src='data:image/png;base64,{image}'>"
            )
        parts.append(table(section, mart, columns, rows))
    parts.append("</body></html>")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=Path(os.environ.get("LEAD_SCORING_BI_PATH", "lead_scoring_bi.duckdb"))
    )
    parser.add_argument("--out", type=Path, default=Path("reports/lead_scoring.html"))
    arguments = parser.parse_args(argv)
    if not arguments.source.exists():
        raise SystemExit(f"report: {arguments.source} does not exist; run `make run` (build and publish) first")
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(render(arguments.source), encoding="utf-8")
    print(f"report: wrote {arguments.out}")


if __name__ == "__main__":
    main()
