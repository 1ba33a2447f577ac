"""The app's Streamlit-side helpers.

Importing this package sets how the model threads wait. The app shares two cores
with the browser that shows it; PyTorch's and llama.cpp's OpenMP threads spin
while they wait, and with one core busy (a browser, anything else) a generation
took about 3x longer: 5 candidates in 5.0 s instead of 1.6 s. Passive waiting gave
2.0 s under the same load (2.1 s with both cores free). Every page and
Home.py import ``ui`` before any model loads; a user's own OMP_WAIT_POLICY wins.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
