"""Sharing an afwegingskader between municipalities: the JSON format ``koersvast.framework/1``.

The format is documented, with a JSON Schema, in ``docs/framework-format.md``. Export writes
no database ids, so a file can be imported into any municipality; import validates the whole
file first (every problem names its path, e.g. ``objectives[3].parent``) and then writes in one
transaction, so nothing is written for a bad file.

One module per step: the format's limits and the problem checker (`document`), `export`,
`validation`, `importing`, and the entry criteria the file carries (`criteria`, which hands
them to intake). Import from the module; this package exports nothing.
"""
