"""Reference for test/nn/lr-change.test.ts: PyTorch's optimizers keep their state when only the
learning rate changes (param_groups[0]['lr'] = ...). A 3-4-1 tanh/sigmoid net with fixed weights,
20 steps at one rate then 20 at another, full batch, BCE with logits. Run from the repository root
with Debian's Python (python3-torch):

    /usr/bin/python3 test/vectors/torch_lr_change.py > test/vectors/torch-lr-change.json
"""
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float32)


def fixed(n, k):
    return [math.sin(0.7 * i + k) * 0.8 for i in range(n)]


X = torch.tensor(fixed(24, 1.0)).reshape(8, 3)
Y = torch.tensor([[1.0], [0.0], [1.0], [1.0], [0.0], [0.0], [1.0], [0.0]])
W0 = fixed(12, 2.0)
W1 = fixed(4, 3.0)


def run(make):
    l0 = torch.nn.Linear(3, 4)
    l1 = torch.nn.Linear(4, 1)
    with torch.no_grad():
        l0.weight.copy_(torch.tensor(W0).reshape(4, 3))
        l0.bias.zero_()
        l1.weight.copy_(torch.tensor(W1).reshape(1, 4))
        l1.bias.zero_()
    params = list(l0.parameters()) + list(l1.parameters())
    opt = make(params)
    for lr in (0.01, 0.005):
        opt.param_groups[0]["lr"] = lr
        for _ in range(20):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(l1(torch.tanh(l0(X))), Y)
            loss.backward()
            opt.step()
    return {
        "kernel0": [float(v) for v in l0.weight.detach().ravel()],
        "bias0": [float(v) for v in l0.bias.detach().ravel()],
        "kernel1": [float(v) for v in l1.weight.detach().ravel()],
        "bias1": [float(v) for v in l1.bias.detach().ravel()],
    }


json.dump(
    {
        "torch": torch.__version__,
        "x": [float(v) for v in X.ravel()],
        "y": [float(v) for v in Y.ravel()],
        "kernel0": W0,
        "kernel1": W1,
        "adam": run(lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
        "sgd_momentum": run(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9)),
    },
    sys.stdout,
)
