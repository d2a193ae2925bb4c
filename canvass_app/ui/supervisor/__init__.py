"""Supervisor review: the ledger of every visit on the device, stats and a map."""
