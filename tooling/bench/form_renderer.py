"""Our form renderer (makelaar/base/forms_render.py) against Django's own, page by page.

    .venv/bin/python tooling/bench/form_renderer.py [--blocks 10] [--per-block 20]

In-process, on the database the settings point at (`make run`'s demo database by
default), with the pages and users of `manage.py bench_pages` and DEBUG off. Per page
the two renderers take turns in blocks of requests (switched with `override_settings`;
three warm-up requests per block, since a new renderer builds its template engine), so
a busy machine weighs on both alike. Prints the median wall and CPU time
(`time.process_time`, this process only) per request, in ms. The figures of issue 15 are
in docs/performance.md.
"""

import argparse
import os
import pathlib
import statistics
import sys
import time

RENDERERS = {
    "makelaar": "makelaar.base.forms_render.WidgetRenderer",
    "django": "django.forms.renderers.DjangoTemplates",
}
PAGES = [
    "initiative_list",
    "volunteer_list",
    "organisation_list",
    "signal_inbox",
    "signal_inbox_htmx",
    "initiative_detail",
    "portfolio",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--per-block", type=int, default=20)
    args = parser.parse_args()

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "makelaar.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    from tooling.bench.pages import landing_url, pages, signed_in

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    measured = pages()
    header = "".join(f"{name + ' wall':>15}{name + ' cpu':>14}" for name in RENDERERS)
    print(f"{'page':<22}{header}")
    for page in PAGES:
        user, url, *extra = measured[page]
        client = signed_in(Client(headers=extra[0] if extra else {}), user)
        url = landing_url(client, url)
        wall = {name: [] for name in RENDERERS}
        cpu = {name: [] for name in RENDERERS}
        for _block in range(args.blocks):
            for name, path in RENDERERS.items():
                with override_settings(FORM_RENDERER=path):
                    for _warm_up in range(3):
                        assert client.get(url).status_code == 200, page
                    for _request in range(args.per_block):
                        start_wall, start_cpu = time.perf_counter(), time.process_time()
                        client.get(url)
                        wall[name].append((time.perf_counter() - start_wall) * 1000)
                        cpu[name].append((time.process_time() - start_cpu) * 1000)
        figures = "".join(
            f"{statistics.median(wall[name]):>15.1f}{statistics.median(cpu[name]):>14.1f}"
            for name in RENDERERS
        )
        print(f"{page:<22}{figures}", flush=True)


if __name__ == "__main__":
    main()
