"""communique.scale"""
