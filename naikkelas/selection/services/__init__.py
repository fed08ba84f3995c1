"""Writes of the selection step, one module per concept: applications and their eligibility
(applications), reviews and the selection run with its publication and waitlist (runs), graduations and
nominations to the next level (pathway). Callers import the module they need."""
