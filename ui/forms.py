"""A form built from a training config dataclass: one widget per plain field."""

from __future__ import annotations

import dataclasses

import streamlit as st

HIDDEN = {"out_dir", "extra", "model"}


def config_form(config_class, key: str) -> dict:
    """Widgets for the int/float/str/bool fields of ``config_class``; returns the changed values."""
    defaults = {}
    for field in dataclasses.fields(config_class):
        if field.name in HIDDEN or field.default is dataclasses.MISSING:
            continue
        defaults[field.name] = field.default
    values = {}
    columns = st.columns(3)
    for index, (name, default) in enumerate(defaults.items()):
        column = columns[index % 3]
        widget_key = f"{key}-{name}"
        if isinstance(default, bool):
            values[name] = column.checkbox(name, value=default, key=widget_key)
        elif isinstance(default, int):
            values[name] = int(column.number_input(name, value=default, step=1, key=widget_key))
        elif isinstance(default, float):
            values[name] = float(column.number_input(name, value=default, format="%g", key=widget_key))
        elif isinstance(default, str):
            values[name] = column.text_input(name, value=default, key=widget_key)
    return {name: value for name, value in values.items() if value != defaults[name]}
