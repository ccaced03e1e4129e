extension Tensor {
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 0, requiresGrad: requiresGrad)
    }
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, requiresGrad: requiresGrad)
    }
    public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, data: [Float](repeating: value, count: shape.product), requiresGrad: requiresGrad)
    }
    public static func zeros(like t: Tensor) -> Tensor { zeros(t.shape) }
    public static func ones(like t: Tensor) -> Tensor { ones(t.shape) }

    /// The identity matrix.
    public static func eye(_ n: Int) -> Tensor {
        var d = [Float](repeating: 0, count: n * n)
        for i in 0..<n { d[i * n + i] = 1 }
        return Tensor(shape: [n, n], data: d)
    }

    /// `start, start + step, …` below `end`, like `torch.arange`.
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1, requiresGrad: Bool = false) -> Tensor {
        require(step != 0, "arange step must not be zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor(shape: [n], data: (0..<n).map { start + Float($0) * step }, requiresGrad: requiresGrad)
    }

    /// `count` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`.
    public static func linspace(_ start: Float, _ end: Float, count: Int, requiresGrad: Bool = false) -> Tensor {
        require(count >= 0, "linspace count must not be negative")
        let step = count > 1 ? (end - start) / Float(count - 1) : 0
        // PyTorch fills the second half from the end so that `end` is exact.
        let half = count / 2
        let d = (0..<count).map { i in i < half ? start + step * Float(i) : end - step * Float(count - 1 - i) }
        return Tensor(shape: [count], data: d, requiresGrad: requiresGrad)
    }

    /// Uniform in [0, 1), from the global seeded generator.
    public static func rand(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        uniform(shape, low: 0, high: 1, requiresGrad: requiresGrad)
    }
    /// Standard normal, from the global seeded generator.
    public static func randn(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        normal(shape, mean: 0, std: 1, requiresGrad: requiresGrad)
    }
    public static func uniform(_ shape: [Int], low: Float, high: Float, requiresGrad: Bool = false) -> Tensor {
        let d = (0..<shape.product).map { _ in low + (high - low) * defaultGenerator.nextUniform() }
        return Tensor(shape: shape, data: d, requiresGrad: requiresGrad)
    }
    public static func normal(_ shape: [Int], mean: Float, std: Float, requiresGrad: Bool = false) -> Tensor {
        let d = (0..<shape.product).map { _ in mean + std * defaultGenerator.nextNormal() }
        return Tensor(shape: shape, data: d, requiresGrad: requiresGrad)
    }
}

extension IntTensor {
    public static func zeros(_ shape: [Int]) -> IntTensor {
        IntTensor(shape: shape, scalars: [Int](repeating: 0, count: shape.product))
    }
    public static func arange(_ n: Int) -> IntTensor { IntTensor(Array(0..<n)) }
}
