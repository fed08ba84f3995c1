"""Writes for accounts, one module per concept: sign-in defences (security), API tokens (tokens), staff
(staff), organisations and onboarding (organisations). Callers import the module they need."""
