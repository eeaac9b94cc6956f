"""The roles a member of staff can hold."""

ADMIN = "admin"
OFFICER = "officer"
CENTRE_STAFF = "centre_staff"

ROLES = (ADMIN, OFFICER, CENTRE_STAFF)
ROLE_NAMES = {ADMIN: "Admin", OFFICER: "Officer", CENTRE_STAFF: "Reporting centre staff"}
