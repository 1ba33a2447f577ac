from core.dsl import parse
from core.lm.tokenizer import WORD_TOKENS, decode_ids, from_compact, to_compact, train_tokenizer
from core.synth import make_samples


def test_compact_round_trip_and_single_token_words(tmp_path):
    samples = make_samples(300, seed=21)
    compacts = [to_compact(parse(s.text).diagram) for s in samples]
    tokenizer = train_tokenizer(compacts[:200], tmp_path, word_vocab=500)
    for sample, compact in zip(samples, compacts):  # includes 100 texts the BPE never saw
        ids = tokenizer(compact, add_special_tokens=False).input_ids
        assert decode_ids(tokenizer, ids) == compact
        diagram, errors = from_compact(compact)
        assert not errors and diagram == parse(sample.text).diagram
    multi = [w for w in WORD_TOKENS if len(tokenizer(w, add_special_tokens=False).input_ids) != 1]
    assert multi == []  # every integer 0-1000, shape, line shape and palette colour is one token


def test_labels_never_become_unknown_tokens(tmp_path):
    from core.dsl import Diagram, Node

    tokenizer = train_tokenizer(["⟨plan⟩ flow a [data] ⟨nodes⟩ ⟨eod⟩"], tmp_path, word_vocab=100)
    node = Node(0, 100, 100, "rectangle", 90, 40, "solid arrow", (255, 255, 255), (0, 0, 0), (), "Café→DB (v2.0) 😀")
    compact = to_compact(Diagram((node,)))
    assert "Café→DB (v2.0) ?" in compact  # characters outside the covered alphabet are stored as '?'
    assert tokenizer.unk_token_id not in tokenizer(compact, add_special_tokens=False).input_ids


def test_bad_compact_reports_per_node_errors():
    diagram, errors = from_compact(
        "⟨plan⟩ dense 1 1 ⟨nodes⟩ ⟨n⟩ 0 10 ⟨n⟩ 1 500 300 circle 40 40 solid_arrow c_0_0_0 c_0_0_0 ⟨t⟩ ⟨eod⟩"
    )
    assert len(diagram.nodes) == 1 and diagram.nodes[0].node_no == 1
    assert errors and errors[0].startswith("node 0")
