"""communique.extract"""
