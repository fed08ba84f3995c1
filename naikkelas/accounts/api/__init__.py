"""The accounts API, one router per concept: sign-in tokens (tokens), staff and organisations (staff),
late edits (edit_conflicts), the home page (home)."""
