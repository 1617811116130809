import pytest

from simulator.core.delivery import PacingClock, ProfileError, parse_profile

BODY = ("data: 你好，世界😀\n\n" * 40).encode()


def cut(spec: str, pieces: list[bytes], seed: int = 0) -> list[bytes]:
    cutter = parse_profile(spec).cutter(seed)
    out: list[bytes] = []
    for p in pieces:
        out += cutter.feed(p)
    return out + cutter.flush()


READS = [BODY[i:i + 97] for i in range(0, len(BODY), 97)]


@pytest.mark.parametrize("spec", ["passthrough", "wire", "fixed:1", "fixed:7", "random", "utf8-cut"])
def test_every_profile_delivers_exactly_the_bytes_that_arrived(spec):
    assert b"".join(cut(spec, READS)) == BODY


def test_passthrough_keeps_each_read_as_one_callback():
    assert cut("passthrough", READS) == READS


def test_fixed_cuts_every_n_bytes():
    sizes = [len(p) for p in cut("fixed:16", READS)]
    assert set(sizes[:-1]) == {16} and 0 < sizes[-1] <= 16


def test_random_is_deterministic_for_a_seed_whatever_the_reads():
    whole = cut("random", [BODY], seed=7)
    assert cut("random", READS, seed=7) == whole
    assert cut("random", READS, seed=8) != whole


def test_random_cuts_inside_characters_and_joins_events():
    pieces = cut("random", READS, seed=1)
    inside = sum(1 for p in pieces if p and 0x80 <= p[0] < 0xC0)
    joined = sum(1 for p in pieces if p.count(b"\n\n") >= 2)
    assert inside > 0 and joined > 0


def test_utf8_cut_splits_every_multibyte_character():
    pieces = cut("utf8-cut", [BODY])
    # every piece that is not the last ends right after a lead byte
    assert all(p[-1] >= 0xC2 for p in pieces[:-1])
    assert len(pieces) == BODY.decode().count("你") * 6 + 1  # 5 CJK/emoji chars + 1 "，" per event


def test_pacing_spec_parses_and_delays_by_latency_and_bandwidth():
    prof = parse_profile("random,latency=40,bandwidth=1000")
    clock = PacingClock(prof.pacing, seed=0)
    assert clock.due(0.0, 10) == 40.0
    assert clock.due(0.0, 100) == pytest.approx(140.0)  # 100 bytes at 1000 B/s after the first


@pytest.mark.parametrize("spec", ["fixed", "fixed:0", "chaos", "random,latency=-1", "random,speed=3"])
def test_bad_profile_specs_say_what_is_allowed(spec):
    with pytest.raises(ProfileError):
        parse_profile(spec)
