"""The network read back: selections, statistics, the report, exports and import."""
