"""Writes of the outcomes step, one module per concept: local heroes' stories (`heroes`), analysis plans
(`plans`) and the consumer price index (`prices`). The reports themselves only read."""
