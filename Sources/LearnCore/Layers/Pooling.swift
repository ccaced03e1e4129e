/// Max pooling over [N, C, H, W]; stride defaults to the kernel size.
public final class MaxPool2d: Module {
    public override var extraDescription: String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=1, ceil_mode=False"
    }

    public let kernelSize: Int, stride: Int, padding: Int
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }
    public override func forward(_ x: Tensor) -> Tensor {
        Tensor.maxPool2d(x, kernel: kernelSize, stride: stride, padding: padding)
    }
}

/// Average pooling over [N, C, H, W] (padding counted in the divisor, as PyTorch's default).
public final class AvgPool2d: Module {
    public override var extraDescription: String { "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding)" }

    public let kernelSize: Int, stride: Int, padding: Int
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }
    public override func forward(_ x: Tensor) -> Tensor {
        Tensor.avgPool2d(x, kernel: kernelSize, stride: stride, padding: padding)
    }
}

/// Average pooling to a fixed output size whatever the input size.
public final class AdaptiveAvgPool2d: Module {
    public override var extraDescription: String {
        square ? "output_size=\(outputSize.0)" : "output_size=(\(outputSize.0), \(outputSize.1))"
    }

    public let outputSize: (Int, Int)
    private let square: Bool
    public init(_ outputSize: Int) { self.outputSize = (outputSize, outputSize); square = true }
    public init(_ height: Int, _ width: Int) { outputSize = (height, width); square = false }
    public override func forward(_ x: Tensor) -> Tensor {
        Tensor.adaptiveAvgPool2d(x, outH: outputSize.0, outW: outputSize.1)
    }
}
