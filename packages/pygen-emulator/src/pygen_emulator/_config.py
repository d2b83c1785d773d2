"""Configuration of an emulator: where data lives, which project it serves, who may call it, which faults it injects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class FaultConfig:
    """Faults injected into API requests (``/api/v1/...``; never into the token endpoint), for resilience tests.

    Attributes:
        rate_limit_fraction: Fraction (0-1) of requests answered with 429 and a DMS error body.
        server_error_fraction: Fraction (0-1) of requests answered with 503.
        retry_after: Seconds sent in the ``Retry-After`` header of injected 429s (None: no header, as real CDF).
        auto_retryable_header: Also send ``cdf-is-auto-retryable: true`` on injected faults.
        latency: Seconds added to every API request before it is handled.
        fail_first: Deterministic mode: answer the first N API requests with ``fail_status`` (then behave normally).
        fail_status: The status used by ``fail_first`` (429 or 5xx).
        seed: Seed of the random generator that picks which requests fail (None: unpredictable).
    """

    rate_limit_fraction: float = 0.0
    server_error_fraction: float = 0.0
    retry_after: float | None = 1.0
    auto_retryable_header: bool = False
    latency: float = 0.0
    fail_first: int = 0
    fail_status: int = 429
    seed: int | None = None

    def __post_init__(self) -> None:
        for name in ("rate_limit_fraction", "server_error_fraction"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"FaultConfig.{name} must be between 0 and 1, got {value}")
        if self.rate_limit_fraction + self.server_error_fraction > 1.0:
            raise ValueError("FaultConfig.rate_limit_fraction + server_error_fraction must not exceed 1")
        if self.latency < 0 or self.fail_first < 0:
            raise ValueError("FaultConfig.latency and fail_first must not be negative")
        if self.fail_status not in (408, 429, 500, 502, 503, 504):
            raise ValueError(
                f"FaultConfig.fail_status must be one of 408, 429, 500, 502, 503, 504, got {self.fail_status}"
            )

    @property
    def active(self) -> bool:
        return bool(self.rate_limit_fraction or self.server_error_fraction or self.latency or self.fail_first)


@dataclass(frozen=True)
class EmulatorConfig:
    """How an emulator runs.

    Attributes:
        db: ``":memory:"`` (the default) or the path of a SQLite file that keeps the data between runs.
        project: The CDF project name served under ``/api/v1/projects/{project}``.
        token: The bearer token to accept. None accepts any bearer token unless ``oauth_clients`` is set, in which
            case only tokens issued by the local token endpoint are accepted.
        oauth_clients: ``{client_id: client_secret}`` allowed to use the client-credentials endpoint ``/oauth2/token``.
        faults: Fault injection; off by default.
        host: The interface to listen on.
        port: The port; 0 picks a free one.
        token_lifetime: Seconds an issued access token is valid.
    """

    db: str | Path = ":memory:"
    project: str = "pygen"
    token: str | None = None
    oauth_clients: Mapping[str, str] = field(default_factory=dict)
    faults: FaultConfig = field(default_factory=FaultConfig)
    host: str = "127.0.0.1"
    port: int = 0
    token_lifetime: int = 3600
