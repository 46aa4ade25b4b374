"""Building speaker KB files from public sources (the KB itself is :mod:`streams.nlp.kb`)."""
