"""HTML tables written for people: each column through its own formatter.

Numbers are right-aligned and never wrap; text may wrap, so a table fits the page.
"""

import html
import math
from collections.abc import Callable

import pandas as pd
from markupsafe import Markup

Format = Callable[[object], str]


def plain(value) -> str:
    """Return a value as text: numbers with 3 significant figures, NaN as n/a."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "n/a"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return str(value)


def html_table(
    frame: pd.DataFrame, formats: dict[str, Format] | None = None, right: tuple[str, ...] = ()
) -> Markup:
    """Return `frame` as an HTML table, column `c` written by ``formats[c]`` (else `plain`).

    Columns holding numbers, those in `formats` and those in `right` (numbers already
    written as text) are right-aligned (class ``num``).
    """
    formats = formats or {}
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    numeric |= {c for c in (*formats, *right) if c in frame.columns}

    def cell(tag: str, column, text: str) -> str:
        css = ' class="num"' if column in numeric else ""
        return f"<{tag}{css}>{html.escape(text)}</{tag}>"

    head = "".join(cell("th", c, str(c).replace("_", " ")) for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = (
            cell("td", c, formats.get(c, plain)(v)) for c, v in zip(frame.columns, row, strict=True)
        )
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Markup(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
