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


def route_through_home() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
