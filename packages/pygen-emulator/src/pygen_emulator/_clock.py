"""The server's notion of now, in epoch milliseconds (one function, so tests can move time)."""

from __future__ import annotations

import time


def now_ms() -> int:
    return int(time.time() * 1000)
