import Foundation

/// Batch normalisation over the channel axis 1 of [N, C, …] (PyTorch's BatchNorm1d and
/// BatchNorm2d): eps 1e-5, momentum 0.1. Training mode normalises with the biased batch
/// variance and moves `running_mean`/`running_var` (storing the unbiased variance) and
/// `num_batches_tracked`; evaluation mode uses the running statistics and changes nothing.
public class BatchNorm: Module {
    public override var extraDescription: String {
        "\(features), eps=\(String(format: "%g", eps)), momentum=\(momentum), affine=True, bias=True, track_running_stats=True"
    }

    public var weight: Tensor
    public var bias: Tensor
    public var running_mean: Tensor
    public var running_var: Tensor
    /// Batches seen in training (saved as int64 in files).
    public var num_batches_tracked: Tensor
    public var eps: Float
    public var momentum: Float

    public init(_ features: Int, eps: Float = 1e-5, momentum: Float = 0.1) {
        weight = Tensor.ones([features], requiresGrad: true)
        bias = Tensor.zeros([features], requiresGrad: true)
        running_mean = Tensor.zeros([features])
        running_var = Tensor.ones([features])
        num_batches_tracked = Tensor.zeros([])
        self.eps = eps
        self.momentum = momentum
        super.init()
    }

    public var features: Int { weight.count }

    public override var localParameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
    public override var localBuffers: [(String, Tensor)] {
        [("running_mean", running_mean), ("running_var", running_var), ("num_batches_tracked", num_batches_tracked)]
    }

    public override func forward(_ x: Tensor) -> Tensor {
        require(x.rank >= 2 && x.shape[1] == features,
                     "\(type(of: self))(\(features)) got input of shape \(x.shape)")
        if isTraining { num_batches_tracked.data[0] += 1 }
        return Tensor.batchNorm(x, weight: weight, bias: bias, runningMean: running_mean, runningVar: running_var,
                                training: isTraining, momentum: momentum, eps: eps)
    }
}

/// Batch normalisation of [N, C] or [N, C, L].
public final class BatchNorm1d: BatchNorm {}
/// Batch normalisation of [N, C, H, W].
public final class BatchNorm2d: BatchNorm {}
