"""Edges told in sentences are read between the plan's steps, and only a whole reading is given."""

import pytest

from core.clause_words import mended_typo
from core.pipeline import plan_request
from core.plan import FlowNode, FlowSpec, parse_plan, to_plan
from core.prose import prose_edges
from core.step_names import restated, told_flow
from tests.conftest import FixedPlanner


def told_edges(plan: str, request: str) -> list[tuple[str, str]]:
    """The edges ``told_flow`` gives the plan for the request, by the names of their steps."""
    told = told_flow(parse_plan(plan), request)
    labels = [node.label for node in told.nodes]
    return sorted((labels[a], labels[b]) for a, b in told.edges)


def read(request: str, *labels_roles: str) -> list[tuple[str, str]] | None:
    labels = [item.split(":")[0] for item in labels_roles]
    edges = prose_edges(labels, [item.split(":")[1] for item in labels_roles], request)
    return None if edges is None else sorted((labels[a], labels[b]) for a, b in edges)


@pytest.mark.parametrize(
    ("request_text", "steps", "expected"),
    [
        (  # relative clauses one after another: each step pings, wakes or feeds the next
            "a doorbell feeds a face matcher, which wakes a door lock, which pings the owner's phone",
            ("doorbell:data", "face matcher:process", "door lock:process", "owner's phone:process"),
            [("door lock", "owner's phone"), ("doorbell", "face matcher"), ("face matcher", "door lock")],
        ),
        (  # passive 'by', then a clause opening on data the step before made
            "scans are denoised by a filter, and the clean scans are labelled by a tagger",
            ("scans:data", "filter:process", "clean scans:data", "tagger:process"),
            [("clean scans", "tagger"), ("filter", "clean scans"), ("scans", "filter")],
        ),
        (  # 'S verb O into X' takes O in; 'S writes O' gives O out; the head noun after 'the'
            "a splitter cuts the essay into paragraphs; a grading model reads the paragraphs and writes grades",
            ("essay:data", "splitter:process", "paragraphs:data", "grading model:process", "grades:data"),
            [
                ("essay", "splitter"),
                ("grading model", "grades"),
                ("paragraphs", "grading model"),
                ("splitter", "paragraphs"),
            ],
        ),
        (  # a fan-out, then 'both' and 'their' standing for the two steps
            "tweets go to a toxicity model and to a spam model; both send their labels to a moderator queue",
            ("tweets:data", "toxicity model:process", "spam model:process", "moderator queue:data"),
            [
                ("spam model", "moderator queue"),
                ("toxicity model", "moderator queue"),
                ("tweets", "spam model"),
                ("tweets", "toxicity model"),
            ],
        ),
        (  # 'from X, S makes O', a relative clause whose verb comes after its own subject
            "from the sales ledger, a reconciler builds a balance sheet, which an auditor signs off",
            ("sales ledger:data", "reconciler:process", "balance sheet:data", "auditor:process"),
            [("balance sheet", "auditor"), ("reconciler", "balance sheet"), ("sales ledger", "reconciler")],
        ),
        (  # 'A is cut into B by C', a pronoun for what flowed before the clause
            "videos are split into clips by a cutter; an indexer catalogues them",
            ("videos:data", "cutter:process", "clips:data", "indexer:process"),
            [("clips", "indexer"), ("cutter", "clips"), ("videos", "cutter")],
        ),
        (  # 'S pulls O out of X' makes O; 'listens to X' takes X in
            "a bot listens to the chat feed and pulls commands out of it; a runner executes the commands",
            ("chat feed:data", "bot:process", "commands:data", "runner:process"),
            [("bot", "commands"), ("chat feed", "bot"), ("commands", "runner")],
        ),
        (  # data named after the step before it continues the flow; new data ('images') does not
            "logs are parsed by a parser; parsed events and images go to a converter",
            ("logs:data", "parser:process", "parsed events:data", "images:data", "converter:process"),
            [("images", "converter"), ("logs", "parser"), ("parsed events", "converter"), ("parser", "parsed events")],
        ),
        (  # "A's B" after ', and' (an ASCII apostrophe at the start of a gap was once read as a quote)
            "a draft goes to the editor, and the editor's notes are checked by a lawyer",
            ("draft:data", "editor:process", "notes:data", "lawyer:process"),
            [("draft", "editor"), ("editor", "notes"), ("notes", "lawyer")],
        ),
        (  # 'S compares X with Y': both go in; the verb is read before X
            "a matcher compares the resume with the job ad and gives a score",
            ("resume:data", "matcher:process", "job ad:data", "score:data"),
            [("job ad", "matcher"), ("matcher", "score"), ("resume", "matcher")],
        ),
        (  # a verb left out after the first clause: 'A goes to B, C to D, and E to F'
            "raw scans go to a deskewer, the straight scans to an OCR engine, and the page text to an indexer",
            (
                "raw scans:data",
                "deskewer:process",
                "straight scans:data",
                "OCR engine:process",
                "page text:data",
                "indexer:process",
            ),
            [
                ("OCR engine", "page text"),
                ("deskewer", "straight scans"),
                ("page text", "indexer"),
                ("raw scans", "deskewer"),
                ("straight scans", "OCR engine"),
            ],
        ),
        (  # 'train' and 'fit' make a model: what trains it goes in, the model comes out
            "the labelled pairs train a matcher; a reporter reads the matcher's verdicts and fits a weekly trend",
            ("labelled pairs:data", "matcher:process", "verdicts:data", "reporter:process", "weekly trend:data"),
            [
                ("labelled pairs", "matcher"),
                ("matcher", "verdicts"),
                ("reporter", "weekly trend"),
                ("verdicts", "reporter"),
            ],
        ),
        (  # steps listed with 'in that order'
            "upload, virus scan, thumbnailer, gallery, in that order",
            ("upload:data", "virus scan:process", "thumbnailer:process", "gallery:data"),
            [("thumbnailer", "gallery"), ("upload", "virus scan"), ("virus scan", "thumbnailer")],
        ),
    ],
)
def test_sentences_are_read_as_edges(request_text, steps, expected):
    assert read(request_text, *steps) == expected


