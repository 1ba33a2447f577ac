import sqlite3

import pytest

from core.store import MIGRATIONS, Store


def test_ratings_are_committed_and_latest_wins(tmp_path):
    store = Store(tmp_path)
    first = store.add_diagram("[0, 1, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]", prompt="p")
    assert store.add_diagram("[0, 1, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]") == first
    store.add_rating(first, "ana", 2)
    store.add_rating(first, "ana", 4)
    store.add_rating(first, "bo", 1)
    # a second connection sees the data at once: it is on disk, not in a cache
    with sqlite3.connect(tmp_path / "studio.sqlite3") as raw:
        assert raw.execute("SELECT COUNT(*) FROM ratings").fetchone()[0] == 3
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [(r["rater"], r["rating"]) for r in store.ratings()] == [("ana", 4), ("bo", 1)]
    assert store.undo_rating("ana") == first
    assert [r["rating"] for r in store.ratings("ana")] == [2]


def test_bad_values_are_refused(tmp_path):
    store = Store(tmp_path)
    diagram_id = store.add_diagram("x", source="upload")
    with pytest.raises(ValueError, match="rating"):
        store.add_rating(diagram_id, "ana", 6)
    with pytest.raises(ValueError, match="rater"):
        store.add_rating(diagram_id, "  ", 3)
    with pytest.raises(ValueError, match="source"):
        store.add_diagram("y", source="nowhere")
    with pytest.raises(sqlite3.IntegrityError):
        store.add_rating(999, "ana", 3)  # foreign keys are on


def test_queue_pairs_generations_and_counts(tmp_path):
    store = Store(tmp_path)
    a, b = store.add_diagram("a", source="generation"), store.add_diagram("b", source="synthetic")
    store.add_rating(b, "ana", 3)
    assert [row["id"] for row in store.unrated("ana")] == [a]
    store.add_pair("an MLP", a, b, "ana")
    store.add_pair("an MLP", a, b, "ana", tie=True)
    assert len(store.pairs()) == 1 and len(store.pairs(include_ties=True)) == 2
    store.add_generation("an MLP", "diagram-lm", None, 1, 0.5, [(a, 1, {"final": 4.0}), (b, 2, {"final": 3.0})])
    assert store.generation_groups()[0]["diagram_ids"] == [a, b]
    store.add_plan_fix("an MLP", "dense 3 2", "dense 3 5 2")
    assert [(f["planned"], f["plan"]) for f in store.plan_fixes()] == [("dense 3 2", "dense 3 5 2")]
    assert store.counts() == {
        "diagrams": 2,
        "ratings": 1,
        "raters": 1,
        "pairs": 1,
        "generations": 1,
        "runs": 0,
        "plan_fixes": 1,
    }
    assert store.source_counts() == {"generation": 1, "synthetic": 1}
    assert store.integrity_ok()


def test_migrations_run_once_and_reopen(tmp_path):
    Store(tmp_path).add_diagram("a")
    again = Store(tmp_path)
    with sqlite3.connect(again.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert again.counts()["diagrams"] == 1
