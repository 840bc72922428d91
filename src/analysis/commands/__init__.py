"""The ``him-wages`` subcommands, one small module each; :mod:`analysis.cli` parses the command line and
dispatches to the chosen module's ``add_arguments(parser)`` and ``run(args)``.

- :mod:`~analysis.commands.data`: build ``data/processed`` (:mod:`analysis.store`);
- :mod:`~analysis.commands.info`: the releases, areas and occupations available, with provenance;
- :mod:`~analysis.commands.show`: one occupation's published figures, by area, year and industry;
- :mod:`~analysis.commands.fetch`: download BLS files (:mod:`analysis.fetch`);
- :mod:`~analysis.commands.report`: run the notebooks of a run config (:mod:`analysis.reports`).

A command prints its results and raises on failure; it never chooses an exit code or prints an error line itself
(:func:`analysis.console.report_failure` and :data:`analysis.errors.EXIT_CODES` do, once).
"""
