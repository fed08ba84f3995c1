"""Writes of the mentoring step, one module per concept: mentors, matching, visits, consultations (and
their replies), follow-ups, and the scorecard reads."""
