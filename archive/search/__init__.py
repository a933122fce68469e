"""Full-text search over public documents, with alias expansion, facets and highlights.

Import from the modules themselves: `engine` (searching, filtering, highlighting), `names`
(the name list and alias expansion), `columns`, `query`, `highlight`, `index`.
"""