def test_declared_steps_arrow_pairs_then_and_typos():
    steps = ("clips:data", "cutter:process", "index:data")
    expected = [("clips", "cutter"), ("cutter", "index")]
    # 'I have A, B and C.' declares steps; the sentences after it tell the flow
    assert read("I have clips, cutter and index. clips goes into cutter. cutter produces index.", *steps) == expected
    assert read("boxes clips, cutter, index; arrows clips to cutter, cutter to index, thanks", *steps) == expected
    assert read("a flow where clips then cutter, cutter then index", *steps) == expected
    # a verb or preposition one letter off is read as meant: 'itno', 'producse', 'arros'
    assert read("clips goes itno cutter. cutter producse index", *steps) == expected
    assert read("boxes clips / cutter / index; arros clips to cutter, cutter to index", *steps) == expected


def test_typos_are_mended_only_to_one_verb_and_never_from_plain_words():
    assert [mended_typo(word) for word in ("reeads", "frrom", "feds", "thn")] == ["reads", "from", "feeds", "then"]
    assert [mended_typo(word) for word in ("some", "each", "ten", "taks")] == ["some", "each", "ten", "taks"]


def test_no_answer_unless_the_reading_is_whole():
    steps = ("orders:data", "biller:process", "invoices:data")
    assert read("orders go to a biller", *steps) is None  # 'invoices' never named: it cannot be placed
    assert read("orders go to a biller (invoices come later)", *steps) is None  # named, but on no edge
    assert read("orders -> biller -> invoices", *steps) is None  # written arrows are core.arrows' to read
    assert read("orders go to a biller, which writes invoices", *steps) == [
        ("biller", "invoices"),
        ("orders", "biller"),
    ]
    assert read("the biller reads invoices and writes orders; orders feed the biller", *steps) is None  # a cycle


def test_plan_request_takes_the_edges_the_sentences_tell():
    wired_wrong = FlowSpec(
        (FlowNode("logs", "data"), FlowNode("log parser", "process"), FlowNode("events", "data"),
         FlowNode("Elasticsearch", "data")),
        ((0, 1), (0, 2), (1, 3)),
    )  # fmt: skip
    request = "logs are parsed by a log parser, and the events are stored in Elasticsearch"
    plan, spec, own = plan_request(FixedPlanner(to_plan(wired_wrong).removeprefix("# plan:").strip()), request)
    assert spec.edges == ((0, 1), (1, 2), (2, 3)) and spec.nodes == wired_wrong.nodes
    assert parse_plan(plan) == spec and own != plan  # the plan shown is the mended one; the planner's is kept


