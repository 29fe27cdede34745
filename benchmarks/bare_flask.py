"""The anchor of served_pages.py: a bare Flask app with one page, served the same way."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hallo"
