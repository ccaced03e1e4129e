/// Modules applied in order; children are named "0", "1", … as in PyTorch.
public final class Sequential: Module {
    public var layers: [Module]

    public init(_ layers: [Module]) { self.layers = layers }
    public convenience init(_ layers: Module...) { self.init(layers) }

    public override var children: [(String, Module)] { layers.enumerated().map { (String($0.offset), $0.element) } }
    public override func forward(_ x: Tensor) -> Tensor { layers.reduce(x) { $1($0) } }
    public subscript(i: Int) -> Module {
        get { layers[i] }
        set { layers[i] = newValue }
    }
    public var count: Int { layers.count }
}

/// Collapses the axes from `startAxis` on into one (default keeps the batch axis).
public final class Flatten: Module {
    public override var extraDescription: String { "start_dim=\(startAxis), end_dim=-1" }

    public let startAxis: Int
    public init(startAxis: Int = 1) { self.startAxis = startAxis }
    public override func forward(_ x: Tensor) -> Tensor { x.flatten(startAxis: startAxis) }
}

/// Passes its input through unchanged.
public final class Identity: Module {
    public override init() {}
    public override func forward(_ x: Tensor) -> Tensor { x }
}

/// In training, zeroes each element with probability p and scales the rest by 1/(1−p);
/// in evaluation, does nothing. Masks come from the global seeded generator.
public final class Dropout: Module {
    public override var extraDescription: String { "p=\(p), inplace=False" }

    public let p: Float
    public init(_ p: Float = 0.5) {
        require(p >= 0 && p < 1, "dropout probability must be in [0, 1)")
        self.p = p
    }
    public override func forward(_ x: Tensor) -> Tensor {
        guard isTraining && p > 0 else { return x }
        let keep = 1 / (1 - p)
        let mask = (0..<x.count).map { _ in defaultGenerator.nextUniform() >= p ? keep : 0 }
        return x * Tensor(shape: x.shape, scalars: mask)
    }
}
