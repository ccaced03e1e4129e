/// y = x·Wᵀ + b.  x: [N, in] (or [..., in]), weight: [out, in], bias: [out].
/// Initialised as PyTorch does: U(−1/√in, 1/√in) for both.
public final class Linear: Module {
    public override var extraDescription: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias == nil ? "False" : "True")"
    }

    public var weight: Tensor
    public var bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) {
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Tensor.uniform([outFeatures, inFeatures], low: -bound, high: bound, requiresGrad: true)
        self.bias = bias ? Tensor.uniform([outFeatures], low: -bound, high: bound, requiresGrad: true) : nil
        super.init()
    }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public override var localParameters: [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public override func forward(_ x: Tensor) -> Tensor {
        if x.rank == 2 { return Tensor.linear(x, weight: weight, bias: bias) }
        let lead = Array(x.shape.dropLast())
        return Tensor.linear(x.reshape([-1, inFeatures]), weight: weight, bias: bias).reshape(lead + [outFeatures])
    }
}
