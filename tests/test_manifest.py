"""Manifest helpers that need no model."""

from core.manifest import headline_numbers


def test_headline_numbers_flatten_results_and_leave_out_bookkeeping():
    manifest = {
        "benchmark": {
            "command": "python bench/lm_bench.py",
            "date": "2026-11-25",
            "structure": {"all": "101/140", "flow": "23/46"},
            "seed_score": 0.8834,
            "previous_checkpoint": {"all": "95/140"},
        },
        "training": {"seconds": 10},
    }
    assert headline_numbers(manifest) == "structure all 101/140 · structure flow 23/46 · seed score 0.883"
    assert headline_numbers({"metrics": {"input": [3, 96, 160]}}) == "input [3, 96, 160]"
    assert headline_numbers({}) == ""
