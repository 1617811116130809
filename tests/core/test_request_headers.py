"""What a request sends: header names and values a device accepts, and timeouts that make sense."""

from __future__ import annotations

import pytest

from simulator.core.options import OptionsError, RequestOptions


@pytest.mark.parametrize(("header", "says"), [
    ({"X-A": "b\r\nInjected: 1"}, "line break"),
    ({"X-A": "b\nc"}, "line break"),
    ({"X-A": "nul\0"}, "NUL"),
    ({"X A": "spaces"}, "not a valid HTTP field name"),
    ({"名字": "v"}, "not a valid HTTP field name"),
    ({"": "v"}, "not a valid HTTP field name"),
])
def test_a_header_http_cannot_carry_is_refused_with_a_clear_message(header, says):
    with pytest.raises(OptionsError) as err:
        RequestOptions.from_wx({"url": "http://127.0.0.1:1/", "header": header})
    assert says in str(err.value)


@pytest.mark.parametrize("timeout", [0, -5, float("nan"), float("inf"), True, "60000", 2**31])
def test_a_timeout_that_is_not_a_positive_finite_number_of_ms_is_refused(timeout):
    with pytest.raises(OptionsError, match="timeout"):
        RequestOptions.from_wx({"url": "http://127.0.0.1:1/", "timeout": timeout})
