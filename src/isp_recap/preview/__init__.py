"""`isp-recap preview`: the HTML edition of one event on a local web server, rebuilt on every save.

- `session`: the inputs of one event (event file, images, glossary, catalogs), what was built from
  them, and what to rebuild when one of them changes.
- `overlay`: the error page shown over the last good page while an input is wrong.
- `page`: the toolbar and live-reload client injected into the HTML edition.
- `server`: the HTTP server (127.0.0.1 only, standard library), its few routes and the
  server-sent events that tell the page to reload.
- `watcher`: file-system events (watchfiles) turned into `session.refresh` calls.
- `command`: the Typer command that ties them together.

Nothing is written anywhere: every page and PDF is built in memory.
"""
