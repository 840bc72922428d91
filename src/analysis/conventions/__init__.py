"""How BLS writes OEWS data, shared by every stage: the canonical frame (schema), BLS symbols and
numbers (values), SOC codes and their revisions (occupations), areas (geography) and top-code bounds (topcode)."""
