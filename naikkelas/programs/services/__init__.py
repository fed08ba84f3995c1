"""Writes of programs, one module per concept: programs (programs), levels and their rubrics
(levels), batches and their quotas (batches). Callers import the module they need."""
