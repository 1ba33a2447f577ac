"""Load Streamlit's Plotly chart code in the browser while the user reads the first page.

The browser fetches a chart library the first time a page shows a chart: Plotly's
4 MB bundle cost the first visit to the latent explorer about a second (fetch
0.4 s, then one 0.8 s task compiling and running it), every later visit nothing.
Pages with charts (Train, Latent explorer) are rarely the first one opened, so a
zero-height frame imports that bundle into the app's window once per tab when the
browser is idle; the page that needs it later finds it loaded. The bundle's file
name carries a hash that changes with each Streamlit release, so it is looked up
in the installed package; if it is not found this does nothing.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

CHUNKS = ("PlotlyChart",)

_SCRIPT = """
<script>
const parent = window.parent;
if (!parent.__studioPreloaded) {
  parent.__studioPreloaded = true;
  const doc = parent.document;
  const index = doc.querySelector("script[type=module][src*='static/js/index.']");
  const start = () => {
    for (const name of %s) {
      const script = doc.createElement("script");
      script.type = "module";  // created by the app's document, so it imports into the app's own module map
      script.textContent = `import(${JSON.stringify(new URL(name, index.src).href)}).catch(() => {});`;
      doc.head.appendChild(script);
    }
  };
  if (index) (parent.requestIdleCallback || parent.setTimeout)(start, {timeout: 3000});
}
</script>
"""


@cache
def chunk_files() -> tuple[str, ...]:
    """File names of the installed Streamlit front-end chunks in ``CHUNKS`` (those it has)."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    return tuple(sorted(path.name for name in CHUNKS for path in folder.glob(f"{name}.*.js")))


def preload_charts() -> None:
    """Add the zero-height frame that imports the chart code once per browser tab (no-op if not found)."""
    if chunk_files():
        st.iframe(_SCRIPT % json.dumps(list(chunk_files())), height=1)
