"""The servers mpsim runs itself: the demo streaming server (`mpsim serve`, `mpsim demo`)."""

from simulator.server.demo import DEMO_ANSWER, ENDPOINTS, DemoServer, Endpoint

__all__ = ["DEMO_ANSWER", "ENDPOINTS", "DemoServer", "Endpoint"]
