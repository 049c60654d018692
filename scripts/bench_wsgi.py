"""The WSGI app `make bench` serves: the project itself, plus one trivial JSON endpoint,
`POST /bench/trivial/`, that goes through the same middleware and DRF stack, parses the
same request body and answers a tiny JSON object. Comparing it with POST /api/match/
isolates what matching adds."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
settings.ROOT_URLCONF = "scripts.bench_urls"
application = get_wsgi_application()
