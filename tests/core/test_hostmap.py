"""Host mapping rules (``--map FROM=TO``, the window's "Map remote" table)."""

from __future__ import annotations

import pytest

from simulator.core.hostmap import HostMap, HostMapError


def test_a_mapped_url_keeps_its_path_and_query():
    m = HostMap.parse(["https://api.example.com=http://127.0.0.1:8765"])
    url, rule = m.apply("https://api.example.com/v1/chat/completions?stream=1")
    assert url == "http://127.0.0.1:8765/v1/chat/completions?stream=1"
    assert rule is not None and rule.source == "https://api.example.com"


def test_unmapped_urls_go_where_the_page_says():
    m = HostMap.parse(["https://api.example.com=http://127.0.0.1:8765"])
    assert m.apply("https://other.example.com/x") == ("https://other.example.com/x", None)


def test_the_longest_matching_from_wins_whatever_the_order():
    m = HostMap.parse(["https://api.example.com=http://127.0.0.1:1",
                       "https://api.example.com/v2=http://127.0.0.1:2/next"])
    assert m.apply("https://api.example.com/v2/chat")[0] == "http://127.0.0.1:2/next/chat"
    assert m.apply("https://api.example.com/v1/chat")[0] == "http://127.0.0.1:1/v1/chat"


def test_a_target_ending_in_a_slash_does_not_double_it():
    m = HostMap.parse(["https://api.example.com=http://127.0.0.1:8765/"])
    assert m.apply("https://api.example.com/v1")[0] == "http://127.0.0.1:8765/v1"


@pytest.mark.parametrize(("item", "says"), [
    ("https://api.example.com", "must look like FROM=TO"),
    ("api.example.com=http://127.0.0.1:1", "FROM 'api.example.com' must start with http://"),
    ("https://api.example.com=127.0.0.1:1", "TO '127.0.0.1:1' must start with http://"),
], ids=["no-equals", "from-not-a-url", "to-not-a-url"])
def test_a_bad_rule_is_one_clear_line(item: str, says: str):
    with pytest.raises(HostMapError) as info:
        HostMap.parse([item])
    assert says in str(info.value) and "\n" not in str(info.value)
