/// The seedable generator behind every random tensor, dropout mask and shuffle
/// (xoshiro256**, seeded through SplitMix64). `manualSeed(_:)` makes runs repeatable.
public struct SeededGenerator: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public mutating func next() -> UInt64 {
        func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 24 random bits (every Float in the grid equally likely).
    public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Standard normal by the Box–Muller transform.
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal { spareNormal = nil; return Float(spare) }
        let u1 = (Double(next() >> 11) + 1) * 0x1p-53  // (0, 1]
        let u2 = Double(next() >> 11) * 0x1p-53
        let r = (-2 * _log(u1)).squareRoot()
        spareNormal = r * _sin(2 * .pi * u2)
        return Float(r * _cos(2 * .pi * u2))
    }
}

import Foundation
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Foundation.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

/// The global generator used when no generator is passed.
public var defaultGenerator = SeededGenerator(seed: 0)

/// Seeds the global generator (like `torch.manual_seed`).
public func manualSeed(_ seed: UInt64) { defaultGenerator = SeededGenerator(seed: seed) }

/// A random permutation of `0..<n` (Fisher–Yates with the global generator).
public func randperm(_ n: Int) -> IntTensor {
    var p = Array(0..<n)
    if n > 1 {
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(defaultGenerator.next() % UInt64(i + 1))
            p.swapAt(i, j)
        }
    }
    return IntTensor(p)
}

/// Uniform random integers in `low..<high`.
public func randint(_ low: Int, _ high: Int, shape: [Int]) -> IntTensor {
    require(high > low, "randint needs low < high")
    let span = UInt64(high - low)
    return IntTensor(shape: shape, scalars: (0..<shape.product).map { _ in low + Int(defaultGenerator.next() % span) })
}
