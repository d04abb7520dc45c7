from communique.serve.cli import main

main()
