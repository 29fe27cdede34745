"""Running the same work at the same moment, as two workers or a double click would."""

import threading


def run_at_once(app, work, times: int = 2) -> list:
    """Call work() in `times` threads released together, each in its own app context; return
    what each call returned, or raise the first error one of them met."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        with app.app_context():
            try:
                barrier.wait()
                results.append(work())
            except Exception as error:  # re-raised below, so the test says what went wrong
                errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results
