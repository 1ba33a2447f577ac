"""Subjects and objects found in a request, and a plan's steps restated as the request names them.

The sentences here are not taken from any held-out set."""

from core.noun_phrases import object_phrases, subject_phrases
from core.phrase_words import role_of
from core.plan import FlowNode, FlowSpec
from core.step_names import grown, restated, told_flow


def steps(*labels_roles: str) -> list[FlowNode]:
    return [FlowNode(*item.split(":")) for item in labels_roles]


def test_subjects_open_a_clause_and_are_followed_by_their_verb():
    text = "the cropped frames are scored by a ranker; its verdicts go to a judge, and candidate pairs reach a merger"
    assert [phrase.text for phrase in subject_phrases(text)] == ["cropped frames", "verdicts", "candidate pairs"]
    # a verb-looking word before another verb is a noun; an order is no subject
    assert [phrase.text for phrase in subject_phrases("the price feed is read by a bot")] == ["price feed"]
    assert [phrase.text for phrase in subject_phrases("song reviews go to a tagger")] == ["song reviews"]
    assert subject_phrases("chunk the essays with a splitter") == []
    # a clause with its verb left out after one that has it: 'A goes into B, C into D'
    text = "raw scans go into a deskewer, the flat pages into an OCR engine, and the OCR's text into an indexer"
    assert [phrase.text for phrase in subject_phrases(text)] == ["raw scans", "flat pages", "text"]


def test_objects_are_made_taken_in_or_carried():
    text = "the bot writes a digest, sends their scores to a case queue and collects readings from the sensors"
    found = [(phrase.text, phrase.kind) for phrase in object_phrases(text)]
    assert found == [
        ("digest", "made"),
        ("scores", "carried"),
        ("case queue", "destination"),
        ("readings", "carried"),
    ]
    assert [(p.text, p.kind) for p in object_phrases("a splitter breaks the essay into paragraphs")] == [
        ("essay", "input")
    ]


def test_roles_come_from_the_head_word():
    assert [role_of(name) for name in ("ranker", "answer", "reader model", "parsed events")] == [
        "process",
        "data",
        "process",
        "data",
    ]


def test_restated_adds_what_no_step_names_and_drops_what_is_only_carried():
    text = "logs are parsed by a parser; the parsed records go to an indexer, which sends its stats to a dashboard"
    plan = steps("logs:data", "parser:process", "indexer:process", "stats:data", "dashboard:data")
    assert [node.label for node in restated(plan, text)] == ["logs", "parser", "parsed records", "indexer", "dashboard"]
    # a counted head before the things it counts ('two sources, A and B, ...') is no step of its own
    text = "two sources, web forms and kiosk scans, are joined by a matcher; the pairs train a scorer"
    plan = steps("two sources:data", "web forms:data", "kiosk scans:data", "matcher:process", "scorer:process")
    labels = ["web forms", "kiosk scans", "matcher", "pairs", "scorer"]
    assert [node.label for node in restated(plan, text)] == labels


def test_restated_mends_names_cut_short_or_glued_to_a_verb():
    text = "Radio pings are decoded by a demodulator, and a clock model scores the decoded frames"
    plan = steps("Radio:data", "demodulator:process", "clock model scores:process", "decoded frames:data")
    assert [node.label for node in restated(plan, text)] == [
        "Radio pings",
        "demodulator",
        "clock model",
        "decoded frames",
    ]


def test_restated_keeps_a_plan_that_already_names_every_thing():
    text = "tweets go to a toxicity model and to a spam model; both send their labels to a moderator queue"
    plan = steps("tweets:data", "toxicity model:process", "spam model:process", "moderator queue:data")
    assert restated(plan, text) == plan


def test_told_flow_reads_the_restated_steps_when_they_read_whole():
    text = "orders are priced by a pricing engine, and the priced orders are billed by a biller"
    plan = FlowSpec(tuple(steps("orders:data", "pricing engine:process", "biller:process")), ((0, 1), (1, 2)))
    told = told_flow(plan, text)
    labels = [node.label for node in told.nodes]
    assert labels == ["orders", "pricing engine", "priced orders", "biller"]
    assert sorted((labels[a], labels[b]) for a, b in told.edges) == [
        ("orders", "pricing engine"),
        ("priced orders", "biller"),
        ("pricing engine", "priced orders"),
    ]
    assert told_flow(plan, "orders; a pricing engine; a biller") == plan  # no flow told: the plan stays


