import csv
import io
import json
import os
import zipfile

import cv2
import numpy as np
import pytest

from core.prompts.words import SEED_PREFIX, SEED_SUFFIX
from core.store import Store
from core.transfer import (
    TransferError,
    export_pairs_jsonl,
    export_ratings_csv,
    extract_zip,
    import_ratings_csv,
    import_seed,
    safe_cell,
    seed_request,
)

SEED_OUTPUT = (
    "[0, 500, 75, 'round rectangle', 92, 92, 'dashed line', (208, 208, 208), (128, 96, 64), [1]]\n"
    "[1, 500, 225, 'round rectangle', 55, 55, 'dashed line', (240, 240, 240), (128, 96, 64), []]\n"
)


def _png(colour):
    ok, data = cv2.imencode(".png", np.full((60, 100, 3), colour, np.uint8))
    return data.tobytes()


def make_seed_folder(root):
    root.mkdir()
    with open(root / "sft_dataset_llm.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["input_data", "output_data", "dest_shape_info"])
        writer.writerow([SEED_PREFIX + "neural network with 2 inputs" + SEED_SUFFIX, SEED_OUTPUT, "{}"])
    (root / "base").mkdir()
    (root / "base" / "diagram_000000.png").write_bytes(_png(123))
    (root / "scores.csv").write_text("img_path,score\nbase/diagram_000000.png,4\nbase/missing.png,3\n")
    for rating in (0, 5):
        (root / "knn_user_score" / str(rating)).mkdir(parents=True)
        (root / "knn_user_score" / str(rating) / "d.png").write_bytes(_png(rating * 40))


def test_import_seed_reads_csvs_scores_and_rated_folders(tmp_path):
    make_seed_folder(tmp_path / "seed")
    store = Store(tmp_path / "ws")
    report = import_seed(store, tmp_path / "seed")
    assert report.diagrams == 4 and report.ratings == 3
    assert any("missing.png" in reason for reason in report.skipped)
    texts = [row for row in store.diagrams() if row["text"]]
    assert texts[0]["prompt"] == "neural network with 2 inputs"
    assert sorted(r["rating"] for r in store.ratings("seed")) == [0, 4, 5]


def test_import_refuses_escapes(tmp_path):
    make_seed_folder(tmp_path / "seed")
    outside = tmp_path / "secret.png"
    outside.write_bytes(_png(10))
    (tmp_path / "seed" / "scores.csv").write_text("img_path,score\n../secret.png,4\n")
    os.symlink(outside, tmp_path / "seed" / "knn_user_score" / "5" / "link.png")
    report = import_seed(Store(tmp_path / "ws"), tmp_path / "seed")
    assert sum("outside the import folder" in reason for reason in report.skipped) == 2
    with pytest.raises(TransferError):
        import_seed(Store(tmp_path / "ws"), tmp_path / "nope")


def test_zip_bombs_and_traversal_are_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.bin", b"\0" * (600 * 1024 * 1024))
    with pytest.raises(TransferError, match="500 MB"):
        extract_zip(buffer.getvalue(), tmp_path / "out")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.txt", "x")
    with pytest.raises(TransferError, match="outside"):
        extract_zip(buffer.getvalue(), tmp_path / "out")


def test_exports_are_safe_and_in_trl_format(tmp_path):
    store = Store(tmp_path)
    a = store.add_diagram("text a", prompt='=HYPERLINK("http://x")', source="generation")
    b = store.add_diagram("text b", prompt="p", source="generation")
    store.add_rating(a, "@eve", 5)
    store.add_rating(b, "@eve", 1)
    store.add_pair("an MLP", a, b, "@eve")
    rows = list(csv.reader(io.StringIO(export_ratings_csv(store))))
    assert rows[1][1] == "'@eve" and rows[1][5].startswith("'=")
    pair = json.loads(export_pairs_jsonl(store))
    assert (pair["prompt"], pair["chosen"], pair["rejected"]) == ("an MLP", "text a", "text b")
    assert (pair["chosen_rating"], pair["rejected_rating"]) == (5, 1)
    assert safe_cell("-1") == "'-1" and safe_cell("ok") == "ok"


def test_ratings_round_trip_through_csv(tmp_path):
    store = Store(tmp_path / "one")
    diagram_id = store.add_diagram("t", source="generation")
    store.add_rating(diagram_id, "ana", 3)
    report = import_ratings_csv(store, export_ratings_csv(store).encode())
    assert report.ratings == 1 and len(store.ratings()) == 1
    assert "not in the store" in import_ratings_csv(store, b"diagram_id,rater,rating\n99,a,1\n").skipped[0]


def test_seed_request_strips_prefix_and_suffix():
    assert seed_request(SEED_PREFIX + "a CNN" + SEED_SUFFIX) == "a CNN"


def test_pairs_and_diagram_zips_round_trip(tmp_path):
    from core.dsl import serialize
    from core.layout import layout
    from core.plan import DenseSpec
    from core.style import Style
    from core.transfer import export_diagrams_zip, import_diagrams_zip, import_pairs_jsonl

    source = Store(tmp_path / "a")
    texts = [serialize(layout(DenseSpec((3, 2)), Style(palette=p))) for p in ("ocean", "rose")]
    ids = [source.add_diagram(t, prompt="mlp", source="generation") for t in texts]
    source.add_pair("mlp", ids[0], ids[1], "ana")
    target = Store(tmp_path / "b")
    report = import_pairs_jsonl(target, export_pairs_jsonl(source).encode() + b"{broken\n")
    assert report.pairs == 1 and report.skipped and target.pairs()[0]["chosen_text"] == texts[0]
    fresh = Store(tmp_path / "c")
    exported = export_diagrams_zip(source)
    assert import_diagrams_zip(fresh, exported).diagrams == 4  # .txt and .png of each
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(exported)).namelist()
    assert {name.rsplit(".", 1)[1] for name in names} == {"txt", "svg", "png", "mmd", "drawio", "json"}
    assert {row["text"] for row in fresh.diagrams() if row["text"]} == set(texts)
