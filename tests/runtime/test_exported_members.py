"""The runtime's public names are exactly what ``__all__`` lists, and each exists."""

from __future__ import annotations

import simulator.runtime as runtime


def test_all_names_exist_and_cover_the_api():
    for name in runtime.__all__:
        assert hasattr(runtime, name), name
    assert {"MiniProgram", "RunResult", "ConsoleLine", "ScriptError", "run_script", "JsEngine"} <= set(runtime.__all__)


def test_importing_the_runtime_does_not_load_v8():
    import subprocess
    import sys

    code = "import sys, simulator.runtime; print('py_mini_racer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
