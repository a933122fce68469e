"""Serializers per use: small references for nesting, list rows, complete details, and writes."""
