"""Written arrows in a request are read as edges and checked against the planner's flowchart."""

from core.arrows import chains, follow_arrows
from core.plan import FlowNode, FlowSpec


def flow(*labels_roles: str, edges=()) -> FlowSpec:
    return FlowSpec(tuple(FlowNode(*item.split(":")) for item in labels_roles), tuple(edges))


def test_chains_are_read_per_clause_without_their_lead_in_or_trailing_prose():
    request = "A RAG pipeline: question -> vector search → LLM ⇒ answer, shown to the user; docs --> indexer."
    assert chains(request) == [["question", "vector search", "LLM", "answer"], ["docs", "indexer"]]
    assert chains("orders.json => validator") == [["orders.json", "validator"]]  # a dot inside a name stays
    assert chains("accuracy > 0.9 and loss < 1") == []  # '>' before a number is not an arrow
    assert chains("draw: topic stream > parser > index") == [["topic stream", "parser", "index"]]
    assert chains("a pipeline with no arrows at all") == []
    assert chains("x → y and x → z; y and z → w") == [["x", "y"], ["x", "z"], ["y and z", "w"]]
    quoted = "edges: 'a'->'b', 'b'->'c' for the README"
    assert chains(quoted) == [["a", "b"], ["b", "c' for the README"]]


def test_arrows_replace_wrong_edges_inside_a_chain_and_keep_the_planners_other_edges():
    spec = flow(
        "query:data",
        "retriever:process",
        "docs:data",
        "reranker:process",
        "cache:data",
        edges=[(0, 2), (1, 3), (2, 3), (1, 4)],
    )
    checked = follow_arrows(spec, "the query -> retriever -> docs -> reranker; the retriever also fills a cache")
    assert checked.nodes == spec.nodes
    assert checked.edges == ((0, 1), (1, 2), (1, 4), (2, 3))  # (1, 4) is not between two chain steps: kept


def test_a_step_the_plan_missed_is_added_and_a_fan_in_step_names_two_nodes():
    spec = flow("CT scan:data", "segmentation network:process", "volume calculator:process", edges=[(0, 1)])
    request = "CT scan -> segmentation network -> organ masks; organ masks and CT scan -> volume calculator"
    checked = follow_arrows(spec, request)
    assert [node.label for node in checked.nodes][-1] == "organ masks" and checked.nodes[-1].role == "data"
    assert checked.edges == ((0, 1), (0, 2), (1, 3), (3, 2))


def test_prose_after_the_last_step_or_before_the_first_is_not_a_step():
    spec = flow("report:data", "check:process", "topic model:process", edges=[(0, 1), (1, 2)])
    assert follow_arrows(spec, "we need report --> check --> topic model thx in the following format") == spec
    assert follow_arrows(spec, "please draw report --> check --> topic model") == spec
    assert follow_arrows(spec, "edges: 'report'->'check', 'check'->'topic model' for the README") == spec


def test_prose_between_arrows_stops_the_chain_and_cycles_are_not_drawn():
    spec = flow("a:data", "b:process", edges=[(0, 1)])
    long_step = "something that reads like a whole sentence rather than a name"
    assert follow_arrows(spec, f"a -> b -> {long_step} -> c") == spec
    assert follow_arrows(spec, "a -> b; b -> a").edges == ((0, 1),)


def test_arrows_listed_in_words_are_read_and_the_planners_words_about_the_drawing_dropped():
    assert chains("boxes a, b and c; arrows a to b, b to c") == [["a", "b"], ["b", "c"]]
    assert chains("edges: 'x' to 'y'") == [["x", "y"]]
    assert chains("the arrows go to the right") == []  # one item and no colon: prose
    assert chains("arrows: a to b, then the whole thing goes to a long list of other things") == []
    spec = flow("boxes:data", "tiles:data", "boxes tiler:process", "masks:data", edges=[(0, 1), (1, 2), (2, 3)])
    checked = follow_arrows(spec, "a diagram with boxes tiles, tiler, masks; arrows tiles to tiler, tiler to masks")
    assert [node.label for node in checked.nodes] == ["tiles", "tiler", "masks"]
    assert checked.edges == ((0, 1), (1, 2))


