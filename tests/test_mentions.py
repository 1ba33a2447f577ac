"""Where a request names the plan's steps, and the planner's slips in copying names."""

from core.mentions import find_mentions
from core.step_names import names_another_step, unglued


def named(labels: list[str], text: str) -> list[tuple[str, tuple[int, ...], str]]:
    return [(text[m.start : m.end], m.nodes, m.ref) for m in find_mentions(labels, text)]


def test_names_plurals_head_nouns_and_references_are_found_left_to_right():
    labels = ["object detector", "frame", "tracks", "filter"]
    text = "frames go to an object detector; the detector and the filter both emit tracks, then it stops"
    assert named(labels, text) == [
        ("frames", (1,), ""),  # a plural of the label
        ("object detector", (0,), ""),
        ("detector", (0,), ""),  # the head noun, after 'the'
        ("filter", (3,), ""),  # 'both' right after the names it joins is emphasis, not a step
        ("tracks", (2,), ""),
        ("it", (), "pronoun"),
    ]
    assert named(["detector", "object detector"], "a detector feeds the object detector") == [
        ("detector", (0,), ""),
        ("object detector", (1,), ""),  # the longer name wins; 'detector' is no head alias: it names a step itself
    ]
    assert named(["question"], "question answering: the question goes in") == [("question", (0,), "")]  # topic
    refs = named(["a", "b"], "both of them send their scores; its output")
    assert [ref for _, _, ref in refs] == ["group", "group", "own"]


def test_a_mention_knows_whether_it_is_named_as_already_there():
    mentions = find_mentions(["events"], "logs become events; the parsed events go on; the resulting events")
    assert [m.definite for m in mentions] == [False, True, True]


def test_a_glued_verb_is_cut_and_a_phrase_about_a_step_is_recognised():
    assert unglued("search API queries", "then the search API queries the index") == ("search API", True)
    assert unglued("final chunks", "final chunks to the embedder") == ("final", False)  # 'to': maybe a name
    assert unglued("the form posts", "the form posts to the API") == ("the form", True)  # a sending verb before 'to'
    assert unglued("user posts", "user posts go to a ranker") == ("user posts", False)  # nothing glued
    assert unglued("process", "the process ends") == ("process", False)  # one word: nothing to cut
    assert names_another_step("voxelized by voxelizer", ["voxelized by voxelizer", "voxelizer"])
    assert not names_another_step("voxelizer", ["voxelized by voxelizer", "voxelizer"])