def test_a_verb_glued_to_a_name_is_cut_and_a_phrase_about_a_step_dropped_only_to_read_the_sentences_whole():
    glued = FlowSpec(
        (FlowNode("crawler", "process"), FlowNode("pages", "data"), FlowNode("search API queries", "process")),
        ((0, 1), (1, 2)),
    )
    request = "the crawler saves pages, and the search API queries the pages"
    assert told_flow(glued, request) == FlowSpec(
        (FlowNode("crawler", "process"), FlowNode("pages", "data"), FlowNode("search API", "process")),
        ((0, 1), (1, 2)),
    )
    phrase = FlowSpec(
        (FlowNode("clips", "data"), FlowNode("encoded by encoder", "process"), FlowNode("encoder", "process"),
         FlowNode("codes", "data")),
        ((0, 1), (1, 2), (2, 3)),
    )  # fmt: skip
    mended = told_flow(phrase, "clips are encoded by an encoder, which emits codes")
    assert [node.label for node in mended.nodes] == ["clips", "encoder", "codes"] and mended.edges == ((0, 1), (1, 2))
    opening = FlowSpec((FlowNode("web form posts", "process"), FlowNode("API", "process")), ((0, 1),))
    mended = told_flow(opening, "the web form posts the order to the API")  # a name opening a clause, then an object
    assert [node.label for node in mended.nodes] == ["web form", "API"]  # mended first, though both read whole
    plural = FlowSpec((FlowNode("user posts", "data"), FlowNode("ranker", "process")), ((0, 1),))
    assert told_flow(plural, "user posts go to a ranker") == plural  # read whole as it is: nothing is cut
    unread = FlowSpec((FlowNode("web form posts", "data"), FlowNode("API", "process")), ((0, 1),))
    assert told_flow(unread, "the web form posts; nothing else") == unread  # no whole reading: the plan stays


def test_an_agent_after_by_acts_even_when_the_plan_calls_it_data():
    text = "song lyrics are tokenized by a tokenizer; the lyric tokens are embedded by an encoder into vectors"
    labels = ["song lyrics", "tokenizer", "lyric tokens", "encoder", "vectors"]
    roles = ["data", "data", "data", "process", "data"]  # the planner's slip: the tokenizer as data
    assert prose_edges(labels, roles, text) == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_data_named_by_what_a_step_did_comes_from_that_step():
    text = "a sorter ranks the bids, and an auctioneer turns the ranked bids into a winner"
    labels = ["bids", "sorter", "ranked bids", "auctioneer", "winner"]
    roles = ["data", "process", "data", "process", "data"]
    assert prose_edges(labels, roles, text) == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_a_participle_after_a_comma_tells_what_the_step_made():
    text = "clicks are grouped by a sessionizer, giving sessions; a scorer reads the sessions and writes scores"
    labels = ["clicks", "sessionizer", "sessions", "scorer", "scores"]
    roles = ["data", "process", "data", "process", "data"]
    assert prose_edges(labels, roles, text) == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_what_is_left_goes_on():
    text = "a crusher produces ore; the ore is washed by a washer, and what is left becomes the concentrate"
    labels = ["crusher", "ore", "washer", "concentrate"]
    assert prose_edges(labels, ["process", "data", "process", "data"], text) == [(0, 1), (1, 2), (2, 3)]


def test_a_verb_reaches_past_an_owner_to_what_it_owns():
    text = "a mic records a clip; a denoiser cleans the clip, and a judge reads the denoiser's output"
    labels = ["mic", "clip", "denoiser", "output", "judge"]
    roles = ["process", "data", "process", "data", "process"]
    assert prose_edges(labels, roles, text) == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_it_after_a_topic_stands_for_the_one_step_the_topic_names():
    text = "How a parcel travels: it is weighed by a scale, labelled by a printer bot, and then loaded onto a truck"
    labels = ["parcel", "scale", "printer bot", "truck"]
    assert prose_edges(labels, ["data", "process", "process", "data"], text) == [(0, 1), (1, 2), (2, 3)]


