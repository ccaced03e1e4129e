// Losses, composed from primitives (their gradients come from the primitives').

/// Mean cross-entropy of `logits` [N, C] against class indices `labels` [N]
/// (PyTorch's `CrossEntropyLoss`: log-softmax then negative log-likelihood).
public func crossEntropy(_ logits: Tensor, _ labels: IntTensor) -> Tensor {
    require(logits.rank == 2 && labels.count == logits.shape[0],
                 "crossEntropy needs logits [N, C] and N labels; got \(logits.shape) and \(labels.shape)")
    return -logits.logSoftmax(axis: 1).gather(labels).mean()
}

/// Mean negative log-likelihood of log-probabilities [N, C].
public func nllLoss(_ logProbabilities: Tensor, _ labels: IntTensor) -> Tensor {
    -logProbabilities.gather(labels).mean()
}

/// Mean squared error.
public func mse(_ prediction: Tensor, _ target: Tensor) -> Tensor {
    (prediction - target).square().mean()
}

/// Mean binary cross-entropy of probabilities against 0/1 targets (logs clamped at −100 as
/// in PyTorch, so a probability of exactly 0 or 1 gives a finite loss).
public func binaryCrossEntropy(_ probability: Tensor, _ target: Tensor) -> Tensor {
    let logP = probability.log().clamp(min: -100)
    let log1mP = (1 - probability).log().clamp(min: -100)
    return -(target * logP + (1 - target) * log1mP).mean()
}

/// Binary cross-entropy from logits, computed stably: max(x,0) − x·t + log(1 + e^(−|x|)).
public func binaryCrossEntropyWithLogits(_ logits: Tensor, _ target: Tensor) -> Tensor {
    // (1 − t)·x + softplus(−x): smooth everywhere, so the gradient is σ(x) − t even at x = 0
    // (a relu/abs form has kinks there whose one-sided derivatives do not add up).
    (logits - logits * target + (-logits).softplus()).mean()
}
