import Foundation

/// Adam (PyTorch's rule; `decoupledWeightDecay` gives AdamW):
///   m = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²;  p −= lr·m̂/(√v̂ + ε)
/// with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Weight decay adds wd·p to g (Adam) or multiplies p by
/// (1 − lr·wd) first (AdamW). Frozen parameters are not touched.
public final class Adam: Optimizer {
    public let parameters: [Tensor]
    public var lr: Float
    public var betas: (Float, Float)
    public var eps: Float
    public var weightDecay: Float
    public var decoupledWeightDecay: Bool
    private var state: [ObjectIdentifier: (step: Int, m: [Float], v: [Float])] = [:]

    public init(_ parameters: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.parameters = parameters
        (self.lr, self.betas, self.eps, self.weightDecay, self.decoupledWeightDecay) = (lr, betas, eps, weightDecay, decoupledWeightDecay)
    }

    public func step() {
        let (b1, b2) = betas
        for (p, grad) in trainable() {
            let n = p.count, key = ObjectIdentifier(p)
            var s = state.removeValue(forKey: key) ?? (0, [Float](repeating: 0, count: n), [Float](repeating: 0, count: n))
            s.step += 1
            let c1 = 1 - Foundation.pow(b1, Float(s.step)), c2 = 1 - Foundation.pow(b2, Float(s.step))
            let (lr, wd, eps, decoupled) = (self.lr, weightDecay, self.eps, decoupledWeightDecay)
            p.data.withUnsafeMutableBufferPointer { pp in
                for i in 0..<n {
                    var g = grad.data[i]
                    if wd != 0 { if decoupled { pp[i] *= 1 - lr * wd } else { g += wd * pp[i] } }
                    s.m[i] = b1 * s.m[i] + (1 - b1) * g
                    s.v[i] = b2 * s.v[i] + (1 - b2) * g * g
                    pp[i] -= lr * (s.m[i] / c1) / ((s.v[i] / c2).squareRoot() + eps)
                }
            }
            state[key] = s
        }
    }
}

/// Adam with decoupled weight decay (default 0.01, as PyTorch's AdamW).
public func AdamW(_ parameters: [Tensor], lr: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                  weightDecay: Float = 0.01) -> Adam {
    Adam(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupledWeightDecay: true)
}