@pytest.mark.parametrize(
    ("request_text", "steps", "expected"),
    [
        (  # 'S finds O in X': X goes in, O comes out
            "a drone shoots photos, and a crack detector spots cracks in them",
            ("drone:process", "photos:data", "crack detector:process", "cracks:data"),
            [("crack detector", "cracks"), ("drone", "photos"), ("photos", "crack detector")],
        ),
        (  # 'through A and B, in that order, and then into C'
            "raw text runs through a lowercaser and a stemmer, in that order, and then into an indexer",
            ("raw text:data", "lowercaser:process", "stemmer:process", "indexer:process"),
            [("lowercaser", "stemmer"), ("raw text", "lowercaser"), ("stemmer", "indexer")],
        ),
        (  # a clause with no verb yet names the first of its group as owned: "the model's predictions and the labels"
            "the loader hands images to the model, the model's logits and the targets go to a loss",
            ("loader:process", "images:data", "model:process", "logits:data", "targets:data", "loss:process"),
            [("images", "model"), ("loader", "images"), ("logits", "loss"), ("model", "logits"), ("targets", "loss")],
        ),
        (  # 'consumed by two services: A and B' names the two; the line before the colon is no title
            "a Redis stream is read by two workers: a resizer and a thumbnailer",
            ("Redis stream:data", "resizer:process", "thumbnailer:process"),
            [("Redis stream", "resizer"), ("Redis stream", "thumbnailer")],
        ),
        (  # data that arrives goes into the step the next clause opens on
            "Orders arrive by fax; a clerk types the orders into an ERP",
            ("orders:data", "clerk:process", "ERP:data"),
            [("clerk", "ERP"), ("orders", "clerk")],
        ),
        (  # 'kicks off three jobs in order: A, B, C'
            "the scheduler kicks off three jobs in order: backup, compact, verify",
            ("scheduler:process", "backup:process", "compact:process", "verify:process"),
            [("backup", "compact"), ("compact", "verify"), ("scheduler", "backup")],
        ),
        (  # ', from which S makes Y': the antecedent goes into S
            "a camera films the shelf, from which a counter estimates stock",
            ("camera:process", "shelf:data", "counter:process", "stock:data"),
            [("camera", "shelf"), ("counter", "stock"), ("shelf", "counter")],
        ),
        (  # 'reads O off X': X goes in, O comes out
            "the labels go to a reader, which reads prices off the labels",
            ("labels:data", "reader:process", "prices:data"),
            [("labels", "reader"), ("reader", "prices")],
        ),
        (  # a clause that ends with a comma, then a subject and its verb: a new clause
            "letters come in by post, a scanner turns the letters into scans, and the scans are stored in an archive",
            ("letters:data", "scanner:process", "scans:data", "archive:data"),
            [("letters", "scanner"), ("scanner", "scans"), ("scans", "archive")],
        ),
        (  # 'which S uses to build Y': what 'uses' takes in goes into S, and S builds Y
            "a crawler produces pages; pages plus seeds make up the corpus, which a tokenizer uses to build a vocabulary",
            ("crawler:process", "pages:data", "seeds:data", "corpus:data", "tokenizer:process", "vocabulary:data"),
            [
                ("corpus", "tokenizer"),
                ("crawler", "pages"),
                ("pages", "corpus"),
                ("seeds", "corpus"),
                ("tokenizer", "vocabulary"),
            ],
        ),
        (  # 'S loads a table': the table is where it goes; 'S loads the weights' takes them in
            "the export bucket is read by a loader, which loads a staging table",
            ("export bucket:data", "loader:process", "staging table:data"),
            [("export bucket", "loader"), ("loader", "staging table")],
        ),
        (  # 'When X uploads A, S reads it ...': the comma ends the 'when' clause and S opens the next
            "Once a driver submits a photo, a vision model checks it and outputs a damage score",
            ("photo:data", "vision model:process", "damage score:data"),
            [("photo", "vision model"), ("vision model", "damage score")],
        ),
        (  # "the encoder's features plus the mask go into ...": one group, the encoder owning the first
            "images go to an encoder; the encoder's features plus the mask go into a decoder",
            ("images:data", "encoder:process", "features:data", "mask:data", "decoder:process"),
            [("encoder", "features"), ("features", "decoder"), ("images", "encoder"), ("mask", "decoder")],
        ),
        (  # a clause of written arrows among sentences: one name a step
            "camera feed -> detector; the detections are tracked by a tracker, which writes tracks to Redis",
            ("camera feed:data", "detector:process", "detections:data", "tracker:process", "tracks:data", "Redis:data"),
            [
                ("camera feed", "detector"),
                ("detections", "tracker"),
                ("detector", "detections"),
                ("tracker", "tracks"),
                ("tracks", "Redis"),
            ],
        ),
        (  # ... and not when a step of the arrows names two ('detector and tracker'): the arrows' reader has it
            "camera feed -> detector and tracker; the tracker writes to Redis",
            ("camera feed:data", "detector:process", "tracker:process", "Redis:data"),
            None,
        ),
        (  # 'emails O': a noun that is a sending verb between two names
            "A monitor reads the server logs and emails incident summaries",
            ("server logs:data", "monitor:process", "incident summaries:data"),
            [("monitor", "incident summaries"), ("server logs", "monitor")],
        ),
        (  # data named after a step that feeds nothing comes from it
            "clips pass through an audio encoder, and a tagger turns the encoded clips into tags",
            ("clips:data", "audio encoder:process", "encoded clips:data", "tagger:process", "tags:data"),
            [
                ("audio encoder", "encoded clips"),
                ("clips", "audio encoder"),
                ("encoded clips", "tagger"),
                ("tagger", "tags"),
            ],
        ),
        (  # 'a clerk scans an invoice, an OCR engine ...': the first name was an object, so a subject opens after it
            "a clerk scans an invoice, an OCR engine reads it into text, and a parser turns the text into fields",
            ("invoice:data", "OCR engine:process", "text:data", "parser:process", "fields:data"),
            [("OCR engine", "text"), ("invoice", "OCR engine"), ("parser", "fields"), ("text", "parser")],
        ),
        (  # a store looked up makes what comes next; 'the rest' goes where the others' source sends it
            "the query vector is looked up in a FAISS index, and the nearest documents are sent to a reranker",
            ("query vector:data", "FAISS index:data", "nearest documents:data", "reranker:process"),
            [("FAISS index", "nearest documents"), ("nearest documents", "reranker"), ("query vector", "FAISS index")],
        ),
        (
            "each claim is scored by a risk model; suspicious ones go to an investigator and the rest to a payout service",
            ("claim:data", "risk model:process", "investigator:process", "payout service:process"),
            [("claim", "risk model"), ("risk model", "investigator"), ("risk model", "payout service")],
        ),
        (  # 'is matched against X': X answers with what comes next; 'A go with B to C': both go to C
            "a search query is matched against an Elasticsearch cluster, and the best hits go with the query to a "
            "summarizer",
            ("search query:data", "Elasticsearch cluster:data", "best hits:data", "summarizer:process"),
            [
                ("Elasticsearch cluster", "best hits"),
                ("best hits", "summarizer"),
                ("search query", "Elasticsearch cluster"),
                ("search query", "summarizer"),
            ],
        ),
        (  # 'through A and, separately, through B': side by side, and 'both outputs' are theirs
            "Begin with support chats. Send them to a summarizer and, separately, to a toxicity model. Put both outputs "
            "into a QA dashboard.",
            ("support chats:data", "summarizer:process", "toxicity model:process", "QA dashboard:process"),
            [
                ("summarizer", "QA dashboard"),
                ("support chats", "summarizer"),
                ("support chats", "toxicity model"),
                ("toxicity model", "QA dashboard"),
            ],
        ),
        (  # 'runs the integration tests': the tests are started, not read; 'look at it' takes it in
            "a CI server runs the integration tests and builds a wheel",
            ("CI server:process", "integration tests:process", "wheel:data"),
            [("CI server", "integration tests"), ("CI server", "wheel")],
        ),
        (
            "an author submits a draft; a linter and a reviewer both look at it, and their notes go into one summary",
            ("draft:data", "linter:process", "reviewer:process", "summary:data"),
            [("draft", "linter"), ("draft", "reviewer"), ("linter", "summary"), ("reviewer", "summary")],
        ),
        (  # what a step makes named bare after it ('keypoints go to ...') comes from it when nothing else could
            "Frames are analysed by a pose model; keypoints go to an action classifier",
            ("frames:data", "pose model:process", "keypoints:data", "action classifier:process"),
            [("frames", "pose model"), ("keypoints", "action classifier"), ("pose model", "keypoints")],
        ),
        (  # orders: each ', <verb> the X with T' is one more; 'the X' is what the step before made
            "Take the raw tickets, clean them with a normalizer, sort them with a router, and send them to a helpdesk "
            "queue",
            ("raw tickets:data", "normalizer:process", "router:process", "helpdesk queue:data"),
            [("normalizer", "router"), ("raw tickets", "normalizer"), ("router", "helpdesk queue")],
        ),
        (
            "Split the contracts with a clause splitter, classify the clauses with a legal BERT, and file the labels "
            "in Postgres",
            (
                "contracts:data",
                "clause splitter:process",
                "clauses:data",
                "legal BERT:process",
                "labels:data",
                "Postgres:data",
            ),
            [
                ("clause splitter", "clauses"),
                ("clauses", "legal BERT"),
                ("contracts", "clause splitter"),
                ("labels", "Postgres"),
                ("legal BERT", "labels"),
            ],
        ),
    ],
)
def test_more_sentence_forms_are_read_as_edges(request_text, steps, expected):
    assert read(request_text, *steps) == expected


