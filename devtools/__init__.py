"""Developer tools, not shipped to users: benchmarks (bench, bench_inputs) and the oe flat-file writer used
to build the bundled extract (oe_writer)."""
