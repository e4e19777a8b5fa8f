"""WCAG 2.2 relative luminance and contrast ratio, for tests of the app's colours."""

from __future__ import annotations


def _channels(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(hex_colour: str) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in _channels(hex_colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(foreground: str, background: str, opacity: float) -> str:
    """``foreground`` drawn at ``opacity`` over ``background``, as the browser composites it."""
    mixed = [round(255 * (opacity * f + (1 - opacity) * b))
             for f, b in zip(_channels(foreground), _channels(background), strict=True)]
    return "#" + "".join(f"{c:02x}" for c in mixed)
