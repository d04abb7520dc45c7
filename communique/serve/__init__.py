"""communique.serve"""
