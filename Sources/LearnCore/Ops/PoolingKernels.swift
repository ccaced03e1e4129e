// Pooling over the last two axes of [N, C, H, W]; each plane is independent.

struct PoolGeometry {
    let planes, h, w, oh, ow, kernel, stride, padding: Int
    init(_ shape: [Int], kernel: Int, stride: Int, padding: Int) {
        require(shape.count == 4, "pooling needs [N, C, H, W], got \(shape)")
        require(padding * 2 <= kernel, "pad should be at most half of the kernel size")
        planes = shape[0] * shape[1]
        (h, w) = (shape[2], shape[3])
        (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
        oh = (h + 2 * padding - kernel) / stride + 1
        ow = (w + 2 * padding - kernel) / stride + 1
        require(oh > 0 && ow > 0, "pooling kernel \(kernel) larger than input \(h)×\(w)")
    }
}

extension Tensor {
    /// Max pooling; padding counts as −∞.  y[n,c,i,j] = max over the window; the gradient
    /// goes to the (first) position of the maximum.
    public static func maxPool2d(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        let geo = PoolGeometry(x.shape, kernel: kernel, stride: stride ?? kernel, padding: padding)
        let (H, W, OH, OW) = (geo.h, geo.w, geo.oh, geo.ow)
        let outCount = geo.planes * OH * OW
        var argmax = [Int32](repeating: 0, count: outCount)
        let y = [Float](unsafeUninitializedCapacity: outCount) { buf, k in
            x.data.withUnsafeBufferPointer { xp in argmax.withUnsafeMutableBufferPointer { ap in
                let (xb, ab, yb) = (xp.baseAddress!, ap.baseAddress!, buf.baseAddress!)
                parallelFor(geo.planes, costPerItem: OH * OW * kernel * kernel) { planes in
                for pl in planes {
                    let src = xb + pl * H * W
                    for i in 0..<OH { for j in 0..<OW {
                        var best = -Float.infinity, bi = -1
                        let h0 = i * geo.stride - geo.padding, w0 = j * geo.stride - geo.padding
                        for di in Swift.max(0, h0)..<Swift.min(H, h0 + kernel) {
                            for dj in Swift.max(0, w0)..<Swift.min(W, w0 + kernel) {
                                let v = src[di * W + dj]
                                if v > best || bi < 0 || v.isNaN { best = v; bi = di * W + dj }
                            }
                        }
                        let o = (pl * OH + i) * OW + j
                        yb[o] = best
                        ab[o] = Int32(bi)
                    } }
                }
                }
            } }
            k = outCount
        }
        let outShape = [x.shape[0], x.shape[1], OH, OW]
        return Tensor.result(shape: outShape, data: y, inputs: [x]) { g in
            var dx = [Float](repeating: 0, count: x.count)
            dx.withUnsafeMutableBufferPointer { d in
                for pl in 0..<geo.planes { for q in 0..<(OH * OW) {
                    let o = pl * OH * OW + q
                    d[pl * H * W + Int(argmax[o])] += g[o]
                } }
            }
            x.accumulateGrad(dx)
        }
    }

    /// Average pooling; with `countIncludePad` (PyTorch's default) padding counts as zeros
    /// in the divisor.
    public static func avgPool2d(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0,
                                 countIncludePad: Bool = true) -> Tensor {
        let geo = PoolGeometry(x.shape, kernel: kernel, stride: stride ?? kernel, padding: padding)
        return pool(x, outH: geo.oh, outW: geo.ow) { i, j in
            let h0 = i * geo.stride - geo.padding, w0 = j * geo.stride - geo.padding
            let hs = Swift.max(0, h0), he = Swift.min(geo.h, h0 + kernel)
            let ws = Swift.max(0, w0), we = Swift.min(geo.w, w0 + kernel)
            let divisor = countIncludePad
                ? (Swift.min(geo.h + geo.padding, h0 + kernel) - h0) * (Swift.min(geo.w + geo.padding, w0 + kernel) - w0)
                : (he - hs) * (we - ws)
            return (hs..<he, ws..<we, Float(divisor))
        }
    }

    /// Adaptive average pooling to `outH × outW`: window i spans ⌊i·H/outH⌋ ..< ⌈(i+1)·H/outH⌉.
    public static func adaptiveAvgPool2d(_ x: Tensor, outH: Int, outW: Int) -> Tensor {
        require(x.rank == 4, "adaptiveAvgPool2d needs [N, C, H, W], got \(x.shape)")
        let (H, W) = (x.shape[2], x.shape[3])
        return pool(x, outH: outH, outW: outW) { i, j in
            let hs = i * H / outH, he = ((i + 1) * H + outH - 1) / outH
            let ws = j * W / outW, we = ((j + 1) * W + outW - 1) / outW
            return (hs..<he, ws..<we, Float((he - hs) * (we - ws)))
        }
    }

    /// Shared average-pool kernel: `window(i, j)` gives rows, columns and divisor of output (i, j).
    static func pool(_ x: Tensor, outH: Int, outW: Int,
                     window: (Int, Int) -> (Range<Int>, Range<Int>, Float)) -> Tensor {
        let planes = x.shape[0] * x.shape[1], H = x.shape[2], W = x.shape[3]
        let windows = (0..<outH).flatMap { i in (0..<outW).map { j in window(i, j) } }
        let outCount = planes * outH * outW
        let y = [Float](unsafeUninitializedCapacity: outCount) { buf, k in
            x.data.withUnsafeBufferPointer { xp in
                for pl in 0..<planes {
                    let src = xp.baseAddress! + pl * H * W
                    for (q, (rows, cols, divisor)) in windows.enumerated() {
                        var s: Float = 0
                        for r in rows { for c in cols { s += src[r * W + c] } }
                        buf[pl * outH * outW + q] = s / divisor
                    }
                }
            }
            k = outCount
        }
        return Tensor.result(shape: [x.shape[0], x.shape[1], outH, outW], data: y, inputs: [x]) { g in
            var dx = [Float](repeating: 0, count: x.count)
            dx.withUnsafeMutableBufferPointer { d in
                for pl in 0..<planes {
                    let dst = d.baseAddress! + pl * H * W
                    for (q, (rows, cols, divisor)) in windows.enumerated() {
                        let v = g[pl * outH * outW + q] / divisor
                        for r in rows { for c in cols { dst[r * W + c] += v } }
                    }
                }
            }
            x.accumulateGrad(dx)
        }
    }
}
