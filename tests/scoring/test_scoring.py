"""Scoring: smoke training of both models, oracle tests on the shipped ones, kNN by hand."""

import random

import numpy as np
import pytest

from core.dsl import parse
from core.layout import layout
from core.plan import DenseSpec, FlowNode, FlowSpec
from core.scoring.autoencoder import AutoEncoder, AutoEncoderConfig, train_autoencoder
from core.scoring.damage import damage, push_together, scramble
from core.scoring.images import diagram_input
from core.scoring.knn import KnnUserScore
from core.scoring.ranking import RankingWeights, final_score, rank
from core.scoring.readability import ReadabilityConfig, ReadabilityEnsemble, train_readability
from core.scoring.scorer import Scorer
from core.scoring.taste import colour_features
from core.store import Store
from core.style import Style
from core.synth import make_sample


def test_smoke_training_of_both_models(tmp_path):
    metrics = train_readability(ReadabilityConfig(samples=40, folds=2, epochs=1, out_dir=str(tmp_path / "cnn")))
    assert set(metrics) >= {"val_mae", "val_spearman"}
    ensemble = ReadabilityEnsemble.load(tmp_path / "cnn")
    scores, spread = ensemble.score([diagram_input(layout(DenseSpec((3, 2)), Style()))])
    assert 0 <= scores[0] <= 5 and spread.shape == (1,)
    train_autoencoder(AutoEncoderConfig(samples=40, epochs=1, out_dir=str(tmp_path / "ae")))
    encoder = AutoEncoder.load(tmp_path / "ae")
    latents = encoder.encode([diagram_input(layout(DenseSpec((3, 2)), Style()))])
    assert latents.shape == (1, 32)
    assert set(encoder.manifest["taste_scales"]) == {"latent", "colour"}
    assert encoder.taste([diagram_input(layout(DenseSpec((3, 2)), Style()))]).shape == (1, 36)


def test_damage_labels_come_from_measured_defects():
    rng = random.Random(1)
    clean = parse(make_sample(1, 3).text).diagram
    assert damage(clean, random.Random(5), clean_share=1.0)[1] == 5.0
    assert damage(push_together(clean, rng), random.Random(2), clean_share=1.0)[1] < 5.0


@pytest.fixture(scope="module")
def shipped():
    return Scorer.load()


def test_clean_diagrams_score_above_their_damaged_copies(shipped):
    rng = random.Random(8)
    wins = 0
    for index in range(20):
        clean = parse(make_sample(123, index).text).diagram
        broken = scramble(push_together(clean, rng), rng)
        clean_score, broken_score = shipped.readability.score([diagram_input(clean), diagram_input(broken)])[0]
        wins += clean_score > broken_score
    assert wins >= 18


def test_a_neighbours_rating_moves_the_user_score(shipped, tmp_path):
    store = Store(tmp_path)
    flow = FlowSpec(
        (FlowNode("question", "data"), FlowNode("LLM", "process"), FlowNode("answer", "data")), ((0, 1), (1, 2))
    )
    liked = layout(flow, Style(palette="ocean"))
    disliked = [layout(DenseSpec((784, 256, 10)), Style(palette="ocean", scale=s)) for s in (0.8, 1.0, 1.2)]
    from core.dsl import serialize

    store.add_rating(store.add_diagram(serialize(liked)), "ana", 5)
    for diagram in disliked:
        store.add_rating(store.add_diagram(serialize(diagram)), "ana", 0)
    other_flow = FlowSpec(
        (FlowNode("prompt", "data"), FlowNode("retriever", "process"), FlowNode("context", "data")), ((0, 1), (1, 2))
    )
    probe = layout(other_flow, Style(palette="ocean"))
    score = shipped.score([probe], store=store, rater="ana")[0]
    assert score.user.neighbours[0].rating == 5  # same colours: the similar flowchart is the nearest neighbour
    assert score.user.score > 2.5
    assert score.final == pytest.approx((score.readability + score.user.score) / 2)


