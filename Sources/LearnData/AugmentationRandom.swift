// The random numbers behind shuffling and augmentation, derived from a seed so that a run
// can be repeated exactly, whatever thread happens to prepare which batch.

/// SplitMix64: small, fast and good enough for choosing crops and flips. Each sample of each
/// epoch gets its own stream (`forSample`), so results do not depend on prefetch timing.
struct AugmentationRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The stream for one sample: a hash of the loader's seed, the epoch and the position.
    static func forSample(seed: UInt64, epoch: Int, position: Int) -> AugmentationRandom {
        AugmentationRandom(seed: mix(mix(seed ^ 0x5851_F42D_4C95_7F2D) ^ UInt64(truncatingIfNeeded: epoch)) ^ UInt64(truncatingIfNeeded: position))
    }

    /// The stream that shuffles one epoch.
    static func forShuffle(seed: UInt64, epoch: Int) -> AugmentationRandom {
        AugmentationRandom(seed: mix(mix(seed ^ 0x2545_F491_4F6C_DD1D) ^ UInt64(truncatingIfNeeded: epoch)))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `low..<high` (Double).
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Uniform integer in `0..<bound` (bound > 0), by multiply-shift: the same on every platform
    /// and Swift version, unlike `Int.random(in:using:)`.
    mutating func integer(below bound: Int) -> Int {
        Int((UInt64(bound).multipliedFullWidth(by: next())).high)
    }

    /// A random permutation of `0..<count` (Fisher–Yates).
    mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, integer(below: i + 1)) }
        }
        return order
    }
}
