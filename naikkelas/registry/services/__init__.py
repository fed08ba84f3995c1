"""Writes to the registry, one module per concept: persons (owners), enterprises, metric_reports,
imports (spreadsheets) and sign_in (owners' one-time codes). Callers import the module."""
