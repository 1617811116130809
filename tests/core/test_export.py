import csv
import json

import pytest

from simulator.core.chunklog import read_log
from simulator.core.export import EXPORT_FORMATS, make_har, write_export
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask
from simulator.server.demo import DEMO_ANSWER


@pytest.fixture(scope="module")
def chat_log(demo_url, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "chat.jsonl"
    RequestTask(RequestOptions.from_wx({
        "url": f"{demo_url}/v1/chat/completions?access_token=abc123", "method": "POST",
        "header": {"Cookie": "sid=1"}, "data": {"stream": True}}), profile="utf8-cut", log_path=path).run()
    return path


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_format_is_written(chat_log, tmp_path, fmt):
    out = write_export(chat_log, fmt, tmp_path / f"out.{fmt}")
    assert out.stat().st_size > 0
    assert "abc123" not in out.read_text(encoding="utf-8")


def test_events_export_ends_with_done_and_merges_to_the_answer(chat_log, tmp_path):
    out = write_export(chat_log, "events", tmp_path / "ev.jsonl")
    events = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert events[-1]["data"] == "[DONE]"
    assert all(e["chunks"] for e in events)
    deltas = [json.loads(e["data"])["choices"][0]["delta"].get("content", "") for e in events[:-1]]
    assert "".join(deltas) == DEMO_ANSWER


def test_text_export_is_the_decoded_body_although_every_character_was_cut(chat_log, tmp_path):
    text = write_export(chat_log, "text", tmp_path / "t.txt").read_text(encoding="utf-8")
    assert "\ufffd" not in text and "[DONE]" in text


def test_har_has_body_chunks_and_event_source_messages(chat_log):
    entry = make_har(read_log(chat_log))["log"]["entries"][0]
    assert entry["response"]["status"] == 200
    assert entry["request"]["url"].endswith("access_token=%5Bredacted%5D") or "redacted" in entry["request"]["url"]
    assert {c["level"] for c in entry["_chunks"]} == {"wire", "read", "delivered"}
    assert entry["_eventSourceMessages"][-1]["data"] == "[DONE]"
    assert "[DONE]" in entry["response"]["content"]["text"]
    assert {"name": "Cookie", "value": "[redacted]"} in entry["request"]["headers"]


def test_no_redact_keeps_secrets(chat_log, tmp_path):
    har = json.loads(write_export(chat_log, "har", tmp_path / "h.har", redact=False).read_text())
    # the log itself already has request secrets redacted: they never reach disk
    assert "abc123" not in json.dumps(har)
    assert har["log"]["entries"][0]["response"]["status"] == 200


def test_csv_has_one_row_per_chunk(chat_log, tmp_path):
    rows = list(csv.DictReader(write_export(chat_log, "csv", tmp_path / "c.csv").open(encoding="utf-8")))
    assert len(rows) == sum(1 for _ in read_log(chat_log).chunks(None))
    assert {r["level"] for r in rows} == {"wire", "read", "delivered"}


def test_jsonl_export_is_the_log_line_for_line_in_one_file(chat_log, tmp_path):
    out = write_export(chat_log, "jsonl", tmp_path / "copy.jsonl")
    a, b = chat_log.read_text().splitlines(), out.read_text().splitlines()
    assert len(a) == len(b) and [x for x in a[2:] if '"at":' not in x] == [x for x in b[2:] if '"b64":' not in x]
    # the bytes the log keeps in its body file are inline in the export, which has no body file
    assert '"at":' not in out.read_text() and "body" not in read_log(out).header
    assert [r.get("data") for r in read_log(chat_log).records()] == [r.get("data") for r in read_log(out).records()]
