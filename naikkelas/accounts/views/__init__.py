"""Pages of accounts, one module per concept: sign-in and two-step verification (sign_in), the account
page and its API tokens (account), staff (staff), the installation page (organisations), late edits
(edit_conflicts), the home page (home)."""
