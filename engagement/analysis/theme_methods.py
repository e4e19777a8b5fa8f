"""The theme-finding methods, in a module of their own so that the command line can offer
them without importing the text analysis (nltk, scikit-learn) for every command."""

METHODS = ("embedding", "nmf")
