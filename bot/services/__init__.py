"""Services: the bot's decisions. They take a Session from the caller and never import Slack."""
