"""The floor of served_pages.py on PostgreSQL: a bare Flask app whose one page asks for the 20
nearest support points to ?lat=&lon= with bare PostGIS KNN (nearest.py's anchor: the app's own
conditions, one statement on a connection each worker keeps) and lists their names and
distances. No geocoding, filters, session, forms, map or cards: the least any results page that
asks the database could cost, served the same way as the app."""

import os

import psycopg
from flask import Flask, request

KNN_SQL = os.environ["PARTNERNET_BENCH_KNN_SQL"]
# The app's URL names SQLAlchemy's driver; libpq wants the plain scheme.
DATABASE_URL = os.environ["PARTNERNET_DATABASE_URL"].replace("+psycopg", "", 1)
PAGE = ("<!doctype html><title>Hulp</title><ol>{% for name, metres in rows %}"
        "<li>{{ name }}, {{ '%.1f' % (metres / 1000) }} km</li>{% endfor %}</ol>")

app = Flask(__name__)
page = app.jinja_env.from_string(PAGE)  # compiled once; render_template_string compiles per call
_connection: psycopg.Connection | None = None


def connection() -> psycopg.Connection:
    global _connection
    if _connection is None:
        _connection = psycopg.connect(DATABASE_URL, autocommit=True)
    return _connection


@app.get("/")
def nearest() -> str:
    here = {"lat": request.args.get("lat", 53.2194, type=float),
            "lon": request.args.get("lon", 6.5665, type=float)}
    rows = connection().execute(KNN_SQL, here).fetchall()
    return page.render(rows=rows)
