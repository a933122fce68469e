"""OAI-PMH 2.0 at /oai/: published documents as Dublin Core, for libraries and aggregators."""
