"""How long a worker or a cron command takes to start: `import wsgi` (the app created, nothing
served) in fresh Python processes, against a bare Flask app on the same interpreter.

    .venv/bin/python benchmarks/startup.py [RUNS]

Target (issue 18): import wsgi <= 0.8 s."""

import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import print_load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIMED = "import time; started = time.perf_counter(); {code}; print(time.perf_counter() - started)"
CASES = {"import wsgi": "import wsgi",
         "bare Flask": "from flask import Flask; Flask('bare')"}


def seconds(code: str) -> float:
    env = {**os.environ, "PARTNERNET_ENV": os.environ.get("PARTNERNET_ENV", "development")}
    result = subprocess.run([sys.executable, "-c", TIMED.format(code=code)], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def main(runs: int) -> None:
    print_load()
    for name, code in CASES.items():
        times = sorted(seconds(code) for _ in range(runs))
        print(f"{name:12} median {statistics.median(times):.2f} s, "
              f"fastest {times[0]:.2f} s, slowest {times[-1]:.2f} s ({runs} runs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
