"""Hate incident reports: filing, receipts, contact details, casework, caseloads, links and
referrals."""
