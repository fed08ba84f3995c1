"""Registry pages, one module per concept: enterprises (with the export), persons (owners),
metric_reports, imports and sign_in (owners' one-time codes). Callers import the module."""
