"""Adding a document to the corpus: reading what an editor brings and proposing its manifest entry."""
