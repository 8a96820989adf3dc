"""`make bench`: measured compression, speed, range-read and memory figures (issue 7).

Run ``python -m bench.run [--quick] [--reps N] [--no-large]``; results go to
bench/results.json and docs/benchmarks.md (+ docs/images/benchmark_ratios.png).
"""
