"""Self-contained HTML report and exports."""
