"""Professional accounts: register, confirm the email, sign in and out, reset, delete."""
