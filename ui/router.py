"""Deep links on a fresh server: every page runs inside Home.py's navigation.

Streamlit treats a ``pages/`` folder beside the entry point as a legacy (v1)
multipage app until some session has called ``st.navigation``. So the first
visitor of a freshly started server who opened a deep link (``/generate``) got
that page file run on its own, with the folder's file names as the sidebar menu
and no page config. Each page calls :func:`route_through_home` first: in that
state it switches the app to ``st.navigation`` and reruns, and Home.py opens the
same page with the real menu. (A private flag of Streamlit's, checked by a
browser test against a fresh server.)
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

HOME_RAN = "router-home-ran"


def mark_home() -> None:
    """Called by Home.py: this session has had the real navigation."""
    st.session_state[HOME_RAN] = True


def route_through_home() -> None:
    """Rerun through Home.py when this page file runs on its own in a session that never ran Home.py
    (once is enough: rerunning on a later click would drop that click, e.g. a form's submit)."""
    if PagesManager.uses_pages_directory and not st.session_state.get(HOME_RAN):
        PagesManager.uses_pages_directory = False
        st.rerun()
