import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "makelaar.settings")
application = get_wsgi_application()

# Garbage collection, tuned for a web worker (measured with make bench, docs/performance.md):
# what is loaded now lives as long as the process, so the collector stops walking it
# (freeze), and it runs after 50,000 new objects instead of 700. A page that builds many
# objects (the coach's overview: 2,600 table cells) no longer pays for full collections
# of the whole of Django on some requests: overview p95 182-192 → 144-160 ms over two
# runs, for 8 MB more per worker (docs/deploy.md).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
