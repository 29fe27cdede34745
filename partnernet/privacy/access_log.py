"""Access logs keep the path but never the query string: a resident's search (`?where=9711 AB`)
says where they live, and a token in a URL must not end up in a log file."""

import logging
import re

REQUEST_LINE = re.compile(r'^(\S+ [^?\s]*)\?\S*( HTTP/[\d.]+)$')
# For gunicorn (see gunicorn.conf.py): %(U)s is the path without the query string.
GUNICORN_ACCESS_LOG_FORMAT = '%(h)s - - %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'


def without_query(request_line: str) -> str:
    return REQUEST_LINE.sub(r"\1\2", request_line)


class DropQueryString(logging.Filter):
    """Removes the query string from the request line in werkzeug's access log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_query(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def register_access_log_filter() -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropQueryString) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(DropQueryString())
