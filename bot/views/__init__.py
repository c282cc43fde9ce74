"""Views: turn results into Slack messages (Block Kit plus a plain-text fallback)."""
