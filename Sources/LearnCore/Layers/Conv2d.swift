/// 2-D convolution over [N, C, H, W]; weight [out, in, k, k] (OIHW), optional bias [out].
/// Initialised as PyTorch does: U(−1/√fanIn, 1/√fanIn), fanIn = in·k·k.
public final class Conv2d: Module {
    public override var extraDescription: String {
        let k = weight.shape
        var s = "\(k[1]), \(k[0]), kernel_size=(\(k[2]), \(k[3])), stride=(\(stride), \(stride))"
        if padding != 0 { s += ", padding=(\(padding), \(padding))" }
        if bias == nil { s += ", bias=False" }
        return s
    }

    public var weight: Tensor
    public var bias: Tensor?
    public let stride: Int
    public let padding: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true) {
        let bound = 1 / Float(inChannels * kernelSize * kernelSize).squareRoot()
        weight = Tensor.uniform([outChannels, inChannels, kernelSize, kernelSize], low: -bound, high: bound,
                                requiresGrad: true)
        self.bias = bias ? Tensor.uniform([outChannels], low: -bound, high: bound, requiresGrad: true) : nil
        self.stride = stride
        self.padding = padding
        super.init()
    }

    public override var localParameters: [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public override func forward(_ x: Tensor) -> Tensor {
        Tensor.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
