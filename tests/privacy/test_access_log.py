"""A resident's search never reaches the access log: the path is logged, the query is not."""

import logging
import urllib.request

from partnernet.privacy.access_log import GUNICORN_ACCESS_LOG_FORMAT, without_query


def test_request_line_loses_its_query():
    assert without_query("GET /search?where=9711+AB&topic=digid HTTP/1.1") == (
        "GET /search HTTP/1.1")
    assert without_query("GET /points/abc HTTP/1.1") == "GET /points/abc HTTP/1.1"


def test_gunicorn_logs_the_path_without_the_query():
    assert "%(U)s" in GUNICORN_ACCESS_LOG_FORMAT
    assert "%(r)s" not in GUNICORN_ACCESS_LOG_FORMAT and "%(q)s" not in GUNICORN_ACCESS_LOG_FORMAT


def test_werkzeug_access_log_has_no_search_location(live_server, caplog):
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        urllib.request.urlopen(live_server + "/search?where=9711+AB").read()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("GET /search HTTP/1.1" in line for line in lines), lines
    assert not any("9711" in line for line in lines)
