"""Keyboard shortcuts for buttons: pressing a key clicks the button with that label.

Streamlit has no key bindings, so a one-pixel frame installs one keydown
listener on the app page (once) and reads the current key -> label map on every
press. Keys typed into text fields are left alone.
"""

from __future__ import annotations

import json

import streamlit as st

_SCRIPT = """
<script>
const doc = window.parent.document;
window.parent.__studioKeys = %s;
if (!window.parent.__studioKeysInstalled) {
  window.parent.__studioKeysInstalled = true;
  doc.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
    const label = (window.parent.__studioKeys || {})[event.key];
    if (!label) return;
    const button = Array.from(doc.querySelectorAll("button")).find((b) => b.innerText.trim() === label);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
}
</script>
"""


def bind_keys(mapping: dict[str, str]) -> None:
    """Bind keyboard keys to button labels on the current page, e.g. {"3": "3"}."""
    st.iframe(_SCRIPT % json.dumps(mapping), height=1)
