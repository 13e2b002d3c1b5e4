"""Reference datasets for test/numpy/datasets.test.ts: the course's data, drawn by the real
scikit-learn and numpy after np.random.seed. Run from the repository root with Debian's Python
(python3-sklearn, python3-numpy):

    /usr/bin/python3 test/vectors/sklearn_datasets.py > test/vectors/sklearn-datasets.json

The JSON is committed, so the tests run without Python.
"""
import json
import sys

import numpy as np
import sklearn
import sklearn.datasets


def planar():
    # The course's load_planar_dataset() (planar_utils.py), as written there.
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X, Y.ravel()


def as_json(X, y):
    return {"x": [float(v) for v in np.ravel(X)], "y": [int(v) for v in np.ravel(y)]}


np.random.seed(1)
circles = sklearn.datasets.make_circles(300, noise=0.05)
np.random.seed(3)
moons = sklearn.datasets.make_moons(300, noise=0.2)
json.dump(
    {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "circles_300_0.05_seed1": as_json(*circles),
        "moons_300_0.2_seed3": as_json(*moons),
        "planar_400_seed1": as_json(*planar()),
    },
    sys.stdout,
)
