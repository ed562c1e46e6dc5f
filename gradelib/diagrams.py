"""Architecture diagrams drawn by code (boxes and arrows in Matplotlib), so that a figure
travels with its notebook and survives ``nbgrader generate_assignment``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

COLOURS = {"data": "#e8e8e8", "net": "#cfe2f3", "judge": "#f4cccc", "loss": "#fff2cc",
           "state": "#d9ead3", "op": "#ffffff"}


def draw(boxes: Mapping[str, tuple], arrows: Sequence[tuple], *, ax=None,
         size: tuple = (9, 3.2), caption: str = "", xlim=(0, 1), ylim=(0, 1),
         fontsize: int = 9):
    """Draw named boxes joined by arrows on ``ax`` (a new figure if None); return ``ax``.

    Args:
        boxes: name -> ``(x, y, text)`` or ``(x, y, text, kind)``, with the centre in
            axes units and ``kind`` a key of :data:`COLOURS` or a colour (default "net").
        arrows: ``(from, to)`` or ``(from, to, label)`` or ``(from, to, label, style)``
            with box names; ``style`` is a Matplotlib arrow style dict update (for
            example ``{"color": "tab:red", "linestyle": "--"}`` for a gradient path),
            and may hold ``"label_at": (x, y)`` to place the label (default: midway).
        caption: text at the bottom of the axes (monospace), e.g. the equations.

    Raises:
        KeyError: for an arrow that names no box.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=size)
    patches = {}
    for key, (x, y, text, *kind) in boxes.items():
        colour = COLOURS.get(kind[0], kind[0]) if kind else COLOURS["net"]
        patches[key] = ax.text(x, y, text, ha="center", va="center", fontsize=fontsize,
                               bbox={"boxstyle": "round,pad=0.4", "facecolor": colour,
                                     "edgecolor": "0.3"})
    for start, end, *rest in arrows:
        if start not in patches or end not in patches:
            raise KeyError(f"arrow {start!r} -> {end!r} names no box")
        label = rest[0] if rest else ""
        style = {"arrowstyle": "->", "color": "0.2", "shrinkA": 2, "shrinkB": 2,
                 "patchA": patches[start].get_bbox_patch(),
                 "patchB": patches[end].get_bbox_patch(),
                 **(rest[1] if len(rest) > 1 else {})}
        (x0, y0), (x1, y1) = boxes[start][:2], boxes[end][:2]
        label_at = style.pop("label_at", ((x0 + x1) / 2, (y0 + y1) / 2))
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=style)
        if label:
            ax.text(*label_at, label, fontsize=fontsize - 1, ha="center", va="bottom",
                    color=style["color"])
    if caption:
        ax.text(0.5 * sum(xlim), ylim[0], caption, ha="center", va="bottom",
                fontsize=fontsize, family="monospace")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    return ax
