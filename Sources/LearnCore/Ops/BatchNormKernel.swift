import Foundation

// Batch normalisation over [N, C, L] (L = H·W for images, 1 for features): statistics per
// channel c over the M = N·L values.
//
// Training:  μ = mean, σ² = biased variance, x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β
//   dβ = Σ g     dγ = Σ g·x̂     dx = γ/(M·√(σ²+ε)) · (M·g − Σ g − x̂·Σ g·x̂)
//   running = (1 − momentum)·running + momentum·batch (the unbiased variance is stored).
// Evaluation: the running statistics replace μ and σ², making y an affine map of x.

extension Tensor {
    public static func batchNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?,
                                 runningMean: Tensor?, runningVar: Tensor?, training: Bool,
                                 momentum: Float = 0.1, eps: Float = 1e-5) -> Tensor {
        require(x.rank >= 2, "batchNorm needs [N, C, …], got \(x.shape)")
        let (N, C) = (x.shape[0], x.shape[1])
        let L = x.shape[2...].reduce(1, *)
        let M = N * L
        var mean = [Float](repeating: 0, count: C), invStd = [Float](repeating: 0, count: C)
        let useBatchStats = training || runningMean == nil || runningVar == nil
        x.data.withUnsafeBufferPointer { xp in
            for c in 0..<C {
                if useBatchStats {
                    require(M > 1, "batchNorm in training needs more than one value per channel, got input \(x.shape)")
                    var s: Double = 0
                    for n in 0..<N { let p = xp.baseAddress! + (n * C + c) * L; for l in 0..<L { s += Double(p[l]) } }
                    let m = s / Double(M)
                    var v: Double = 0
                    for n in 0..<N { let p = xp.baseAddress! + (n * C + c) * L; for l in 0..<L { let d = Double(p[l]) - m; v += d * d } }
                    let biased = v / Double(M)
                    mean[c] = Float(m)
                    invStd[c] = Float(1 / (biased + Double(eps)).squareRoot())
                    if training, let rm = runningMean, let rv = runningVar {
                        rm.data[c] = (1 - momentum) * rm.data[c] + momentum * Float(m)
                        rv.data[c] = (1 - momentum) * rv.data[c] + momentum * Float(v / Double(M - 1))
                    }
                } else {
                    mean[c] = runningMean!.data[c]
                    invStd[c] = 1 / (runningVar!.data[c] + eps).squareRoot()
                }
            }
        }
        // y = x·scale + shift per channel
        let gamma = weight?.data ?? [Float](repeating: 1, count: C)
        let beta = bias?.data ?? [Float](repeating: 0, count: C)
        let y = [Float](unsafeUninitializedCapacity: x.count) { buf, k in
            x.data.withUnsafeBufferPointer { xp in
                for c in 0..<C {
                    let scale = gamma[c] * invStd[c], shift = beta[c] - mean[c] * scale
                    for n in 0..<N {
                        let src = xp.baseAddress! + (n * C + c) * L, dst = buf.baseAddress! + (n * C + c) * L
                        for l in 0..<L { dst[l] = src[l] * scale + shift }
                    }
                }
            }
            k = x.count
        }
        let inputs = [x] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
        return Tensor.result(shape: x.shape, data: y, inputs: inputs) { g in
            var sumG = [Float](repeating: 0, count: C), sumGXhat = [Float](repeating: 0, count: C)
            let needParamGrads = (weight?.requiresGrad ?? false) || (bias?.requiresGrad ?? false)
            if useBatchStats || needParamGrads {
                x.data.withUnsafeBufferPointer { xp in g.withUnsafeBufferPointer { gp in
                    for c in 0..<C {
                        var s: Float = 0, sx: Float = 0
                        for n in 0..<N {
                            let xs = xp.baseAddress! + (n * C + c) * L, gs = gp.baseAddress! + (n * C + c) * L
                            for l in 0..<L { s += gs[l]; sx += gs[l] * (xs[l] - mean[c]) }
                        }
                        sumG[c] = s
                        sumGXhat[c] = sx * invStd[c]
                    }
                } }
            }
            if let weight, weight.requiresGrad { weight.accumulateGrad(sumGXhat) }
            if let bias, bias.requiresGrad { bias.accumulateGrad(sumG) }
            guard x.requiresGrad else { return }
            let dx = [Float](unsafeUninitializedCapacity: x.count) { buf, k in
                x.data.withUnsafeBufferPointer { xp in g.withUnsafeBufferPointer { gp in
                    for c in 0..<C {
                        let scale = gamma[c] * invStd[c]
                        let mInv = 1 / Float(M)
                        for n in 0..<N {
                            let off = (n * C + c) * L
                            let xs = xp.baseAddress! + off, gs = gp.baseAddress! + off, d = buf.baseAddress! + off
                            if useBatchStats {
                                for l in 0..<L {
                                    let xhat = (xs[l] - mean[c]) * invStd[c]
                                    d[l] = scale * (gs[l] - mInv * sumG[c] - xhat * mInv * sumGXhat[c])
                                }
                            } else {
                                for l in 0..<L { d[l] = gs[l] * scale }
                            }
                        }
                    }
                } }
                k = x.count
            }
            x.accumulateGrad(dx)
        }
    }
}
