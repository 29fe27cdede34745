"""A circuit breaker for the online geocoder: after THRESHOLD failures in a row it is skipped
for a cool-down, so residents get the gazetteer's answer at once instead of each waiting for a
service that is down. After the cool-down one request at a time tries it again; a success
closes the circuit.

The state lives in Redis when one is configured (every worker and server sees the same
circuit), else in this process."""

import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis

THRESHOLD = 3
COOL_DOWN = 30.0  # seconds


class BreakerState(Protocol):
    def failures(self) -> int:
        """Failures in a row."""

    def failure(self) -> int:
        """Count one more failure in a row; returns the count."""

    def success(self) -> None:
        """Failures in a row back to 0, the circuit closed."""

    def open_for(self, seconds: float) -> None:
        """Skip the service for `seconds`."""

    def is_open(self) -> bool:
        """Within a cool-down."""

    def take_trial(self, seconds: float) -> bool:
        """Whether this caller may try the service while failures stand: one at a time, a
        trial held for at most `seconds`."""


class MemoryState:
    """The circuit of this process (threads share it)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._open_until = 0.0
        self._trial_until = 0.0

    def failures(self) -> int:
        return self._failures

    def failure(self) -> int:
        with self._lock:
            self._failures += 1
            return self._failures

    def success(self) -> None:
        with self._lock:
            self._failures, self._open_until, self._trial_until = 0, 0.0, 0.0

    def open_for(self, seconds: float) -> None:
        with self._lock:
            self._open_until = self._clock() + seconds
            self._trial_until = 0.0

    def is_open(self) -> bool:
        return self._clock() < self._open_until

    def take_trial(self, seconds: float) -> bool:
        with self._lock:
            now = self._clock()
            if now < self._trial_until:
                return False
            self._trial_until = now + seconds
            return True


class RedisState:
    """The circuit every worker and server shares. Redis keeps the time (key expiry), so the
    servers' clocks need not agree; when Redis itself fails, the geocoder is asked as usual."""

    def __init__(self, url: str, prefix: str = "partnernet:geocoder"):
        self._redis = redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)
        self._failures, self._open, self._trial = (f"{prefix}:{name}"
                                                    for name in ("failures", "open", "trial"))

    def failures(self) -> int:
        try:
            return int(self._redis.get(self._failures) or 0)
        except redis.RedisError:
            return 0

    def failure(self) -> int:
        try:
            return int(self._redis.incr(self._failures))
        except redis.RedisError:
            return 0

    def success(self) -> None:
        try:
            self._redis.delete(self._failures, self._open, self._trial)
        except redis.RedisError:
            pass

    def open_for(self, seconds: float) -> None:
        try:
            self._redis.set(self._open, 1, px=max(int(seconds * 1000), 1))
            self._redis.delete(self._trial)
        except redis.RedisError:
            pass

    def is_open(self) -> bool:
        try:
            return bool(self._redis.exists(self._open))
        except redis.RedisError:
            return False

    def take_trial(self, seconds: float) -> bool:
        try:
            return bool(self._redis.set(self._trial, 1, nx=True,
                                        px=max(int(seconds * 1000), 1)))
        except redis.RedisError:
            return True


class CircuitBreaker:
    def __init__(self, state: BreakerState, *, threshold: int = THRESHOLD,
                 cool_down: float = COOL_DOWN, trial_time: float = 2.0):
        self.state = state
        self.threshold = threshold
        self.cool_down = cool_down
        self.trial_time = trial_time  # how long one trial may hold the others back

    def allows(self) -> bool:
        """Whether to ask the service now: always while it works; during a cool-down never;
        after one (the failures still standing), one caller at a time."""
        if self.state.is_open():
            return False
        if self.state.failures() < self.threshold:
            return True
        return self.state.take_trial(self.trial_time)

    def succeeded(self) -> None:
        self.state.success()

    def failed(self) -> None:
        if self.state.failure() >= self.threshold:
            self.state.open_for(self.cool_down)


def breaker_from_config(config) -> CircuitBreaker:
    url = config.get("GEOCODER_BREAKER_URL", "memory://")
    state: BreakerState = RedisState(url) if url.startswith(("redis://", "rediss://",
                                                             "unix://")) else MemoryState()
    return CircuitBreaker(state, threshold=config.get("GEOCODER_BREAKER_THRESHOLD", THRESHOLD),
                          cool_down=config.get("GEOCODER_BREAKER_COOL_DOWN", COOL_DOWN),
                          trial_time=config.get("GEOCODER_TIMEOUT", 2.0))
