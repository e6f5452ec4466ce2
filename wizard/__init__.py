"""Bedrock Terms Wizard: an offline decision wizard for Claude on Amazon Bedrock terms."""

__version__ = "0.1.0"
