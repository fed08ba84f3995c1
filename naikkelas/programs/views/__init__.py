"""Organisers' pages of programs, one module per concept: programs, levels (with rubrics), batches."""
