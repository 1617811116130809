"""Domain rules a phone applies (network doc): https only, configured domains, ports exactly as
configured, no IP but a LAN one, never localhost; warned about by default, enforced with strict."""

import json
import subprocess
import sys

import pytest

from simulator.core.device import DomainError, DomainRules, project_domains
from simulator.runtime import MiniProgram

RULES = DomainRules.parse(["api.example.com", "https://stream.example.com:8443"])


@pytest.mark.parametrize("url", [
    "https://api.example.com/v1/chat",
    "https://API.example.com/v1/chat",
    "https://stream.example.com:8443/sse",
    "http://192.168.1.20:8080/sse",  # a LAN address, allowed since base library 2.4.0
], ids=["domain", "case", "configured-port", "lan-ip"])
def test_a_phone_sends(url):
    assert RULES.why_refused(url) is None


@pytest.mark.parametrize(("url", "said"), [
    ("http://api.example.com/v1", "https only"),
    ("https://api.example.com:443/v1", "without a port"),
    ("https://stream.example.com/sse", "port 8443"),
    ("https://stream.example.com:9000/sse", "port 8443"),
    ("https://other.example.com/", "not one of the request domains"),
    ("https://localhost/", "this device itself"),
    ("http://127.0.0.1:8765/sse", "this device itself"),
    ("https://8.8.8.8/", "IP address"),
], ids=["http", "default-port-named", "port-missing", "port-differs", "other-domain", "localhost", "loopback",
        "public-ip"])
def test_a_phone_refuses_and_says_why(url, said):
    assert said in RULES.why_refused(url)


def test_a_domain_entry_that_is_no_host_is_one_line():
    with pytest.raises(DomainError, match="give a host"):
        DomainRules.parse(["ftp://x.com"])


def test_the_project_lists_domains_for_mpsim_in_its_private_config(tmp_path):
    (tmp_path / "project.config.json").write_text(json.dumps({"appid": "wx1", "mpsim": {"domains": ["a.com"]}}))
    assert project_domains(tmp_path) == ["a.com"]
    (tmp_path / "project.private.config.json").write_text(json.dumps({"mpsim": {"domains": ["b.com"]}}))
    assert project_domains(tmp_path) == ["b.com"]


PAGE = """
Page({ data: { result: '' }, onLoad(q) {
  wx.request({ url: q.base + '/sse/fast', enableChunked: true,
    success: () => this.setData({ result: 'ok' }),
    fail: (e) => this.setData({ result: e.errMsg + ' ' + e.errno }) });
} });
"""


def test_on_a_device_platform_a_loopback_url_is_sent_with_a_warning(demo_url):
    result = MiniProgram(PAGE, query={"base": demo_url}, platform="android", timeout_ms=20000).run()
    assert result.data["result"] == "ok"
    warned = [line.text for line in result.console if line.level == "warn" and "would fail on a phone" in line.text]
    assert len(warned) == 1 and "this device itself" in warned[0]


def test_strict_domains_fails_as_the_phone_does(demo_url):
    result = MiniProgram(PAGE, query={"base": demo_url}, platform="ios", strict_domains=True,
                         domains=["api.example.com"], timeout_ms=20000).run()
    assert result.data["result"] == "request:fail url not in domain list 600002"
    said = [line.text for line in result.console if line.level == "error"]
    assert len(said) == 1 and "fails on a phone" in said[0] and "this device itself" in said[0]


def test_devtools_does_not_check_domains(demo_url):
    result = MiniProgram(PAGE, query={"base": demo_url}, platform="devtools", strict_domains=True,
                         timeout_ms=20000).run()
    assert result.data["result"] == "ok"
    assert not any("phone" in line.text for line in result.console)


def test_the_check_is_on_the_url_the_page_asked_for_before_map(demo_url):
    page = PAGE.replace("q.base + '/sse/fast'", "'https://api.example.com/sse/fast'")
    result = MiniProgram(page, platform="android", strict_domains=True, domains=["api.example.com"],
                         maps=[("https://api.example.com", demo_url)], timeout_ms=20000).run()
    assert result.data["result"] == "ok"


def test_mpsim_run_strict_domains_and_domains(demo_url, tmp_path):
    script = tmp_path / "page.js"
    script.write_text(PAGE)
    base = [sys.executable, "-m", "simulator.cli", "run", str(script), "--query", f"base={demo_url}",
            "-o", str(tmp_path / "r.jsonl")]
    done = subprocess.run(base + ["--strict-domains", "--domains", "api.example.com"],
                          capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout.strip().splitlines()[-1])["result"] == "request:fail url not in domain list 600002"
    assert "this device itself" in done.stdout
    bad = subprocess.run(base + ["--domains", "ftp://x"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "give a host" in bad.stderr and "Traceback" not in bad.stderr