def test_steps_are_named_as_the_request_names_them_in_more_forms():
    def named(plan: str, request: str) -> list[str]:
        return [node.label for node in told_flow(parse_plan(plan), request).nodes]

    # an order with no sender: what it sends is a step ('pass the clean text to ...')
    request = "Give the scan to a denoiser, then pass the denoised image to a segmenter."
    plan = "flow scan [data] ; denoiser [process] ; segmenter [process] | scan > denoiser ; denoiser > segmenter"
    assert named(plan, request) == ["scan", "denoiser", "denoised image", "segmenter"]
    # 'server A, server B': a letter names one of several; 'the question' is 'user question' named again
    request = "a router sends jobs to worker A and worker B, which both write to a results table"
    plan = "flow router [process] ; worker [process] ; worker B [process] ; results table [data] | router > worker"
    assert "worker A" in named(plan, request)
    request = "the user question goes to a retriever; the retriever's passages plus the question go to an LLM"
    plan = (
        "flow user question [data] ; retriever [process] ; passages [data] ; question [data] ; LLM [process] | "
        "user question > retriever ; retriever > passages ; passages > LLM ; question > LLM"
    )
    assert "question" not in named(plan, request)
    # data stored in a place named after 'that are saved in' is a step
    request = "a crawler fetches pages; a parser reads the pages and writes links that are saved in a URL table"
    plan = "flow crawler [process] ; pages [data] ; parser [process] ; links [data] | crawler > pages ; pages > parser"
    assert named(plan, request)[-1] == "URL table"
    # a name only ever part of a payload, or only how things come ('by email'), is no step
    request = "applications come in by email; a screener reads them and passes strong candidates to a recruiter"
    plan = "flow applications [data] ; email [data] ; screener [process] ; strong [data] ; recruiter [process] | "
    plan += "email > applications ; applications > screener ; screener > strong ; strong > recruiter"
    assert [node.label for node in restated(list(parse_plan(plan).nodes), request)] == [
        "applications",
        "screener",
        "recruiter",
    ]
    # a verb the planner glued on before another step's bare name is cut ('scheduler polls Jenkins')
    request = "a scheduler polls Jenkins and writes build reports"
    plan = "flow scheduler polls [process] ; Jenkins [process] ; build reports [data] | Jenkins > scheduler polls"
    assert named(plan, request)[:2] in (["scheduler", "Jenkins"], ["Jenkins", "scheduler"])


