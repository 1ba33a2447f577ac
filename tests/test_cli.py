import json
import subprocess
import sys

from core.cli import main
from core.dsl import parse


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "core.cli", *args], capture_output=True, text=True, timeout=300)


def test_dataset_writes_parseable_samples(tmp_path):
    out = tmp_path / "ds.jsonl"
    assert main(["dataset", "--n", "30", "--seed", "7", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 30 and set(rows[0]) == {"id", "kind", "prompt", "text", "spec"}
    assert all(parse(row["text"]).ok for row in rows)


def test_render_png_svg_and_bad_input(tmp_path):
    text = tmp_path / "d.txt"
    text.write_text(
        "[0, 100, 100, 'circle', 40, 40, 'solid arrow', (255, 255, 255), (0, 0, 0), [1]]\n"
        "[1, 300, 100, 'rectangle', 80, 40, 'solid arrow', (255, 255, 255), (0, 0, 0), [], 'LLM']\n"
    )
    assert main(["render", "--in", str(text), "--out", str(tmp_path / "d.png")]) == 0
    assert (tmp_path / "d.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["render", "--in", str(text), "--out", str(tmp_path / "d.svg")]) == 0
    assert (tmp_path / "d.svg").read_text().count('<g class="node">') == 2

    (tmp_path / "bad.txt").write_text("this is not a diagram\n")
    result = run_cli("render", "--in", str(tmp_path / "bad.txt"), "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "no valid node lines" in result.stderr


def test_usage_errors_are_one_line_with_status_2():
    result = run_cli("render", "--in")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    result = run_cli("dataset", "--n", "0", "--out", "x.jsonl")
    assert result.returncode == 2 and "--n must be" in result.stderr


def test_render_exports_mermaid_drawio_and_json(tmp_path):
    from core.exports import from_drawio, from_json

    text = tmp_path / "d.txt"
    text.write_text(
        "[0, 100, 100, 'circle', 40, 40, 'dashed line', (255, 255, 255), (0, 0, 0), [1]]\n"
        "[1, 300, 100, 'rectangle', 80, 40, 'solid arrow', (10, 20, 30), (0, 0, 0), [], 'LLM']\n"
    )
    diagram = parse(text.read_text()).diagram
    for suffix in ("mmd", "drawio", "json"):
        assert main(["render", "--in", str(text), "--out", str(tmp_path / f"d.{suffix}")]) == 0
    assert (tmp_path / "d.mmd").read_text().splitlines()[:3] == ["flowchart LR", '    n0((" "))', '    n1["LLM"]']
    assert from_json((tmp_path / "d.json").read_text()) == diagram
    assert from_drawio((tmp_path / "d.drawio").read_text()) == diagram
    result = run_cli("render", "--in", str(text), "--out", str(tmp_path / "d.vsdx"))
    assert result.returncode == 2 and ".drawio" in result.stderr


def test_from_summary_writes_a_diagram_and_refuses_bad_text(tmp_path):
    summary = "Net(\n  (a): Conv2d(1, 8, kernel_size=(3, 3))\n  (b): Linear(in_features=8, out_features=2)\n)\n"
    (tmp_path / "model.txt").write_text(summary)
    assert main(["from-summary", "--in", str(tmp_path / "model.txt"), "--out", str(tmp_path / "m.txt")]) == 0
    labels = [node.label for node in parse((tmp_path / "m.txt").read_text()).diagram.nodes]
    assert labels == ["Conv 3x3, 8", "Dense 2"]
    (tmp_path / "bad.txt").write_text("import os; os.system('rm -rf /')\n")
    result = run_cli("from-summary", "--in", str(tmp_path / "bad.txt"), "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no layer rows" in result.stderr
