"""How long a resident's search waits for PDOK when PDOK misbehaves: a local fake that answers,
hangs, drips its answer a byte at a time, answers slowly or fails. Ten searches for a full
address each, with the default deadline (PARTNERNET_GEOCODER_TIMEOUT, 2 s) and circuit breaker
(3 failures in a row, then 30 s without PDOK), and how many reached PDOK.

    .venv/bin/python benchmarks/geocoder_waits.py [TIMEOUT]

Target (issue 18): no search waits longer than the timeout; after the breaker opens, none
waits at all."""

import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import print_load  # noqa: E402
from partnernet.geo.breaker import CircuitBreaker, MemoryState  # noqa: E402
from partnernet.geo.geocoders import Gazetteer, Locator, PdokLocatieserver  # noqa: E402
from tests.support.fake_pdok import FakePdok  # noqa: E402

SEARCHES = 10
ADDRESS = "Nieuwe Markt 1, 9712 KN Groningen"


def main(timeout: float) -> None:
    logging.getLogger("partnernet.geo.geocoders").setLevel(logging.ERROR)
    print_load()
    gazetteer = Gazetteer()
    print(f"deadline {timeout:.1f} s; {SEARCHES} searches per behaviour")
    print(f"{'PDOK':8} {'longest wait':>13} {'waits (s)':>44} {'asked':>6}")
    for behaviour in ("answer", "hang", "drip", "slow", "fail"):
        fake = FakePdok()
        fake.behaviour = behaviour
        fake.start()
        locator = Locator(gazetteer, PdokLocatieserver(fake.url, timeout=timeout),
                          CircuitBreaker(MemoryState()), timeout=timeout)
        waits = []
        for _ in range(SEARCHES):
            started = time.monotonic()
            locator.locate(ADDRESS)
            waits.append(time.monotonic() - started)
        fake.stop()
        shown = " ".join(f"{wait:.2f}" for wait in waits)
        print(f"{behaviour:8} {max(waits):11.2f} s {shown:>44} {len(fake.requests):6}")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0)