def test_more_ways_a_request_makes_carries_or_strips_things():
    found = [(p.text, p.kind) for p in object_phrases("a grader reads the essays to produce a score")]
    assert ("score", "made") in found  # a making verb after 'to'
    found = [(p.text, p.kind) for p in object_phrases("a scrubber removes the names from the notes")]
    assert ("names", "carried") in found  # what is stripped out is no step
    found = [(p.text, p.kind) for p in object_phrases("the audio is cut by a slicer into clips")]
    assert found == [("clips", "made")]  # what a passive verb's agent makes 'into'
    found = [(p.text, p.kind) for p in object_phrases("Both write their counts to a ledger")]
    assert found == [("counts", "carried"), ("ledger", "destination")]  # 'Both' stands for steps named before


def test_a_payload_inside_another_name_is_still_only_carried():
    text = "a poller fetches quotes; the poller saves quotes to a quote store, and a charter reads the quote store"
    plan = steps("poller:process", "quotes:data", "quote store:data", "charter:process")
    assert [node.label for node in restated(plan, text)] == ["poller", "quotes", "quote store", "charter"]
    text = "a poller saves quotes to a quote store, and a charter reads the quote store"
    assert [node.label for node in restated(plan, text)] == ["poller", "quote store", "charter"]


def test_a_name_cut_short_is_grown_even_when_the_sentences_do_not_read_whole():
    text = "market: tick prices are averaged by a smoother, then a trader places bets on a venue"
    plan = FlowSpec(tuple(steps("tick:data", "smoother:process", "trader:process")), ((0, 1), (1, 2)))
    told = told_flow(plan, text)
    assert [node.label for node in told.nodes] == ["tick prices", "smoother", "trader"] and told.edges == plan.edges
    # never by a verb ('the ranker makes ...'), a misspelt verb, a number or 'plus'
    assert [n.label for n in grown(steps("ranker:process"), "the ranker makes scores")] == ["ranker"]
    assert [n.label for n in grown(steps("labels:data"), "labels plus images make up a set")] == ["labels"]


def test_what_a_store_supplies_to_a_step_is_carried():
    text = "the secret store supplies keys to a deployer, and the deployer produces a release"
    plan = steps("secret store:data", "keys:data", "deployer:process", "release:data")
    assert [node.label for node in restated(plan, text)] == ["secret store", "deployer", "release"]


def test_what_is_grouped_into_a_thing_by_an_agent_is_made_and_an_owner_is_skipped():
    found = [(p.text, p.kind) for p in object_phrases("the reviews are grouped into themes by a clusterer")]
    assert found == [("themes", "made")]
    found = [(p.text, p.kind) for p in object_phrases("a judge reads the denoiser's output")]
    assert found == [("output", "input")]


def test_a_bare_verb_named_only_in_the_topic_is_no_step():
    text = "Scan then file: letters go into a scanner; its images are filed by a clerk bot into folders"
    plan = steps("scan:process", "letters:data", "scanner:process", "images:data", "clerk bot:process", "folders:data")
    assert [node.label for node in restated(plan, text)] == ["letters", "scanner", "images", "clerk bot", "folders"]
    text = "Show how a parcel moves: it is weighed by a scale and then shipped by a courier"
    plan = steps("parcel:data", "scale:process", "courier:process")
    assert "parcel" in [node.label for node in restated(plan, text)]  # a noun named only there stays


def test_the_agent_after_a_passive_verb_is_a_phrase():
    found = [(p.text, p.kind) for p in object_phrases("it is weighed by a scale, then sent by email")]
    assert found == [("scale", "agent")]  # 'by email' is how, not who


def test_a_thing_acted_on_in_the_passive_is_data_whatever_the_planner_said():
    text = "Video is captioned by a captioner; the captions are condensed by a summarizer, and the summary is read by a narrator"
    plan = steps("video:data", "captioner:process", "captions:data", "summarizer:process", "summary:process")
    plan += steps("narrator:process")
    assert [node.role for node in restated(plan, text)][4] == "data"


