import Foundation

/// Changes an optimiser's learning rate once per `step()` (usually once per epoch).
public protocol LRScheduler: AnyObject {
    /// Advances one epoch and sets the optimiser's learning rate.
    func step()
    /// The learning rate set by the last step.
    var lastLR: Float { get }
}

/// Multiplies the learning rate by `gamma` every `step` epochs (PyTorch's StepLR).
public final class StepLR: LRScheduler {
    public let optimizer: Optimizer
    public let stepSize: Int, gamma: Float, baseLR: Float
    public private(set) var epoch = 0

    public init(_ optimizer: Optimizer, step: Int, gamma: Float = 0.1) {
        require(step > 0, "StepLR step must be positive")
        (self.optimizer, stepSize, self.gamma, baseLR) = (optimizer, step, gamma, optimizer.lr)
    }
    public func step() {
        epoch += 1
        optimizer.lr = baseLR * Foundation.pow(gamma, Float(epoch / stepSize))
    }
    public var lastLR: Float { optimizer.lr }
}

/// Cosine annealing from the initial rate to `minLR` over `tMax` epochs (CosineAnnealingLR).
public final class CosineAnnealingLR: LRScheduler {
    public let optimizer: Optimizer
    public let tMax: Int, minLR: Float, baseLR: Float
    public private(set) var epoch = 0

    public init(_ optimizer: Optimizer, tMax: Int, minLR: Float = 0) {
        require(tMax > 0, "CosineAnnealingLR tMax must be positive")
        (self.optimizer, self.tMax, self.minLR, baseLR) = (optimizer, tMax, minLR, optimizer.lr)
    }
    public func step() {
        epoch += 1
        let t = Float(min(epoch, tMax))
        optimizer.lr = minLR + (baseLR - minLR) * (1 + Foundation.cos(Float.pi * t / Float(tMax))) / 2
    }
    public var lastLR: Float { optimizer.lr }
}
