"""Escaping and static assets for the HTML renderer (no folium here).

Two rules keep story text inert in the HTML map:

* text that becomes HTML goes through :func:`esc` (``html.escape`` plus braces as
  character references, so no Jinja syntax survives even if a folium template
  re-parses its own output, which ``MacroElement.render`` does);
* values that become JavaScript go through :func:`js`, JSON with ``<``, ``>``,
  ``&``, ``'`` and Jinja openers written as ``\\uXXXX`` escapes, so ``</script>``,
  ``<!--`` and ``{{`` cannot appear.

Examples
--------
>>> esc('<b>{{ 7*7 }}</b>')
'&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
>>> js({"t": "</script>{{x}}"})
'{"t":"\\\\u003c/script\\\\u003e\\\\u007b{x}}"}'
"""

from __future__ import annotations

import base64
import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "LEAFLET_CSS_URL",
    "LEAFLET_JS_URL",
    "esc",
    "js",
    "leaflet_css",
    "leaflet_js",
    "legmap_css",
    "legmap_js",
    "safe_url",
    "script_text",
]

# The same Leaflet folium 0.20 loads by default; the inlined copy comes from
# xstatic-leaflet (1.9.x), so both modes draw with the same Leaflet API.
LEAFLET_JS_URL = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS_URL = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"

_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def esc(text: object) -> str:
    """Escape story text for HTML (content and quoted attributes).

    Examples
    --------
    >>> esc('"><img src=x onerror=alert(1)>')
    '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
    """
    out = html.escape(str(text), quote=True)
    return out.replace("{", "&#123;").replace("}", "&#125;")


def js(value: object) -> str:
    """Serialise `value` as a JSON literal that is safe inside ``<script>``.

    Structural JSON never has ``{`` followed by ``{``, ``%`` or ``#`` (keys are
    quoted), so the Jinja-opener replacement only ever touches string contents.
    NaN is refused: it is not JSON.
    """
    out = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    out = (
        out.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return _JINJA_OPENER.sub(r"\\u007b", out)


def safe_url(text: str | None) -> str | None:
    """`text` if it is an absolute http(s) URL, else None (``javascript:`` etc.).

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    """
    if not text:
        return None
    candidate = text.strip()
    if any(c.isspace() or ord(c) < 32 for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return candidate
    return None


def script_text(code: str) -> str:
    """Make code safe to place between ``<script>`` tags (or ``<style>`` tags)."""
    return re.sub(r"</(script|style)", r"<\\/\1", code, flags=re.IGNORECASE).replace(
        "<!--", "<\\!--"
    )


def _static(name: str) -> str:
    return (resources.files("legmap.render.html") / "web" / name).read_text(encoding="utf-8")


@cache
def legmap_js() -> str:
    """Legmap's own drawing helpers (always inlined: a few kB)."""
    return _static("legmap.js")


@cache
def legmap_css() -> str:
    """Legmap's stylesheet for titles, legend, labels and popups."""
    return _static("legmap.css")


def _leaflet_dir() -> Path:
    from xstatic.pkg import leaflet  # noqa: PLC0415  (only self-contained maps need it)

    return Path(leaflet.BASE_DIR)


@cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript from the installed xstatic-leaflet package."""
    code = (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    # The trailing source-map comment would make dev tools fetch a missing file.
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", code)


@cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with its images inlined as data: URIs (no fetch at view time)."""
    base = _leaflet_dir()
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = (base / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
