public final class ReLU: Module {
    public override init() {}
    public override func forward(_ x: Tensor) -> Tensor { x.relu() }
}

public final class Sigmoid: Module {
    public override init() {}
    public override func forward(_ x: Tensor) -> Tensor { x.sigmoid() }
}

public final class Tanh: Module {
    public override init() {}
    public override func forward(_ x: Tensor) -> Tensor { x.tanh() }
}

public final class LeakyReLU: Module {
    public let slope: Float
    public init(_ slope: Float = 0.01) { self.slope = slope }
    public override func forward(_ x: Tensor) -> Tensor { x.leakyRelu(slope) }
}

/// Softmax along an axis (for outputs; train on logits with `crossEntropy`).
public final class Softmax: Module {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public override func forward(_ x: Tensor) -> Tensor { x.softmax(axis: axis) }
}
