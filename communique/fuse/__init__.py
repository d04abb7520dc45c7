"""communique.fuse"""
