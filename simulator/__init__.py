"""mpsim: a desktop simulator of WeChat's ``wx.request({enableChunked: true})``."""

from pathlib import Path

__version__ = "0.1.0"

#: Icons, example scripts and demo fixtures (top-level ``assets/`` of the checkout).
ASSETS = Path(__file__).resolve().parent.parent / "assets"
