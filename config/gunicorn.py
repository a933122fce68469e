"""gunicorn's configuration for the archive: `gunicorn -c config/gunicorn.py config.wsgi`.

The application is loaded and warmed (`archive.warm.warm_up`: URLs, templates, citation
styles, search columns and names, one page served) once in the master process before it
binds its socket, so every worker forked from it starts with all of that in memory (its
first search costs about a tenth of a cold one: bench/startup.py); each worker then opens
database connections of its own. Settings below are defaults: gunicorn's
own environment variable `GUNICORN_CMD_ARGS` and the command line override them (e.g.
`--bind`, `--workers`).
"""

import multiprocessing

bind = "127.0.0.1:8000"
workers = min(2 * multiprocessing.cpu_count() + 1, 8)
# Loading the app in the master is what lets the warm-up be shared by every worker.
preload_app = True


def on_starting(server):
    # With preload_app the application is loaded already; the socket is not bound yet, so
    # no request waits on the warm-up.
    import gc

    from archive.warm import warm_up

    server.log.info("archive: %s", warm_up())
    # What the warm-up loaded lives as long as the process: out of the collector's sight,
    # a worker's first collections do not walk (and so copy, page by page) the master's objects.
    gc.freeze()


def post_fork(server, worker):
    # warm_up closed the master's connections; close anything opened since, so that no
    # connection is ever shared with the master or another worker.
    from django.core.cache import caches
    from django.db import connections

    from archive.search.columns import held_documents

    connections.close_all()
    caches.close_all()
    server.log.info("archive: worker %s starts with the search columns of %s documents loaded", worker.pid,
                    held_documents())