def test_a_payload_flowing_from_one_step_into_another_is_no_step():
    text = "tickets flow from the help desk into a triage queue; a router takes tickets off the queue and calls a pager"
    assert [(p.text, p.kind) for p in subject_phrases(text)][:1] == [("tickets", "carried")]
    plan = steps("tickets:data", "help desk:process", "triage queue:data", "router:process", "pager:process")
    assert [node.label for node in restated(plan, text)] == ["help desk", "triage queue", "router", "pager"]
    # 'X comes from Y' tells an edge, and X stays a step
    assert [p.kind for p in subject_phrases("alerts come from a monitor, and a pager reads alerts")][0] == "subject"


def test_a_subject_past_an_adverb_or_a_threshold_and_a_place_after_in():
    text = "a cleanup job later moves stale files from the disk to an archive"
    assert [(p.text, p.kind) for p in subject_phrases(text)] == [("cleanup job", "subject")]
    assert [(p.text, p.kind) for p in object_phrases(text)] == [("stale files", "carried")]
    text = "the model scores claims, and risk scores above 0.8 trigger a hold in the billing system"
    assert [p.text for p in subject_phrases(text)][-1] == "risk scores"
    assert ("billing system", "destination") in [(p.text, p.kind) for p in object_phrases(text)]
    plan = steps("model:process", "claims:data", "risk scores above 0.8:data", "0.8:data", "billing system:data")
    assert [node.label for node in restated(plan, text)] == ["model", "claims", "risk scores", "billing system"]


def test_orders_told_by_who_gives_them_and_what_a_tool_makes_into():
    text = "we gather reviews, tag them in spaCy, and cluster the vectors with k-means into topics"
    found = [(p.text, p.kind) for p in object_phrases(text)]
    assert found == [
        ("reviews", "made"),
        ("spaCy", "agent"),
        ("k-means", "agent"),
        ("vectors", "input"),
        ("topics", "destination"),
    ]
    plan = steps("reviews:data", "tag:process", "spaCy:process", "cluster:process", "k-means:process")
    assert [node.label for node in restated(plan, text)] == ["reviews", "spaCy", "vectors", "k-means", "topics"]


def test_names_lose_a_glued_verb_before_through_and_a_single():
    text = "card payments stream through Kafka to a scorer, which merges them into a single report"
    plan = steps("card payments stream:data", "Kafka:process", "scorer:process", "single report:data")
    assert [node.label for node in restated(plan, text)] == ["card payments", "Kafka", "scorer", "report"]


def test_the_tools_of_orders_are_phrases_and_a_drawing_command_is_no_order():
    text = (
        "Split the contracts with a clause splitter, embed the clauses with e5-small, and store the vectors in Qdrant"
    )
    found = [(p.text, p.kind) for p in object_phrases(text)]
    assert found == [
        ("clause splitter", "agent"),
        ("contracts", "input"),
        ("e5-small", "agent"),
        ("clauses", "input"),
        ("Qdrant", "agent"),
        ("vectors", "input"),
    ]
    assert object_phrases("Draw a pipeline where logs go to a parser") == []  # the command is no order
    text = "we load the tickets, tag them in spaCy and show them in a readable way"
    assert [p.text for p in object_phrases(text) if p.kind == "agent"] == ["spaCy"]  # 'a readable way' is no tool


def test_an_order_with_a_tool_the_plan_lacks_is_read_with_the_tool_as_its_step():
    text = (
        "Split the contracts with a clause splitter, embed the clauses with e5-small, and store the vectors in Qdrant"
    )
    plan = steps("Split:data", "clause splitter:process", "clauses:data", "embed:process", "Qdrant:process")
    told = told_flow(FlowSpec(tuple(plan), ((0, 1), (1, 2), (2, 3), (3, 4))), text)
    assert [node.label for node in told.nodes] == [
        "contracts",
        "clause splitter",
        "clauses",
        "e5-small",
        "vectors",
        "Qdrant",
    ]
    assert told.edges == ((0, 1), (1, 2), (2, 3), (3, 4), (4, 5))
    assert [role_of(name) for name in ("vectors", "errors", "sensor")] == ["data", "data", "process"]
