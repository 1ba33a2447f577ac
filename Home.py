"""Diagram Studio: the Streamlit entry point (navigation only; each page is its own file)."""

import streamlit as st

import ui  # noqa: F401 - sets the model threads' wait policy before anything loads them (ui/__init__.py)
from ui.preload import preload_charts
from ui.router import mark_home
from ui.state import warm_up

st.set_page_config(page_title="Diagram Studio", page_icon=":material/account_tree:", layout="wide")

pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/generate.py", title="Generate", icon=":material/auto_awesome:"),
    st.Page("pages/label.py", title="Label", icon=":material/label:"),
    st.Page("pages/train.py", title="Train", icon=":material/monitoring:"),
    st.Page("pages/explorer.py", title="Latent explorer", icon=":material/scatter_plot:"),
    st.Page("pages/data.py", title="Data", icon=":material/folder_open:"),
]
mark_home()
st.navigation(pages).run()
warm_up()  # the server imports its slow modules in the background
preload_charts()  # and the browser its chart code, so the first visit to a chart page does not wait
