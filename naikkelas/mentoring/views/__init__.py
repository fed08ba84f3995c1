"""Mentoring pages, one module per concept: mentors, consultations, visits, follow-ups, the scorecard and
the days off (cuti bersama)."""
