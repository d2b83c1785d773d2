"""Fault injection: decide, per API request, whether to answer with a 429/5xx and how long to wait first."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from ._config import FaultConfig


@dataclass(frozen=True)
class Fault:
    status: int
    headers: dict[str, str]
    message: str


class FaultInjector:
    def __init__(self, config: FaultConfig) -> None:
        self._lock = threading.Lock()
        self.configure(config)

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self.config = config
            self._random = random.Random(config.seed)
            self._failed_first = 0

    def pick(self) -> Fault | None:
        config = self.config
        if not config.active:
            return None
        with self._lock:
            if self._failed_first < config.fail_first:
                self._failed_first += 1
                return self._fault(config.fail_status)
            draw = self._random.random()
        if draw < config.rate_limit_fraction:
            return self._fault(429)
        if draw < config.rate_limit_fraction + config.server_error_fraction:
            return self._fault(503)
        return None

    def _fault(self, status: int) -> Fault:
        headers: dict[str, str] = {}
        if self.config.auto_retryable_header:
            headers["cdf-is-auto-retryable"] = "true"
        if status == 429:
            if self.config.retry_after is not None:
                headers["Retry-After"] = f"{self.config.retry_after:g}"
            message = (
                "Project exceeded maximum number='50' of concurrent requests. Please try again later. (injected fault)"
            )
        else:
            message = "Service temporarily unavailable (injected fault)"
        return Fault(status, headers, message)
