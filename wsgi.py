"""The app for a WSGI server: `gunicorn wsgi:app`.

Starting makes about 100,000 objects (modules, classes, mappers, routes, templates' settings)
that live as long as the process. The cyclic garbage collector is kept off while they are made
and then told to leave them alone (`gc.freeze`): otherwise it walks them all, again and again
while they are made, at every full collection while requests are served, and once more when
the process ends. Python's documentation recommends this for a process that serves from what it
built at start (`gc.freeze`)."""

import gc

gc.disable()
try:
    from partnernet import create_app

    app = create_app()
finally:
    gc.freeze()
    gc.enable()
