"""Staff accounts, reporting centres, passwords, sign-in locks and two-factor sign-in."""
