"""Adding a document to the corpus (``kb add``): its format read, its entry written, its preview built."""
