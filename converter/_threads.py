"""One BLAS thread per process, set before numpy first loads (``converter/__init__`` imports this module first).

natasha's models multiply small matrices: OpenBLAS threads only spin against each other and against the build's
worker processes (measured on a busy 2-core machine: the syntax parser of the sample took 1,044 ms with two threads,
88 ms with one). A value the user set in the environment is kept.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