def test_who_acts_in_a_story_is_no_step():
    """'a user uploads a photo': neither 'user' nor 'user upload' (the planner's copy of subject and verb) is a step."""
    request = "a user uploads a photo, and a tagger turns it into tags that are stored in a tag index"
    plan = "flow user upload [process] ; photo [data] ; tagger [process] ; tags [data] ; tag index [data] | "
    plan += "user upload > tagger ; photo > tagger ; tagger > tags ; tags > tag index"
    spec = told_flow(parse_plan(plan), request)
    assert [node.label for node in spec.nodes] == ["photo", "tagger", "tags", "tag index"]
    assert spec.edges == ((0, 1), (1, 2), (2, 3))


def test_a_payload_named_with_a_possessive_or_a_fitting_adjective_is_named_as_the_request_means():
    def named(plan: str, request: str) -> list[str]:
        return [node.label for node in told_flow(parse_plan(plan), request).nodes]

    request = "A cron job exports the week's invoices to S3, and an ETL job loads them into Snowflake."
    plan = "flow cron job [process] ; week's invoices [data] ; S3 [data] ; ETL job [process] ; Snowflake [data] | "
    plan += "cron job > week's invoices ; week's invoices > S3 ; S3 > ETL job ; ETL job > Snowflake"
    assert named(plan, request) == ["cron job", "S3", "ETL job", "Snowflake"]
    request = "a router reads each alert and sends it to the right on-call channel"
    plan = "flow alert [data] ; router [process] ; right on-call channel [data] | alert > router ; router > right on-call channel"
    assert named(plan, request)[-1] == "on-call channel"


def test_an_order_names_its_tool_as_the_step_not_its_verb():
    """'Take the logs, clean them with pandas, ...': 'Take the logs' is no subject, 'clean' no step; 'load CSV' with no
    tool after it is a step of its own."""
    request = "Take raw logs, clean them with pandas, and load them into DuckDB."
    plan = (
        "flow raw logs [data] ; clean [process] ; pandas [process] ; DuckDB [data] | raw logs > clean ; clean > pandas"
    )
    nodes = [node.label for node in restated(list(parse_plan(plan).nodes), request)]
    assert nodes == ["raw logs", "pandas", "DuckDB"]
    plan = "flow load CSV [process] ; clean data [process] ; train model [process] | load CSV > clean data"
    request = "steps: load CSV, clean data, train model"
    assert [node.label for node in restated(list(parse_plan(plan).nodes), request)] == [
        "load CSV",
        "clean data",
        "train model",
    ]


def test_a_title_that_the_next_words_act_on_is_the_first_step():
    """'sonar sweep: denoised by a denoiser, ...': the title is the subject, and a name may start with a digit."""
    request = "sonar sweep: denoised by a denoiser, then a 3D locator spots objects in the denoised sweep"
    told = told_flow(parse_plan("flow denoiser [process] ; objects [data] | denoiser > objects"), request)
    labels = [node.label for node in told.nodes]
    assert sorted((labels[a], labels[b]) for a, b in told.edges) == [
        ("3D locator", "objects"),
        ("denoised sweep", "3D locator"),
        ("denoiser", "denoised sweep"),
        ("sonar sweep", "denoiser"),
    ]
    title = told_flow(parse_plan("flow denoiser [process] ; objects [data] | denoiser > objects"), "Sonar: " + request)
    assert "Sonar" not in [node.label for node in title.nodes]  # a title the words after it do not act on


def test_the_rest_and_the_ones_a_check_picks_are_no_steps_and_go_on_from_the_check():
    """'spammy ones go to X and the rest are posted to Y': both split off the check, whatever verb carries them."""
    request = "each new comment is screened by a spam model; spammy ones go to a quarantine folder and the rest are "
    request += "posted to the thread."
    plan = "flow new comment [data] ; spam model [process] ; quarantine folder [data] ; thread [data] | "
    plan += "new comment > spam model ; spam model > quarantine folder ; quarantine folder > thread"
    assert told_edges(plan, request) == [
        ("new comment", "spam model"),
        ("spam model", "quarantine folder"),
        ("spam model", "thread"),
    ]
    assert "feed" in [n.label for n in restated([FlowNode("feed", "data")], "the rest are published to the feed")]


