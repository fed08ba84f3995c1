"""Writes of the training step, one module per concept: the schedule, the roster (enrolments),
attendance, assignments, graduation, certificates and a level's templates."""