def test_a_node_the_planner_named_by_part_of_a_step_takes_the_steps_name():
    spec = flow("json:data", "validator:process", "invoices:data", edges=[(0, 1), (1, 2)])
    checked = follow_arrows(spec, "orders.json => validator => invoices")
    assert [node.label for node in checked.nodes] == ["orders.json", "validator", "invoices"]
    assert checked.edges == ((0, 1), (1, 2))
    two = flow("raw data:data", "clean data:data", "cleaner:process", edges=[(0, 2), (2, 1)])
    assert len(follow_arrows(two, "data -> cleaner").nodes) == 4  # 'data' is in two nodes: a new step, no guess


def test_a_fan_told_in_words_is_read_only_where_the_plan_names_every_step():
    spec = flow(
        "logs:data",
        "parser:process",
        "events:data",
        "dashboard:process",
        "alerts:process",
        edges=[(0, 1), (1, 2), (2, 3), (3, 4)],
    )
    out = follow_arrows(spec, "logs -> parser -> events, and the events feed a dashboard and an alerter")
    assert out == spec  # 'an alerter' is no plan node: the fan is not read, nothing is added from prose
    out = follow_arrows(spec, "a parser reads the logs into events; the events feed both a dashboard and alerts")
    assert out.edges == ((0, 1), (1, 2), (2, 3), (2, 4))  # the planner's chain dashboard > alerts becomes a fan
    fan_in = flow("image:data", "caption:data", "encoder:process", edges=[(0, 1), (1, 2)])
    assert follow_arrows(fan_in, "the image and the caption are combined by an encoder").edges == ((0, 2), (1, 2))
    assert follow_arrows(fan_in, "the image goes to an encoder") == fan_in  # one target: not a fan


def test_prose_trailing_a_fans_target_does_not_name_another_step():
    spec = flow("a:data", "b:data", "normalizer:process", "normalized metrics:data", edges=[(0, 2), (1, 2), (2, 3)])
    request = "the a and the b are merged by the normalizer into the normalized metrics"
    assert follow_arrows(spec, request) == spec  # the target is the normalizer, not 'normalized metrics'


def test_arrows_that_name_every_step_are_the_whole_flow():
    spec = flow("a:data", "b:process", "c:data", "d:data", edges=[(0, 1), (1, 2), (2, 3), (1, 3)])
    told = follow_arrows(spec, "boxes a, b, c, d; arrows a to b, b to c, b to d")
    assert told.edges == ((0, 1), (1, 2), (1, 3))  # the planner's c > d joins two arrows' steps, and is dropped
    partly = follow_arrows(spec, "a -> b -> c; and d is fed somehow")  # d named by no arrow: other edges stay
    assert (1, 3) in partly.edges and (2, 3) in partly.edges


def test_either_or_between_arrows_is_a_fan_and_a_condition_or_a_split_step_is_no_step():
    request = "order → checker → either refund bot or human agent → closing note"
    assert chains(request) == [["order", "checker", "refund bot / human agent", "closing note"]]
    plan = flow("order:data", "checker:process", "refund bot:process", "human agent:process", "closing note:data")
    assert set(follow_arrows(plan, request).edges) == {(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)}
    request = "build -> tests -> (only if all pass) publish wheel -> PyPI"
    assert chains(request) == [["build", "tests", "publish wheel", "PyPI"]]
    split = flow("build:data", "tests:process", "publish:process", "wheel:data", "PyPI:data", edges=[(2, 3)])
    assert [node.label for node in follow_arrows(split, request).nodes] == ["build", "tests", "PyPI", "publish wheel"]


