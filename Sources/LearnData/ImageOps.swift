// The pixel work behind the transforms: crop (with zero padding), flip and bilinear resize.

extension PlanarImage {
    /// The `height`×`width` window whose top-left corner is at (`top`, `left`); parts of the
    /// window outside the image are zero (so a negative `top` pads above).
    func cropped(top: Int, left: Int, height outHeight: Int, width outWidth: Int) -> PlanarImage {
        var out = PlanarImage(channels: channels, height: outHeight, width: outWidth)
        // Columns of the window that fall inside the source.
        let x0 = max(0, -left), x1 = min(outWidth, width - left)
        guard x0 < x1 else { return out }
        values.withUnsafeBufferPointer { source in
            out.values.withUnsafeMutableBufferPointer { target in
                for c in 0..<channels {
                    for y in 0..<outHeight {
                        let sy = top + y
                        guard sy >= 0 && sy < height else { continue }
                        let s = (c * height + sy) * width + left
                        let t = (c * outHeight + y) * outWidth
                        for x in x0..<x1 { target[t + x] = source[s + x] }
                    }
                }
            }
        }
        return out
    }

    /// Mirrored left to right.
    func flippedHorizontally() -> PlanarImage {
        var out = self
        values.withUnsafeBufferPointer { source in
            out.values.withUnsafeMutableBufferPointer { target in
                for row in 0..<(channels * height) {
                    let base = row * width
                    for x in 0..<width { target[base + x] = source[base + width - 1 - x] }
                }
            }
        }
        return out
    }

    /// Resized to `outHeight`×`outWidth` with a bilinear (triangle) filter, as PIL's BILINEAR
    /// and torchvision's `antialias=True`: pixel centres at half-integers; when shrinking, the
    /// filter widens with the scale so every source pixel contributes (no aliasing).
    /// Bytes are rounded to the nearest integer at the end.
    func resized(height outHeight: Int, width outWidth: Int) -> PlanarImage {
        if outHeight == height && outWidth == width { return self }
        let columns = ResampleWeights(from: width, to: outWidth)
        let rows = ResampleWeights(from: height, to: outHeight)
        // Horizontal pass into floats (channels × height × outWidth), then vertical.
        var middle = [Float](repeating: 0, count: channels * height * outWidth)
        values.withUnsafeBufferPointer { source in
            middle.withUnsafeMutableBufferPointer { target in
                for row in 0..<(channels * height) {
                    let s = row * width, t = row * outWidth
                    for x in 0..<outWidth {
                        var sum: Float = 0
                        let first = columns.first[x]
                        for k in 0..<columns.count[x] {
                            sum += source[s + first + k].floatValue * columns.weights[x * columns.stride + k]
                        }
                        target[t + x] = sum
                    }
                }
            }
        }
        var out = PlanarImage(channels: channels, height: outHeight, width: outWidth)
        middle.withUnsafeBufferPointer { source in
            out.values.withUnsafeMutableBufferPointer { target in
                for c in 0..<channels {
                    for y in 0..<outHeight {
                        let first = rows.first[y], t = (c * outHeight + y) * outWidth
                        for x in 0..<outWidth {
                            var sum: Float = 0
                            for k in 0..<rows.count[y] {
                                sum += source[(c * height + first + k) * outWidth + x] * rows.weights[y * rows.stride + k]
                            }
                            target[t + x] = Element(interpolated: sum)
                        }
                    }
                }
            }
        }
        return out
    }
}

/// For each output position along one axis: the first source index, how many source pixels
/// contribute, and their normalised triangle-filter weights (PIL's precompute_coeffs).
struct ResampleWeights {
    var first: [Int] = []
    var count: [Int] = []
    var weights: [Float] = []
    var stride = 0

    init(from inSize: Int, to outSize: Int) {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1)
        let support = 1.0 * filterScale  // the bilinear kernel reaches 1 pixel each side
        stride = Int(support.rounded(.up)) * 2 + 1
        weights = [Float](repeating: 0, count: outSize * stride)
        for i in 0..<outSize {
            let centre = (Double(i) + 0.5) * scale
            let lo = max(0, Int((centre - support + 0.5).rounded(.down)))
            let hi = min(inSize, Int((centre + support + 0.5).rounded(.down)))
            var w = [Double]()
            for j in lo..<max(lo, hi) {
                let t = abs((Double(j) - centre + 0.5) / filterScale)
                w.append(max(0, 1 - t))
            }
            let total = w.reduce(0, +)
            first.append(lo)
            count.append(w.count)
            for (k, value) in w.enumerated() where k < stride {
                weights[i * stride + k] = Float(total > 0 ? value / total : 0)
            }
        }
        count = count.map { min($0, stride) }
    }
}
