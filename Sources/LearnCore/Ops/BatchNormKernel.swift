import Foundation

// Batch normalisation over [N, C, L] (L = H·W for images, 1 for features): statistics per
// channel c over the M = N·L values. Channels are independent, so they run in parallel.
//
// Training:  μ = mean, σ² = biased variance, x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β
//   dβ = Σ g     dγ = Σ g·x̂     dx = γ/√(σ²+ε) · (g − Σg/M − x̂·Σ(g·x̂)/M)
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
        let useBatchStats = training || runningMean == nil || runningVar == nil
        require(!useBatchStats || M > 1, "batchNorm in training needs more than one value per channel, got input \(x.shape)")
        require(runningMean.map { $0.count == C } ?? true, "running statistics do not match \(C) channels")
        var mean = [Float](repeating: 0, count: C), invStd = [Float](repeating: 0, count: C)
        var batchVar = [Float](repeating: 0, count: C)
        if useBatchStats {
            x.data.withUnsafeBufferPointer { xp in mean.withUnsafeMutableBufferPointer { mp in
            invStd.withUnsafeMutableBufferPointer { sp in batchVar.withUnsafeMutableBufferPointer { vp in
                let (xb, mb, sb, vb) = (xp.baseAddress!, mp.baseAddress!, sp.baseAddress!, vp.baseAddress!)
                parallelFor(C, costPerItem: 2 * M) { channels in
                    for c in channels {
                        var s: Double = 0
                        for n in 0..<N { let p = xb + (n * C + c) * L; var t: Float = 0; for l in 0..<L { t += p[l] }; s += Double(t) }
                        let m = Float(s / Double(M))
                        var v: Double = 0
                        for n in 0..<N { let p = xb + (n * C + c) * L; var t: Float = 0; for l in 0..<L { let d = p[l] - m; t += d * d }; v += Double(t) }
                        mb[c] = m
                        sb[c] = Float(1 / (v / Double(M) + Double(eps)).squareRoot())
                        vb[c] = Float(v)
                    }
                }
            } } } }
            if training, let rm = runningMean, let rv = runningVar {
                for c in 0..<C {
                    rm.data[c] = (1 - momentum) * rm.data[c] + momentum * mean[c]
                    rv.data[c] = (1 - momentum) * rv.data[c] + momentum * batchVar[c] / Float(M - 1)
                }
            }
        } else {
            for c in 0..<C {
                mean[c] = runningMean!.data[c]
                invStd[c] = 1 / (runningVar!.data[c] + eps).squareRoot()
            }
        }
        // y = x·scale + shift per channel
        let gamma = weight?.data ?? [Float](repeating: 1, count: C)
        let beta = bias?.data ?? [Float](repeating: 0, count: C)
        let y = [Float](unsafeUninitializedCapacity: x.count) { buf, k in
            x.data.withUnsafeBufferPointer { xp in
                let (xb, yb) = (xp.baseAddress!, buf.baseAddress!)
                parallelFor(N * C, costPerItem: L) { rows in
                    for r in rows {
                        let c = r % C
                        let scale = gamma[c] * invStd[c], shift = beta[c] - mean[c] * scale
                        let src = xb + r * L, dst = yb + r * L
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
                sumG.withUnsafeMutableBufferPointer { sgp in sumGXhat.withUnsafeMutableBufferPointer { sxp in
                    let (xb, gb, sg, sx) = (xp.baseAddress!, gp.baseAddress!, sgp.baseAddress!, sxp.baseAddress!)
                    parallelFor(C, costPerItem: 2 * M) { channels in
                        for c in channels {
                            var s: Float = 0, t: Float = 0
                            let m = mean[c]
                            for n in 0..<N {
                                let xs = xb + (n * C + c) * L, gs = gb + (n * C + c) * L
                                for l in 0..<L { s += gs[l]; t += gs[l] * (xs[l] - m) }
                            }
                            sg[c] = s
                            sx[c] = t * invStd[c]
                        }
                    }
                } } } }
            }
            if let weight, weight.requiresGrad { weight.accumulateGrad(sumGXhat) }
            if let bias, bias.requiresGrad { bias.accumulateGrad(sumG) }
            guard x.requiresGrad else { return }
            let dx = [Float](unsafeUninitializedCapacity: x.count) { buf, k in
                x.data.withUnsafeBufferPointer { xp in g.withUnsafeBufferPointer { gp in
                    let (xb, gb, db) = (xp.baseAddress!, gp.baseAddress!, buf.baseAddress!)
                    let mInv = 1 / Float(M)
                    parallelFor(N * C, costPerItem: L) { rows in
                        for r in rows {
                            let c = r % C
                            let scale = gamma[c] * invStd[c]
                            let xs = xb + r * L, gs = gb + r * L, d = db + r * L
                            if useBatchStats {
                                let m = mean[c], s = invStd[c], a = mInv * sumG[c], b = mInv * sumGXhat[c]
                                for l in 0..<L { d[l] = scale * (gs[l] - a - (xs[l] - m) * s * b) }
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
