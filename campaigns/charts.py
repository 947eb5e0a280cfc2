"""Charts drawn server-side as plain SVG (Django templates), for the admin and the PDF.

The same markup is inlined in the admin dashboard and in the WeasyPrint
report. Each chart is accessible: ``role="img"`` with a ``<title>`` and a
``<desc>`` holding a text summary; the pages that show a chart also show its
data table beside it. Series differ by colour (a palette readable with colour
blindness) and by line pattern, so the chart also reads in black and white.
"""

import math
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats

__all__ = ["bar_chart", "line_chart", "nice_ticks"]

#: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
DASHES = ["", "7 4", "2 3", "10 3 2 3", "4 2", "1 4", "12 4"]
#: Date labels on the horizontal axis, at most.
MAX_X_LABELS = 8
#: Markers are drawn on each day for periods up to this length.
MAX_MARKED_DAYS = 62


@dataclass
class Series:
    label: str
    values: list
    colour: str
    dash: str
    points: str = ""
    markers: tuple = ()
    total: int = 0


def nice_ticks(maximum, count=5):
    """Round tick values from 0 to at least ``maximum`` (1, 2 or 5 × a power of ten apart)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(multiple * power for multiple in (1, 2, 5, 10) if multiple * power >= raw)
    step = max(1, int(step))
    top = step * math.ceil(maximum / step)
    return list(range(0, top + 1, step))


def line_chart(*, chart_id, title, summary, days, series, bands=(), width=760, plot_height=220):
    """A line chart of daily values; ``series`` is [(label, [value per day])].

    ``bands`` are (first day, last day, label) ranges shaded behind the lines
    (the campaign's events).
    """
    left, right, top = 44, 12, 12
    plot_width = width - left - right
    legend_rows = math.ceil(len(series) / 4) if series else 0
    height = top + plot_height + 34 + 22 * legend_rows
    maximum = max((max(values) for _label, values in series if values), default=0)
    ticks = nice_ticks(maximum)
    y_top = ticks[-1] or 1
    count = len(days)

    def x(position):
        if count <= 1:
            return left + plot_width / 2
        return left + position * plot_width / (count - 1)

    def y(value):
        return top + plot_height - value * plot_height / y_top

    drawn = []
    for number, (label, values) in enumerate(series):
        coordinates = [(round(x(i), 1), round(y(v), 1)) for i, v in enumerate(values)]
        drawn.append(
            Series(
                label=label,
                values=values,
                colour=PALETTE[number % len(PALETTE)],
                dash=DASHES[number % len(DASHES)],
                points=" ".join(f"{cx},{cy}" for cx, cy in coordinates),
                markers=tuple(coordinates) if count <= MAX_MARKED_DAYS else (),
                total=sum(values),
            )
        )
    every = max(1, math.ceil(count / MAX_X_LABELS))
    x_labels = [
        (round(x(i), 1), formats.date_format(day, "SHORT_DATE_FORMAT"))
        for i, day in enumerate(days)
        if i % every == 0
    ]
    index = {day: i for i, day in enumerate(days)}
    shaded = []
    half_day = plot_width / (2 * max(count - 1, 1))
    for first, last, label in bands:
        if first in index and last in index:
            x0 = max(left, x(index[first]) - half_day)
            x1 = min(left + plot_width, x(index[last]) + half_day)
            shaded.append({"x": round(x0, 1), "width": round(x1 - x0, 1), "label": label})
    legend = [
        {
            "series": item,
            "x": left + (number % 4) * (plot_width / 4),
            "y": top + plot_height + 40 + 22 * (number // 4),
        }
        for number, item in enumerate(drawn)
    ]
    return render_to_string(
        "campaigns/charts/line_chart.svg",
        {
            "id": chart_id,
            "title": title,
            "summary": summary,
            "width": width,
            "height": height,
            "left": left,
            "top": top,
            "plot_width": plot_width,
            "plot_height": plot_height,
            "bottom": top + plot_height,
            "y_ticks": [(round(y(value), 1), value) for value in ticks],
            "x_labels": x_labels,
            "series": drawn,
            "legend": legend,
            "bands": shaded,
        },
    )


def bar_chart(*, chart_id, title, summary, rows, width=760):
    """Horizontal bars: ``rows`` is [(label, value)]."""
    label_width = min(170, width // 3)
    right, bar_height, gap, top = 44, 22, 10, 8
    plot_width = width - label_width - right
    maximum = max((value for _label, value in rows), default=0) or 1
    bars = []
    for number, (label, value) in enumerate(rows):
        bars.append(
            {
                "label": label,
                "value": value,
                "y": top + number * (bar_height + gap),
                "width": round(plot_width * value / maximum, 1),
                "colour": PALETTE[number % len(PALETTE)],
            }
        )
    height = top * 2 + max(1, len(rows)) * (bar_height + gap)
    return render_to_string(
        "campaigns/charts/bar_chart.svg",
        {
            "id": chart_id,
            "title": title,
            "summary": summary,
            "width": width,
            "height": height,
            "label_width": label_width,
            "bar_height": bar_height,
            "bars": bars,
        },
    )