def test_stored_features_are_cached_per_store_and_match_a_fresh_score(shipped, tmp_path):
    from core.dsl import serialize

    dense = layout(DenseSpec((3, 4, 2)), Style(palette="ocean"))
    flow = layout(FlowSpec((FlowNode("logs", "data"), FlowNode("parser", "process")), ((0, 1),)), Style(palette="rose"))
    first, second = Store(tmp_path / "a"), Store(tmp_path / "b")
    assert first.add_diagram(serialize(dense)) == second.add_diagram(serialize(flow)) == 1
    _, _, dense_latents = shipped.stored_features(first, first.diagrams())
    rows, readability, flow_latents = shipped.stored_features(second, second.diagrams())
    assert [row["id"] for row in rows] == [1]
    assert not np.allclose(dense_latents, flow_latents)  # same id in another store is another diagram
    fresh = shipped.score([flow])[0]
    assert readability[0] == pytest.approx(fresh.readability, abs=1e-4)
    assert np.allclose(flow_latents[0], fresh.latent, atol=1e-4)
    shipped.remember(second, 2, fresh)  # a candidate just stored as #2 is not drawn again
    assert shipped.stored_features(second, [{"id": 2, "text": "", "image_path": None}])[0][0]["id"] == 2


def test_colour_features_tell_a_blue_palette_from_an_orange_one():
    spec = DenseSpec((3, 4, 2))
    ocean, sunset = (diagram_input(layout(spec, Style(palette=p))) for p in ("ocean", "sunset"))
    blue, orange = colour_features(np.stack([ocean, sunset]))
    assert blue[1] < 0 < orange[1]  # fill b*: blue is negative, orange positive
    assert blue[3] < 0 < orange[3]  # ink b*


def test_a_palette_taste_reaches_diagrams_of_another_shape(shipped, tmp_path):
    """Ratings given for the palette alone carry over to a different structure in that palette."""
    store = Store(tmp_path)
    from core.dsl import serialize

    for index, palette in enumerate(("ocean", "sunset") * 5):
        diagram = layout(DenseSpec((3 + index, 4, 2)), Style(palette=palette))
        store.add_rating(store.add_diagram(serialize(diagram)), "ana", 5 if palette == "ocean" else 0)
    flow = FlowSpec((FlowNode("logs", "data"), FlowNode("parser", "process")), ((0, 1),))
    liked, disliked = (shipped.score([layout(flow, Style(palette=p))], store, "ana")[0] for p in ("ocean", "sunset"))
    assert liked.user.score > 3.0 > 2.0 > disliked.user.score, (liked.user.score, disliked.user.score)


def test_knn_by_hand_and_fallback():
    model = KnnUserScore(np.array([[0.0], [1.0], [10.0]]), np.array([5, 1, 0]), [1, 2, 3], k=2)
    result = model.predict(np.array([0.25]))
    # weights 1/0.25 and 1/0.75 -> (4 * 5 + 1.333 * 1) / 5.333 = 4.0
    assert result.score == pytest.approx(4.0, abs=1e-4)
    assert [n.diagram_id for n in result.neighbours] == [1, 2]
    few = KnnUserScore(np.zeros((2, 1)), np.array([1, 2]), [1, 2])
    assert few.predict(np.zeros(1)).score is None and "at least 3" in few.predict(np.zeros(1)).message
    nobody = KnnUserScore(np.zeros((0, 32)), np.zeros(0), [])  # a rater with no ratings yet
    assert nobody.predict(np.zeros(32)).score is None
    assert final_score(3.0, None) == 3.0 and final_score(2.0, 4.0, RankingWeights(0.25, 0.75)) == 3.5
    assert [c["rank"] for c in rank([{"final": 1.0}, {"final": None}, {"final": 3.0}])] == [1, 2, 3]
