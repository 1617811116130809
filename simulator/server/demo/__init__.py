"""The built-in demo streaming server (`mpsim serve`, `mpsim demo`, and the tests' peer).

It is the standard library's ``http.server.ThreadingHTTPServer`` on purpose. It adds no dependency,
and the fault endpoints need exact control over every write: a chunk's framing, a chunk cut short,
a socket closed mid-body or reset. An ASGI stack (uvicorn, hypercorn) frames and buffers the body
itself and would hide exactly what this server exists to show.

Rules every streaming endpoint follows, because the client's ``wire`` level depends on them:

- ``Transfer-Encoding: chunked`` is written by hand, and each HTTP chunk is ONE ``wfile.write``
  (``wbufsize`` is 0, so that is one ``sendall``), with ``TCP_NODELAY`` on. One SSE event or one
  NDJSON line is one chunk unless the endpoint says otherwise.
- Waits between chunks go through ``_DemoHTTPServer.stopping`` so that ``stop()`` is prompt even
  while a never-ending stream is open.

The package, one module per part: ``content`` (the answer and its SSE framing), ``handler`` (HTTP
plumbing every endpoint uses), ``llm`` (the OpenAI-compatible chat), ``streams`` (SSE, NDJSON,
text), ``faults`` (misbehaving responses), ``index`` (the endpoint list and index page) and
``server`` (routing and the server's lifecycle).

Query parameters: ``delay`` (milliseconds between chunks) on every streaming endpoint; ``n`` where a
count makes sense. ``speed`` (constructor) divides every wait: tests run at a high speed.
"""

from .content import DEMO_ANSWER
from .index import ENDPOINTS, Endpoint
from .index import ENDPOINTS_ZH as ENDPOINTS_ZH
from .llm import DEMO_REASONING as DEMO_REASONING
from .llm import REASONER as REASONER
from .server import DemoServer

__all__ = ["DEMO_ANSWER", "ENDPOINTS", "DemoServer", "Endpoint"]
