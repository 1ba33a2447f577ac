"""Load Streamlit's chart, table and upload code in the browser while the user reads the first page.

The browser fetches an element's code the first time a page shows that element:
Plotly's 4.7 MB bundle cost the first visit to the latent explorer about a second
(fetch 0.4 s, then one 0.8 s task compiling and running it), every later visit
nothing; Vega (the Data page's bar chart), the data grid, the file uploader and
the form widgets (text fields, radios, download buttons) cost less, the same way.
A one-pixel frame imports those bundles into the app's window once per tab when
the browser is idle, so the page that needs one later finds it loaded. Bundle file
names carry a hash that changes with each Streamlit release, so they are looked up
in the installed package; names not found are skipped.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

# the elements our pages use that Streamlit loads lazily (Vega's code is in "embed" and "vega-interpreter")
CHUNKS = (
    "PlotlyChart",
    "ArrowVegaLiteChart",
    "embed",
    "vega-interpreter",
    "DataFrame",
    "FileUploader",
    "TextInput",
    "TextArea",
    "DownloadButton",
    "Radio",
)

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
    """Add the one-pixel frame that imports the element code once per browser tab (no-op if none found)."""
    if chunk_files():
        st.iframe(_SCRIPT % json.dumps(list(chunk_files())), height=1)
