"""One module a verb: ``add_parser(subparsers)`` declares it, ``run(args) -> int`` runs it."""
