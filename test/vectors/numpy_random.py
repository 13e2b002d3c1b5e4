"""Reference vectors from numpy's legacy generator (np.random.RandomState) for
test/numpy/random-state.test.ts. Run from the repository root:

    /usr/bin/python3 test/vectors/numpy_random.py > test/vectors/numpy-random.json

Needs numpy (Debian's python3-numpy; the legacy RandomState is the same in numpy 1.x and 2.x). The JSON is committed, so the tests run without Python.
"""
import json
import sys

import numpy as np


def f(a):
    return [float(v) for v in np.ravel(a)]


def i(a):
    return [int(v) for v in np.ravel(a)]


def case(seed):
    rs = np.random.RandomState(seed)
    out = {"seed": seed if isinstance(seed, int) else list(seed)}
    out["uint32"] = i(rs.randint(0, 2**32, size=10, dtype=np.uint64))
    out["rand_5"] = f(rs.rand(5))
    out["randn_7"] = f(rs.randn(7))  # odd: one Gaussian stays cached
    out["randn_2x3"] = f(rs.randn(2, 3))
    out["rand_1"] = f(rs.rand(1))  # uniform draws leave the cache alone
    out["randn_1"] = f(rs.randn(1))
    out["normal"] = f(rs.normal(2.0, 0.5, (2, 2)))
    out["uniform"] = f(rs.uniform(-1.0, 1.0, 5))
    out["randint_0_10"] = i(rs.randint(0, 10, 8))
    out["randint_5"] = i(rs.randint(5, size=6))
    out["randint_big"] = i(rs.randint(-3, 2**33, 4))
    out["permutation_10"] = i(rs.permutation(10))
    lst = list(range(7))
    rs.shuffle(lst)
    out["shuffle_7"] = lst
    out["randn_3"] = f(rs.randn(3))
    name, keys, pos, has_gauss, cached = rs.get_state()
    out["state"] = {"pos": int(pos), "has_gauss": int(has_gauss), "cached": float(cached), "keys_head": [int(k) for k in keys[:4]]}
    return out


cases = [case(s) for s in [0, 1, 2, 3, 42, 2**32 - 1, [1, 2, 3], [0], [2**32 - 1, 7]]]
rs = np.random.RandomState(0)
long_randn = f(rs.randn(5001))
rs = np.random.RandomState(3)
course = {"randn_10x2_times_sqrt_1": f(rs.randn(10, 2) * np.sqrt(2 / 2))}


def kernels(seed, dims, draw):
    # The course's initialize_parameters_*: W then b (np.zeros: no draw) for each layer, as float32.
    np.random.seed(seed)
    return [f(np.float32(draw(dims[l], dims[l - 1]))) for l in range(1, len(dims))]


course["he_2_10_5_1_seed3"] = kernels(3, [2, 10, 5, 1], lambda n, m: np.random.randn(n, m) * np.sqrt(2 / m))
course["random10_2_10_5_1_seed3"] = kernels(3, [2, 10, 5, 1], lambda n, m: np.random.randn(n, m) * 10)
course["flower_2_4_1_seed2"] = kernels(2, [2, 4, 1], lambda n, m: np.random.randn(n, m) * 0.01)
course["glorot_uniform_3_8_2_seed7"] = kernels(7, [3, 8, 2], lambda n, m: np.random.uniform(-np.sqrt(6 / (n + m)), np.sqrt(6 / (n + m)), (n, m)))
json.dump({"numpy": np.__version__, "cases": cases, "randn_5001_seed0": long_randn, "course": course}, sys.stdout)