def test_a_verb_before_them_is_cut_from_a_name_and_its_output_named_later_comes_from_it():
    """'a topic model tags them, and ... turns the tags into': 'tags' is the verb there, the model a process, and
    the tags it made go on."""
    request = "First the tickets are cleaned by a normalizer, then a topic model tags them, and finally a chart "
    request += "builder turns the tags into a weekly chart."
    plan = "flow tickets [data] ; normalizer [process] ; topic model tags [data] ; chart builder [process] ; "
    plan += "weekly chart [data] | tickets > normalizer ; normalizer > topic model tags"
    assert told_edges(plan, request) == [
        ("chart builder", "weekly chart"),
        ("normalizer", "topic model"),
        ("tags", "chart builder"),
        ("tickets", "normalizer"),
        ("topic model", "tags"),
    ]


@pytest.mark.parametrize(
    ("request_text", "plan", "expected"),
    [
        (  # 'new streams' right after the streams made are those streams; 'alerts' carried 'in' PagerDuty
            "The app ships logs to Loki; Loki groups them into streams, and new streams raise alerts in PagerDuty.",
            "flow app [process] ; logs [data] ; Loki [process] ; streams [data] ; new streams [data] ; "
            "PagerDuty [process] | app > logs ; logs > Loki ; Loki > streams ; new streams > PagerDuty",
            [("Loki", "streams"), ("app", "Loki"), ("streams", "PagerDuty")],
        ),
        (  # 'extracts O from the plain text': the text goes in, though the plan left it out
            "invoice scans go through an OCR engine, then an LLM extracts totals from the cleaned text, and the totals "
            "are stored in a ledger table",
            "flow invoice scans [data] ; OCR engine [process] ; LLM [process] ; totals [data] ; ledger table [data] | "
            "invoice scans > OCR engine ; OCR engine > totals ; totals > ledger table",
            [
                ("LLM", "totals"),
                ("OCR engine", "cleaned text"),
                ("invoice scans", "OCR engine"),
                ("cleaned text", "LLM"),
                ("totals", "ledger table"),
            ],
        ),
        (  # an order that makes something with a tool: the tool makes it ('compute O with T'); 'monthly totals'
            "Take the sales CSV, load it into pandas, compute monthly totals with numpy, and plot them with seaborn.",
            "flow sales CSV [data] ; pandas [process] ; compute monthly totals [data] ; numpy [process] ; "
            "seaborn [process] | sales CSV > pandas ; pandas > numpy ; numpy > seaborn",
            [
                ("monthly totals", "seaborn"),
                ("numpy", "monthly totals"),
                ("pandas", "numpy"),
                ("sales CSV", "pandas"),
            ],
        ),
        (  # 'When a patient uploads a scan, ...': the scan is a step, the patient is not
            "When a patient uploads a scan, a triage model reads it and writes a priority; a scheduler turns that "
            "priority into a slot",
            "flow patient uploads scan [data] ; triage model [process] ; priority [data] ; scheduler [process] ; "
            "slot [data] | patient uploads scan > triage model ; triage model > priority ; priority > scheduler ; "
            "scheduler > slot",
            [("priority", "scheduler"), ("scan", "triage model"), ("scheduler", "slot"), ("triage model", "priority")],
        ),
        (  # things that land in a store are what the next actor works on; 'each face' is one of them, no step
            "Photos land in a GCS bucket, a Cloud Function blurs each face, and the blurred photos are saved to a "
            "gallery.",
            "flow land [data] ; GCS bucket [data] ; Cloud Function [process] ; face [data] ; blurred photos [data] ; "
            "gallery [data] | land > GCS bucket ; GCS bucket > Cloud Function ; Cloud Function > face",
            [
                ("Cloud Function", "blurred photos"),
                ("GCS bucket", "Cloud Function"),
                ("Photos", "GCS bucket"),
                ("blurred photos", "gallery"),
            ],
        ),
    ],
)
def test_more_forms_of_steps_named_in_sentences(request_text, plan, expected):
    assert told_edges(plan, request_text) == sorted(expected)


