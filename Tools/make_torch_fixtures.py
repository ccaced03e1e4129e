#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures for LearnCoreTests (Tests/LearnCoreTests/Fixtures).

Run once in a scratch virtualenv (the tests never need PyTorch):
    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch torchvision
    /tmp/torchenv/bin/python Tools/make_torch_fixtures.py

Each case is a safetensors file (written here without the safetensors package) holding the
inputs, the parameters, the outputs and the gradients of `(output * grad_out).sum()`.
ResNet18's weights are not stored: both sides fill them from the same formula
(`formula_values`), so the fixture holds only the key list, an input and the logits.
"""
import json, math, os, struct, sys
import torch, torchvision

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "LearnCoreTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if t.dtype == torch.int64:
            dtype, data = "I64", t.numpy().astype("<i8").tobytes()
        else:
            dtype, data = "F32", t.float().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def with_grads(out, inputs, gy_seed):
    g = torch.Generator().manual_seed(gy_seed)
    gy = torch.randn(out.shape, generator=g)
    (out * gy).sum().backward()
    return gy


def case_conv():
    x = torch.randn(2, 3, 7, 7, requires_grad=True)
    conv = torch.nn.Conv2d(3, 4, 3, stride=2, padding=1)
    y = conv(x)
    gy = with_grads(y, [x], 1)
    conv2 = torch.nn.Conv2d(3, 2, 2, stride=1, padding=0, bias=False)
    y2 = conv2(x.detach())
    write_safetensors(f"{OUT}/conv2d.safetensors", {
        "x": x, "weight": conv.weight, "bias": conv.bias, "y": y, "gy": gy,
        "dx": x.grad, "dweight": conv.weight.grad, "dbias": conv.bias.grad,
        "weight2": conv2.weight, "y2": y2})


def case_batchnorm():
    bn = torch.nn.BatchNorm2d(3)
    with torch.no_grad():
        bn.weight.copy_(torch.rand(3) + 0.5)
        bn.bias.copy_(torch.randn(3))
    x = (torch.randn(4, 3, 5, 5) * 2 + 1).requires_grad_()
    y = bn(x)  # training mode: batch statistics, running stats move
    gy = with_grads(y, [x], 2)
    bn.eval()
    x2 = torch.randn(2, 3, 5, 5)
    y_eval = bn(x2)
    bn1 = torch.nn.BatchNorm1d(4)
    f = torch.randn(6, 4) * 3
    y1 = bn1(f)
    write_safetensors(f"{OUT}/batchnorm.safetensors", {
        "x": x, "weight": bn.weight, "bias": bn.bias, "y": y, "gy": gy,
        "dx": x.grad, "dweight": bn.weight.grad, "dbias": bn.bias.grad,
        "running_mean": bn.running_mean, "running_var": bn.running_var,
        "x_eval": x2, "y_eval": y_eval,
        "features": f, "y1": y1, "running_var1": bn1.running_var})


def case_linear_pool_loss():
    x = torch.randn(5, 6, requires_grad=True)
    lin = torch.nn.Linear(6, 4)
    y = lin(x)
    gy = with_grads(y, [x], 3)
    write_safetensors(f"{OUT}/linear.safetensors", {
        "x": x, "weight": lin.weight, "bias": lin.bias, "y": y, "gy": gy,
        "dx": x.grad, "dweight": lin.weight.grad, "dbias": lin.bias.grad})

    x = torch.randn(2, 3, 7, 7, requires_grad=True)
    y = torch.nn.MaxPool2d(3, stride=2, padding=1)(x)
    gy = with_grads(y, [x], 4)
    xa = torch.randn(2, 3, 7, 5, requires_grad=True)
    ya = torch.nn.AdaptiveAvgPool2d((3, 2))(xa)
    gya = with_grads(ya, [xa], 5)
    xv = torch.randn(1, 2, 6, 6)
    yv = torch.nn.AvgPool2d(3, stride=2, padding=1)(xv)
    write_safetensors(f"{OUT}/pooling.safetensors", {
        "x": x, "y": y, "gy": gy, "dx": x.grad,
        "xa": xa, "ya": ya, "gya": gya, "dxa": xa.grad, "xv": xv, "yv": yv})

    logits = torch.randn(6, 5, requires_grad=True)
    labels = torch.tensor([0, 4, 2, 2, 1, 3])
    loss = torch.nn.functional.cross_entropy(logits, labels)
    loss.backward()
    write_safetensors(f"{OUT}/cross_entropy.safetensors", {
        "logits": logits, "labels": labels, "loss": loss.reshape([]), "dlogits": logits.grad})


def case_optimisers():
    tensors = {}
    x = torch.randn(8, 3)
    t = torch.randn(8, 2)
    for name, make in [("sgd", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01)),
                       ("nesterov", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
                       ("adam", lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.01))]:
        torch.manual_seed(5)
        lin = torch.nn.Linear(3, 2)
        tensors[f"{name}.weight0"] = lin.weight.detach().clone()
        tensors[f"{name}.bias0"] = lin.bias.detach().clone()
        opt = make(lin.parameters())
        for _ in range(3):
            opt.zero_grad()
            torch.nn.functional.mse_loss(lin(x), t).backward()
            opt.step()
        tensors[f"{name}.weight3"] = lin.weight.detach().clone()
        tensors[f"{name}.bias3"] = lin.bias.detach().clone()
    tensors["x"], tensors["t"] = x, t
    write_safetensors(f"{OUT}/optimisers.safetensors", tensors)


def formula_values(k, name, t):
    """Deterministic parameter values that LearnCoreTests recomputes in Swift."""
    n = t.numel()
    i = torch.arange(n, dtype=torch.float64)
    base = torch.sin(0.7 * i + 0.3 * k + 0.1)
    if name.endswith("num_batches_tracked"):
        return torch.tensor(0, dtype=torch.int64)
    if name.endswith("running_mean") or (name.endswith("bias")):
        v = 0.1 * base
    elif name.endswith("running_var"):
        v = 0.75 + 0.25 * base
    elif t.dim() == 1:  # batch-norm weight
        v = 1 + 0.2 * base
    else:
        fan_in = t[0].numel()
        v = base * math.sqrt(3.0 / fan_in)
    return v.float().reshape(t.shape)


def case_resnet18():
    model = torchvision.models.resnet18(weights=None)
    model.fc = torch.nn.Linear(512, 10)
    sd = model.state_dict()
    new = {name: formula_values(k, name, t) for k, (name, t) in enumerate(sd.items())}
    model.load_state_dict(new)
    with open(f"{OUT}/resnet18_keys.txt", "w") as f:
        for name, t in sd.items():
            f.write(f"{name} {list(t.shape)}\n".replace(" [", "\t[").replace(", ", ","))
    # 64×64 keeps layer4 at 2×2: with 1×1 maps and batch 2, training-mode batch norm is so
    # ill-conditioned that float32 PyTorch itself disagrees with float64 in the first digit.
    # The input is random, drawn until no max-pool window holds a near tie (a tie's winner
    # depends on rounding, and the gradient follows the winner).
    for seed in range(100):
        x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(seed))
        model.train()
        with torch.no_grad():
            h = model.relu(model.bn1(model.conv1(x)))
        windows = torch.nn.functional.unfold(torch.nn.functional.pad(h, (1, 1, 1, 1), value=-1e9).reshape(-1, 1, 34, 34),
                                             3, stride=2)
        top = windows.topk(2, dim=1).values
        gap = (top[:, 0] - top[:, 1]) / top[:, 0].clamp(min=1e-12)
        if ((top[:, 0] > 0) & (gap < 1e-4)).sum() == 0:
            break
    model.load_state_dict(new)  # the probe above moved the running statistics
    model.eval()
    with torch.no_grad():
        eval_logits = model(x)
    model.train()
    train_logits = model(x)
    loss = torch.nn.functional.cross_entropy(train_logits, torch.tensor([3, 7]))
    loss.backward()
    write_safetensors(f"{OUT}/resnet18.safetensors", {
        "x": x, "eval_logits": eval_logits, "train_logits": train_logits, "loss": loss.reshape([]),
        "bn1.running_mean": model.bn1.running_mean, "layer4.1.bn2.running_var": model.layer4[1].bn2.running_var,
        "fc.weight.grad": model.fc.weight.grad, "conv1.weight.grad": model.conv1.weight.grad})


def case_pth():
    torch.manual_seed(11)
    net = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3), torch.nn.ReLU(),
                              torch.nn.Flatten(), torch.nn.Linear(12, 2))
    net.train()
    for _ in range(7):
        net(torch.randn(4, 2, 4, 4))
    torch.save(net.state_dict(), f"{OUT}/small_net.pth")
    write_safetensors(f"{OUT}/small_net_expected.safetensors", net.state_dict())
    # A tensor saved as a transposed view (non-contiguous strides) and a float16 one.
    base = torch.arange(6.0).reshape(2, 3)
    torch.save({"transposed": base.t(), "half": torch.tensor([1.5, -2.0, 0.25], dtype=torch.float16),
                "double": torch.tensor([[0.1, 0.2]], dtype=torch.float64)}, f"{OUT}/views.pth")


if __name__ == "__main__":
    case_conv()
    case_batchnorm()
    case_linear_pool_loss()
    case_optimisers()
    case_resnet18()
    case_pth()
    print("wrote fixtures to", os.path.normpath(OUT), "with torch", torch.__version__, file=sys.stderr)
