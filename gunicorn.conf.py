# gunicorn settings for partnernet: `gunicorn wsgi:app` reads this file from the working directory.
from partnernet.privacy.access_log import GUNICORN_ACCESS_LOG_FORMAT

access_log_format = GUNICORN_ACCESS_LOG_FORMAT  # the path, never the query string
accesslog = "-"