@pytest.mark.parametrize(
    ("request_text", "plan", "expected"),
    [
        (  # a second payload sent by the same verb ('and good shots to the album') is no step, and goes from the sender
            "Photos are fed to a screener, which sends blurry shots to a trash folder and good shots to the album.",
            "flow photos [data] ; screener [process] ; trash folder [data] ; good shots [data] ; album [data] | "
            "photos > screener ; screener > trash folder ; trash folder > album ; good shots > album",
            [("photos", "screener"), ("screener", "album"), ("screener", "trash folder")],
        ),
        (  # the diagram's title ('churn prediction pipeline with ...') names no step
            "churn prediction pipeline with events, feature builder, churn model, and dashboard connected in that order",
            "flow churn prediction [process] ; events [data] ; feature builder [process] ; churn model [process] ; "
            "dashboard [data] | churn prediction > events ; churn prediction > feature builder",
            [("churn model", "dashboard"), ("events", "feature builder"), ("feature builder", "churn model")],
        ),
        (  # subject, verb and object glued into one name are two steps; 'as pass or fail' names none
            "A grader marks essays as pass or fail; the marked essays train a scoring model, which then rates new "
            "essays.",
            "flow grader marks essays [process] ; pass [data] ; fail [data] ; marked essays [data] ; scoring model "
            "[process] ; new essays [data] | grader marks essays > pass ; grader marks essays > fail ; marked essays > "
            "scoring model ; scoring model > new essays",
            [
                ("essays", "grader"),
                ("grader", "marked essays"),
                ("marked essays", "scoring model"),
                ("new essays", "scoring model"),
            ],
        ),
        (  # ', from which S predicts O': S opens a clause, O is what it makes
            "Clicks and impressions are merged by Spark into an events table, from which a forecaster predicts daily "
            "demand.",
            "flow clicks [data] ; impressions [data] ; Spark [process] ; events table [data] ; forecaster [process] | "
            "clicks > Spark ; impressions > Spark ; Spark > events table ; events table > forecaster",
            [
                ("Spark", "events table"),
                ("clicks", "Spark"),
                ("events table", "forecaster"),
                ("forecaster", "daily demand"),
                ("impressions", "Spark"),
            ],
        ),
        (  # 'flags O for X': O is carried to X
            "A radiograph is denoised by a filter and cut into patches by a tiler; a classifier scores the patches and "
            "flags fractures for a radiologist.",
            "flow radiograph [data] ; filter [process] ; patches [data] ; tiler [process] ; classifier [process] ; "
            "fractures [data] | radiograph > filter ; filter > tiler ; tiler > patches ; patches > classifier ; "
            "classifier > fractures",
            [
                ("classifier", "radiologist"),
                ("filter", "tiler"),
                ("patches", "classifier"),
                ("radiograph", "filter"),
                ("tiler", "patches"),
            ],
        ),
        (  # 'S marks nuclei on the panorama': the panorama goes in, the nuclei are carried; 'the marked nuclei' come out
            "Microscope frames are stitched into a panorama by Fiji; a cell detector marks nuclei on the panorama, and "
            "the marked nuclei are exported to a CSV table.",
            "flow microscope frames [data] ; panorama [data] ; Fiji [data] ; cell detector [process] ; nuclei [data] ; "
            "CSV table [data] | microscope frames > Fiji ; Fiji > panorama ; cell detector > panorama ; nuclei > "
            "cell detector",
            [
                ("Fiji", "panorama"),
                ("cell detector", "marked nuclei"),
                ("marked nuclei", "CSV table"),
                ("microscope frames", "Fiji"),
                ("panorama", "cell detector"),
            ],
        ),
        (  # "the ranker's best documents plus the query go into X": both go; the documents are a step of their own
            "the query and the candidate documents both go into a ranker; the ranker's best documents plus the query "
            "go into a summarizer, which writes the digest",
            "flow query [data] ; candidate documents [data] ; ranker [process] ; summarizer [process] ; digest [data] | "
            "query > ranker ; candidate documents > ranker ; ranker > summarizer ; summarizer > digest",
            [
                ("best documents", "summarizer"),
                ("candidate documents", "ranker"),
                ("query", "ranker"),
                ("query", "summarizer"),
                ("ranker", "best documents"),
                ("summarizer", "digest"),
            ],
        ),
        (  # 'are both inputs to': emphasis, not a reference; 'its forecasts' a step; '... before S sends': after it
            "weather data and sales history are both inputs to a demand model; its forecasts are reviewed by a planner "
            "before the ordering service sends orders to suppliers",
            "flow weather data [data] ; sales history [data] ; demand model [process] ; planner [process] ; "
            "ordering service [process] ; suppliers [process] | weather data > demand model ; sales history > "
            "demand model ; demand model > planner ; planner > suppliers",
            [
                ("demand model", "forecasts"),
                ("forecasts", "planner"),
                ("ordering service", "suppliers"),
                ("planner", "ordering service"),
                ("sales history", "demand model"),
                ("weather data", "demand model"),
            ],
        ),
    ],
)
def test_payloads_titles_and_glued_names_are_no_steps_of_their_own(request_text, plan, expected):
    assert told_edges(plan, request_text) == sorted(expected)
