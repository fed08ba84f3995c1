"""Pages of the selection step, one module per concept: the public form, the status page and the
applications lists (applications), reviews and the run (runs), the pathway to the next level (pathway)."""
