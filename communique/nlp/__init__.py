"""communique.nlp"""
