"""Naik Kelas: tiered training and mentoring programs for UMKM."""
