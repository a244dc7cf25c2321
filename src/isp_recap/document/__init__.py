"""The format-neutral Document (`nodes`) and the builder that makes one edition of it from a Memo."""