def test_steps_in_brackets_or_after_answers_are_side_by_side_and_an_answer_is_no_step():
    request = "Stripe webhook -> payment handler -> (orders DB, receipt mailer)"
    assert chains(request) == [["Stripe webhook", "payment handler", "orders DB / receipt mailer"]]
    plan = flow("Stripe webhook:data", "payment handler:process", "orders DB:data", "(orders DB:data", edges=[(2, 3)])
    found = follow_arrows(plan, request)
    assert [node.label for node in found.nodes] == ["Stripe webhook", "payment handler", "orders DB", "receipt mailer"]
    assert set(found.edges) == {(0, 1), (1, 2), (1, 3)}
    request = "start → read config → config valid? → yes: start server / no: print error"  # '?' ends no clause here
    assert chains(request) == [["start", "read config", "config valid", "start server / print error"]]
    plan = flow("start:data", "read config:data", "config valid:data", "yes:data", edges=[(0, 1), (1, 2), (2, 3)])
    found = follow_arrows(plan, request)
    assert [node.label for node in found.nodes] == [
        "start",
        "read config",
        "config valid",
        "start server",
        "print error",
    ]
    assert set(found.edges) == {(0, 1), (1, 2), (2, 3), (2, 4)}


def test_numbered_steps_are_one_chain():
    request = "1) scrape product pages 2) extract prices 3) compare with yesterday 4) alert on drops"
    assert chains(request) == [["scrape product pages", "extract prices", "compare with yesterday", "alert on drops"]]
    plan = flow("scrape product pages:data", "extract prices:data", "yesterday:data", "alert on drops:data")
    found = follow_arrows(plan, request)
    assert [node.label for node in found.nodes][2] == "compare with yesterday" and found.edges == (
        (0, 1),
        (1, 2),
        (2, 3),
    )
    assert chains("Pipeline steps: 1) load CSV, 2) clean data, and 3) train model")[0][0] == "load CSV"
    assert chains("costs 1. fees 2. taxes") == []  # two numbers are no list
    assert chains("1) read the whole nightly export from the old billing system 2) clean it 3) load it") == []  # prose


def test_numbered_steps_keep_their_whole_names_and_a_chains_title_is_no_step():
    request = "Steps: 1. fetch tweets 2. remove duplicates 3. detect language 4. store in BigQuery"
    plan = flow("fetch tweets:data", "remove duplicates:process", "detect language:process", "store:data")
    found = follow_arrows(plan, request)
    assert [node.label for node in found.nodes][-1] == "store in BigQuery"  # no prose around a numbered step
    assert found.edges == ((0, 1), (1, 2), (2, 3))
    request = "speech in, speech out: microphone → ASR → LLM → TTS → speaker"
    plan = flow("speech:data", "speech out:data", "microphone:process", "ASR:process", "LLM:process", "TTS:process")
    plan = FlowSpec((*plan.nodes, FlowNode("speaker", "process")), ((0, 2), (1, 2), (2, 3)))
    found = follow_arrows(plan, request)
    assert [node.label for node in found.nodes] == ["microphone", "ASR", "LLM", "TTS", "speaker"]
    assert found.edges == ((0, 1), (1, 2), (2, 3), (3, 4))
    kept = follow_arrows(plan, "microphone → ASR → LLM → TTS → speaker; speech out is logged")  # no title: left
    assert "speech out" in [node.label for node in kept.nodes]


def test_a_node_the_planner_copied_with_a_slip_at_the_end_takes_the_steps_name():
    """'order place' for 'order placed' is that step, not another beside it; a name that differs by more is not."""
    spec = flow("order place:data", "payment check:process", "ship order:process", edges=[(0, 1)])
    checked = follow_arrows(spec, "order placed -> payment check -> ship order")
    assert [node.label for node in checked.nodes] == ["order placed", "payment check", "ship order"]
    assert checked.edges == ((0, 1), (1, 2))
    spec = flow("order plan:data", "payment check:process", edges=[(0, 1)])
    assert "order plan" in [node.label for node in follow_arrows(spec, "order placed -> payment check").nodes]
