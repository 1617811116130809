"""The core, the runtime, the servers and the headless CLI never load Qt (STYLE.md: the shape of the house)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["simulator.core", "simulator.runtime", "simulator.server.demo",
                                    "simulator.server.replay", "simulator.runtime.splitcheck", "simulator.cli"])
def test_headless_parts_do_not_import_qt(module):
    # "from M import *" loads what the package names too (simulator.core imports its modules when first used).
    code = f"import sys; from {module} import *; print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_core_exports_what_it_names():
    import simulator.core as core

    assert all(hasattr(core, name) for name in core.__all__)
    assert "RequestTask" in core.__all__ and "Qt" not in " ".join(core.__all__)
