"""Training pages, one module per concept: a batch and its sessions, attendance, enrolments (the
participant's own page), graduation, assignments, certificates and a level's templates."""
