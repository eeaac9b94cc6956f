"""Demo data for `engage demo`: consultations with responses, and staff with casework."""
